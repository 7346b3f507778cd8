from django.utils.translation import gettext_lazy as _

from .models import MeetupKind

DEFAULT_KINDS = [
    ("cafe-solidaire", _("Solidarity café")),
    ("forum", _("Forum")),
    ("atelier", _("Workshop")),
    ("repair-cafe", _("Repair café")),
    ("sortie", _("Outing")),
    ("autre", _("Other")),
]


def ensure_default_kinds(territory) -> None:
    """The usual kinds, for a territory that has none yet (referents rename them in the admin)."""
    if MeetupKind.objects.in_territory(territory).exists():
        return
    MeetupKind.objects.bulk_create(
        [
            MeetupKind(territory=territory, slug=slug, name=str(name), position=index)
            for index, (slug, name) in enumerate(DEFAULT_KINDS)
        ],
        ignore_conflicts=True,
    )


# Every new territory starts with these (territories.services.create_territory).
ensure_defaults = ensure_default_kinds
