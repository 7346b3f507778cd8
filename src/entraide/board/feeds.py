"""The Atom feed of open posts, with the board's filters."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from .forms import FilterForm
from .models import Post


class PostFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> HttpRequest:
        return request

    def title(self, request: HttpRequest) -> str:
        return _("Mutual-aid board · %(territory)s") % {"territory": request.territory.name}

    def link(self, request: HttpRequest) -> str:
        query = request.GET.urlencode()
        return reverse("board:list") + (f"?{query}" if query else "")

    def subtitle(self, request: HttpRequest) -> str:
        return _("Open requests and offers of help between residents.")

    def items(self, request: HttpRequest):
        posts = Post.objects.in_territory(request.territory).open().for_cards()
        form = FilterForm(request.GET or None, territory=request.territory)
        return form.apply(posts).order_by("-created_at")[:50]

    def item_title(self, post: Post) -> str:
        return f"[{post.get_kind_display()}] {post.title}"

    def item_description(self, post: Post) -> str:
        # The feed says type="html": escape, so that nothing in a post is ever markup.
        return escape(
            f"{post.category.display_name} · {post.public_location} · {post.when_display()}. {post.body}"
        )

    def item_pubdate(self, post: Post):
        return post.created_at

    def item_updateddate(self, post: Post):
        return post.updated_at

    def item_author_name(self, post: Post) -> str:
        return post.author.display_name

    def item_categories(self, post: Post) -> list[str]:
        return [post.category.display_name]
