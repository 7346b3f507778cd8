"""Multi-step operations on the directory, each in one transaction."""

from django.core.mail import send_mail
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from entraide.people.models import User
from entraide.territories.models import Territory

from .enums import CorrectionState, Publication
from .models import Correction, Holder, Initiative

# Addresses under /initiatives/ that an entry's slug must not take.
RESERVED_SLUGS = {
    "carte",
    "integrer",
    "proposer",
    "a-valider",
    "a-verifier",
    "import",
    "export",
    "corrections",
    "porteurs",
    "annuaire",
    "annuaire-pdf",
}


def unique_slug(territory: Territory, name: str, exclude_pk: int | None = None) -> str:
    base = (slugify(name) or "initiative")[:70].strip("-") or "initiative"
    if base in RESERVED_SLUGS:
        base = f"{base}-initiative"
    existing = set(
        Initiative.objects.in_territory(territory)
        .filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


def refresh_search_text(initiative: Initiative) -> None:
    names = [c.name for c in initiative.categories.all()]
    initiative.search_text = initiative.search_words(names)
    Initiative.objects.filter(pk=initiative.pk).update(search_text=initiative.search_text)


def _save_form(form, initiative: Initiative) -> Initiative:
    initiative.save()
    form.save_m2m()
    refresh_search_text(initiative)
    return initiative


@transaction.atomic
def propose_initiative(
    *, form, user: User, territory: Territory, publish: bool = False, holder: bool = False
) -> Initiative:
    """Create an entry from a valid form: proposed, or published at once by a referent.

    With `holder`, the author says they run it: a holder link awaits the referent's confirmation
    (confirmed at once when the author is the referent who validates).
    """
    initiative = form.save(commit=False)
    initiative.territory = territory
    initiative.slug = unique_slug(territory, initiative.name)
    initiative.proposed_by = user
    initiative.publication = Publication.PUBLISHED if publish else Publication.PROPOSED
    _save_form(form, initiative)
    if holder:
        Holder.objects.create(initiative=initiative, user=user, confirmed=publish)
    return initiative


@transaction.atomic
def update_initiative(*, form) -> Initiative:
    initiative = form.save(commit=False)
    initiative.last_checked_on = timezone.localdate()
    return _save_form(form, initiative)


@transaction.atomic
def publish(initiative: Initiative) -> Initiative:
    initiative.publication = Publication.PUBLISHED
    initiative.duplicate_of = None
    initiative.last_checked_on = timezone.localdate()
    initiative.save(update_fields=["publication", "duplicate_of", "last_checked_on", "updated_at"])
    return initiative


@transaction.atomic
def refuse(initiative: Initiative) -> None:
    """A proposal that will not be published is removed (published entries are kept: mark them dormant)."""
    if initiative.publication != Publication.PROPOSED:
        raise ValueError("Only a proposal can be refused.")
    initiative.delete()


@transaction.atomic
def confirm_up_to_date(initiative: Initiative) -> Initiative:
    initiative.last_checked_on = timezone.localdate()
    initiative.save(update_fields=["last_checked_on", "updated_at"])
    return initiative


def form_data(form) -> dict[str, list[str]]:
    """The submitted values of a form's own fields, as lists (to re-bind the form later)."""
    data = form.data
    names = [form.add_prefix(name) for name in form.fields]
    if isinstance(data, QueryDict):
        return {name: data.getlist(name) for name in names if name in data}
    return {name: [str(data[name])] for name in names if name in data}


@transaction.atomic
def propose_correction(*, form, user: User, note: str = "") -> Correction:
    return Correction.objects.create(
        initiative=form.instance,
        proposed_by=user,
        data=form_data(form),
        changed_fields=list(form.changed_data),
        note=note,
    )


@transaction.atomic
def apply_correction(correction: Correction, form) -> Initiative:
    """Apply a correction through the same form (bound to its data) so that the same rules hold."""
    initiative = update_initiative(form=form)
    correction.state = CorrectionState.APPLIED
    correction.save(update_fields=["state"])
    return initiative


@transaction.atomic
def dismiss_correction(correction: Correction) -> None:
    correction.state = CorrectionState.DISMISSED
    correction.save(update_fields=["state"])


@transaction.atomic
def claim(initiative: Initiative, user: User, role: str = "") -> Holder:
    holder, created = Holder.objects.get_or_create(initiative=initiative, user=user, defaults={"role": role})
    if not created and role:
        holder.role = role
        holder.save(update_fields=["role"])
    return holder


@transaction.atomic
def confirm_holder(holder: Holder) -> Holder:
    holder.confirmed = True
    holder.save(update_fields=["confirmed"])
    return holder


@transaction.atomic
def remove_holder(holder: Holder) -> None:
    holder.delete()


def ask_holders_to_confirm(initiatives, *, base_url: str) -> int:
    """Email the confirmed holders of each stale entry, asking them to check it. Returns emails sent."""
    sent = 0
    holders = (
        Holder.objects.filter(initiative__in=initiatives, confirmed=True, user__email__isnull=False)
        .select_related("initiative", "user")
        .order_by("initiative__name")
    )
    for holder in holders:
        url = base_url.rstrip("/") + holder.initiative.get_absolute_url()
        send_mail(
            gettext("Is “%(name)s” still up to date?") % {"name": holder.initiative.name},
            gettext(
                "Hello,\n\nThe entry of “%(name)s” in the directory of mutual aid has not been checked "
                "for a year. Please check it and confirm it is up to date, or correct it:\n%(url)s\n\n"
                "Thank you."
            )
            % {"name": holder.initiative.name, "url": url},
            None,
            [holder.user.email],
        )
        sent += 1
    return sent
