"""The residents' part in the shared diagnosis: people whose profile says they can
help with a theme count as resources (found by `entraide.diagnosis.sources`
through `SOURCES`). Counts of people: below 5 they are not shown on public pages."""

from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.search import words
from entraide.diagnosis.sources import RESOURCE, Source, Tally
from entraide.territories.models import Territory

from .models import User


def _theme_words(category: Category) -> set[str]:
    found = {w for w in words(category.name) if len(w) >= 4}
    found |= {w for w in words(category.slug.replace("-", " ")) if len(w) >= 4}
    return found


def helpers(territory: Territory) -> list[Tally]:
    """People whose profile says they can help with a theme (simple word matching)."""
    themes = [(c.pk, _theme_words(c)) for c in Category.objects.in_territory(territory).active()]
    counts: dict[tuple[int, int, int | None], int] = {}
    people = (
        User.objects.in_territory(territory)
        .residents()
        .exclude(can_help_with="")
        .filter(commune__isnull=False)
        .values_list("commune_id", "neighbourhood_id", "can_help_with")
    )
    for commune_id, neighbourhood_id, text in people.iterator():
        said = set(words(text))
        for category_id, theme_words in themes:
            if any(w.startswith(t) or t.startswith(w) for w in said if len(w) >= 4 for t in theme_words):
                key = (category_id, commune_id, neighbourhood_id)
                counts[key] = counts.get(key, 0) + 1
    return [Tally(c, m, n, count) for (c, m, n), count in counts.items()]


SOURCES = [Source("helpers", _("people who can help"), RESOURCE, helpers, counts_people=True)]
