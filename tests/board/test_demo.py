import pytest
from django.core.management import call_command

from entraide.board.enums import PostStatus
from entraide.board.models import Conversation, Exchange, Message, Post

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Post, Conversation, Message, Exchange)]


def test_the_demo_adds_a_living_board_once():
    call_command("demo", quiet_logins=True)
    first = counts()
    assert 35 <= first[0] <= 45
    assert Post.objects.filter(status=PostStatus.IN_PROGRESS).exists()
    # Exchanges recorded from posts; the evaluation demo adds a year of help recorded at the desk.
    assert (
        Post.objects.filter(status=PostStatus.DONE).count()
        == Exchange.objects.filter(post__isnull=False).count()
        > 0
    )
    assert Post.objects.filter(urgent=True).exists()
    desk = Post.objects.get(entered_by__isnull=False)
    assert desk.author.display_name == "Germaine V." and desk.author.is_assisted
    call_command("demo", quiet_logins=True)
    assert counts() == first


def test_demo_posts_fall_on_the_day_their_words_name():
    """Issue 9 item 11: no "le vendredi — chaque lundi", no "mardi soir — le lundi 7 décembre"."""
    from entraide.board.demo import named_weekday
    from entraide.board.enums import When

    call_command("demo", quiet_logins=True)
    checked = 0
    for post in Post.objects.filter(when__in=[When.DATE, When.WEEKLY]):
        named = named_weekday(f"{post.title} {post.body}".lower())
        if named is None:
            continue
        day = post.when_weekday if post.when == When.WEEKLY else post.when_date.weekday()
        assert day == named, (post.title, post.when_display())
        checked += 1
    assert checked >= 3
