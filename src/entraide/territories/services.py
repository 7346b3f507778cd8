"""Creating territories from the official lists."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.core.discovery import app_modules

from . import official
from .models import Commune, Territory, TerritoryHost, normalise_host


class TerritoryError(ValueError):
    """A territory cannot be created as asked; the message says why, in French."""


def resolve_communes(*, epci_siren: str | None = None, insee_codes: list[str] | None = None):
    """The official communes of an EPCI, or of a list of INSEE codes."""
    known = official.communes()
    if epci_siren:
        epci = official.epcis().get(epci_siren)
        if epci is None:
            raise TerritoryError(_("Unknown intercommunality SIREN: %(siren)s.") % {"siren": epci_siren})
        codes = list(epci.member_codes)
        missing = [c for c in codes if c not in known]
        if missing:
            raise TerritoryError(
                _("The official list shipped with Entraide lacks these communes of %(epci)s: %(codes)s.")
                % {"epci": epci.name, "codes": ", ".join(missing)}
            )
        return epci.name, [known[c] for c in codes]
    codes = insee_codes or []
    if not codes:
        raise TerritoryError(_("Give an intercommunality SIREN or at least one INSEE code."))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise TerritoryError(_("Unknown INSEE codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    return None, [known[c] for c in codes]


@transaction.atomic
def create_territory(
    *,
    name: str | None = None,
    slug: str | None = None,
    epci_siren: str | None = None,
    insee_codes: list[str] | None = None,
    hosts: list[str] | tuple[str, ...] = (),
    is_demo: bool = False,
) -> Territory:
    """Create a territory and its communes from the official list, with what each app needs to
    start (the `ensure_defaults(territory)` of every app's `defaults.py`: the board's categories,
    the kinds of meetups…); idempotent on `slug`, and never overwrites what was edited."""
    epci_name, communes = resolve_communes(epci_siren=epci_siren, insee_codes=insee_codes)
    name = name or epci_name or communes[0].name
    slug = slug or slugify(name)
    territory, _created = Territory.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": Territory.Kind.EPCI if epci_siren else Territory.Kind.COMMUNE,
            "epci_siren": epci_siren or "",
            "is_demo": is_demo,
        },
    )
    add_hosts(territory, hosts)
    taken = Commune.objects.filter(insee_code__in=[c.insee_code for c in communes]).exclude(
        territory=territory
    )
    if taken.exists():
        raise TerritoryError(
            _("These communes already belong to another territory: %(names)s.")
            % {"names": ", ".join(c.name for c in taken)}
        )
    for commune in communes:
        Commune.objects.update_or_create(
            insee_code=commune.insee_code,
            defaults={
                "territory": territory,
                "name": commune.name,
                "postal_codes": commune.postal_codes,
                "population": commune.population,
            },
        )
    for module in app_modules("defaults"):
        module.ensure_defaults(territory)
    return territory


def add_hosts(territory: Territory, hosts) -> None:
    """Serve `territory` on `hosts` too; a host name serving another territory is refused."""
    for host in hosts:
        name = normalise_host(host)
        owner = TerritoryHost.objects.filter(name=name).exclude(territory=territory).first()
        if owner is not None:
            raise TerritoryError(
                _("The host name %(host)s already serves %(territory)s.")
                % {"host": name, "territory": owner.territory.name}
            )
        TerritoryHost.objects.get_or_create(territory=territory, name=name)
