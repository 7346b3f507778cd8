"""What people add to the personal home and to the referent's desk (entraide.core.home)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.home import Item, Section, first_items

from . import rules
from .models import User


def personal(request: HttpRequest) -> list[Section]:
    """A profile without a commune: the board and the referents cannot find the person's neighbours."""
    if request.user.commune_id:
        return []
    url = reverse("people:profile")
    return [Section(_("Your profile"), url, [Item(_("Say which commune you live in"), url)], order=90)]


def desk(request: HttpRequest) -> list[Section]:
    """The people without internet the referent answers for."""
    communes = rules.communes_looked_after(request.user, request.territory)
    people = (
        User.objects.in_territory(request.territory)
        .residents()
        .filter(is_assisted=True, commune__in=communes)
        .select_related("commune")
        .order_by("-date_joined")
    )
    items, count = first_items(
        people,
        lambda person: Item(
            label=person.display_name,
            url=reverse("people:person", kwargs={"public_id": person.public_id}),
            detail=person.commune.name if person.commune_id else "",
        ),
    )
    return [Section(_("People you answer for"), reverse("people:list"), items, count, order=70)]
