"""Multi-step operations on the directory, each in one transaction."""

import datetime

from django import forms
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from entraide.core import emails
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


def refresh_search_text_for_category(category) -> int:
    """Recompute the search text of every entry filed under `category` (after it was renamed)."""
    initiatives = list(
        Initiative.objects.filter(categories=category)
        .select_related("commune", "neighbourhood")
        .prefetch_related("categories")
    )
    for initiative in initiatives:
        initiative.search_text = initiative.search_words([c.name for c in initiative.categories.all()])
    Initiative.objects.bulk_update(initiatives, ["search_text"], batch_size=500)
    return len(initiatives)


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
    data, values = form.data, {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(
            field.widget, forms.MultiWidget
        ):  # typed in several boxes (the week's hours): one value
            if name in getattr(form, "cleaned_data", {}):
                values[key] = [str(form.cleaned_data[name] or "")]
        elif isinstance(data, QueryDict):
            if key in data:
                values[key] = data.getlist(key)
        elif key in data:
            values[key] = [str(data[key])]
    return values


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


def remind_stale_holders(
    territory: Territory,
    *,
    today: datetime.date | None = None,
    commune_ids: set[int] | None = None,
) -> tuple[int, list[Initiative]]:
    """Email the confirmed holders of the entries not checked for 12 months, asking them to check them.

    An entry's holders are asked at most once a month (`holders_reminded_on` records when).
    Returns (emails sent, the entries whose holders were asked).
    """
    today = today or timezone.localdate()
    entries = Initiative.objects.in_territory(territory).due_for_reminder(today)
    if commune_ids is not None:
        entries = entries.filter(commune__in=commune_ids)
    holders = (
        Holder.objects.filter(initiative__in=entries, confirmed=True, user__is_active=True)
        .exclude(user__email="")
        .exclude(user__email__isnull=True)
        .select_related("initiative", "user")
        .order_by("initiative__name", "pk")
    )
    by_entry: dict[int, list[Holder]] = {}
    for holder in holders:
        by_entry.setdefault(holder.initiative_id, []).append(holder)
    sent, asked = 0, []
    for links in by_entry.values():
        initiative = links[0].initiative
        url = emails.absolute_url(territory, reverse("directory:detail", kwargs={"slug": initiative.slug}))
        with transaction.atomic():
            for holder in links:
                emails.send(
                    "directory/email/remind_stale",
                    to=holder.user,
                    context={"initiative": initiative, "url": url},
                    territory=territory,
                )
                sent += 1
            Initiative.objects.filter(pk=initiative.pk).update(holders_reminded_on=today)
        initiative.holders_reminded_on = today
        asked.append(initiative)
    return sent, asked
