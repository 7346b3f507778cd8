import contextlib
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.dates import BoundedDateField
from entraide.people.models import User
from entraide.territories.models import Territory

from .enums import AccountKind
from .formatting import DurationParseError, parse_duration
from .models import MAX_CLAIM_MINUTES, Account


class DurationField(forms.CharField):
    """A duration typed as people say it ("1 h 30", "45 min", "1,5 h"), cleaned to whole
    minutes. The unit is always said: a bare number ("3") is refused with a question."""

    def __init__(self, *, max_minutes: int | None = MAX_CLAIM_MINUTES, **kwargs):
        kwargs.setdefault("label", _("Duration"))
        kwargs.setdefault("help_text", _("For example: 1 h 30, 45 min or 2 h."))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.max_minutes = max_minutes
        self.widget.attrs.update({"inputmode": "text", "autocomplete": "off", "size": 10})

    def clean(self, value):
        value = super().clean(value)
        if not value and not self.required:
            return None
        try:
            minutes = parse_duration(value)
        except DurationParseError as error:
            raise forms.ValidationError(str(error)) from error
        if minutes <= 0:
            raise forms.ValidationError(_("The duration must be more than zero."))
        if self.max_minutes and minutes > self.max_minutes:
            raise forms.ValidationError(_("One piece of help lasts 24 hours at most."))
        return minutes


class IdempotentForm(forms.Form):
    """Every transfer form carries a key made when it is shown: a resubmission records nothing twice."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class ExchangeClaimForm(IdempotentForm):
    """Record an exchange of the board: one click, the duration prefilled and changeable."""

    minutes = DurationField(required=False)


def _date_field(label):
    """A day of help: today or up to a year back (the services check the same)."""
    return BoundedDateField(label=label, initial=timezone.localdate, days_before=366, days_after=0)


class PersonAccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, account: Account) -> str:
        if account.kind == AccountKind.PERSON and account.owner.commune_id:
            return f"{account.owner.display_name} ({account.owner.commune.name})"
        return account.label


PEOPLE_SHOWN = 30


def partner_ids(user: User) -> set[int]:
    """The people `user` helped, was helped by, or talked with on the board (bounded)."""
    from entraide.board.models import Conversation, Exchange

    ids = set(Exchange.objects.filter(helper=user).values_list("receiver_id", flat=True)[:100])
    ids |= set(Exchange.objects.filter(receiver=user).values_list("helper_id", flat=True)[:100])
    ids |= set(Conversation.objects.filter(replier=user).values_list("post__author_id", flat=True)[:100])
    ids |= set(Conversation.objects.filter(post__author=user).values_list("replier_id", flat=True)[:100])
    return ids


class PeopleChoiceMixin:
    """A select of people that stays small whatever the size of the territory.

    It offers the people one exchanged or talked with, or those whose name matches
    `search`; any member is still accepted, so a bookmarked or replayed form works.
    """

    def offer_people(self, name: str, user: User, search: str, *, accounts=None, first=None) -> None:
        field = self.fields[name]
        accounts = field.queryset if accounts is None else accounts
        if search:
            shown = list(accounts.filter(owner__display_name__icontains=search)[:PEOPLE_SHOWN])
        else:
            shown = list(accounts.filter(owner_id__in=partner_ids(user))[:PEOPLE_SHOWN])
        selected = self.data.get(self.add_prefix(name)) or self.initial.get(name)
        if selected and all(str(a.public_id) != str(selected) for a in shown):
            with contextlib.suppress(ValidationError, ValueError):
                shown += list(accounts.filter(public_id=selected)[:1])
        options = [(str(a.public_id), field.label_from_instance(a)) for a in [*(first or []), *shown]]
        field.choices = [("", "---------"), *options] if field.empty_label is not None else options


def member_accounts(territory: Territory, exclude: User | None = None):
    accounts = (
        Account.objects.in_territory(territory)
        .people()
        .filter(is_frozen=False, owner__is_active=True)
        .select_related("owner__commune")
        .order_by("owner__display_name")
    )
    return accounts.exclude(owner=exclude) if exclude is not None else accounts


class ClaimForm(PeopleChoiceMixin, IdempotentForm):
    receiver = PersonAccountChoiceField(
        queryset=Account.objects.none(), to_field_name="public_id", label=_("Person you helped")
    )
    minutes = DurationField()
    happened_on = _date_field(_("Date"))
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Category"), required=False)
    description = forms.CharField(label=_("What you did"), max_length=200)

    field_order = ["receiver", "minutes", "happened_on", "category", "description", "idempotency_key"]

    def __init__(self, *args, territory: Territory, helper: User, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = member_accounts(territory, exclude=helper)
        self.fields["category"].queryset = Category.objects.in_territory(territory).active()
        self.offer_people("receiver", helper, search)


class GiftForm(PeopleChoiceMixin, IdempotentForm):
    payee = PersonAccountChoiceField(
        queryset=Account.objects.none(), to_field_name="public_id", label=_("To")
    )
    minutes = DurationField()
    description = forms.CharField(label=_("What for"), max_length=200, required=False)

    def __init__(self, *args, territory: Territory, giver: User, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        people = member_accounts(territory, exclude=giver)
        pools = Account.objects.in_territory(territory).filter(kind=AccountKind.POOL)
        self.fields["payee"].queryset = (
            (pools | people).select_related("owner__commune").order_by("-kind", "owner__display_name")
        )
        # Nothing is chosen for the giver ("Donate to the pool" links with ?fonds=1): the solidarity
        # pool comes first, then a small list of people.
        self.offer_people("payee", giver, search, accounts=people, first=list(pools))


class AnswerForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=200, required=False)


class SettleForm(forms.Form):
    """A referent settles a dispute: the duration that moves (the recorded one or less), and why."""

    minutes = DurationField(label=_("Duration that moves"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Both people receive it by email and see it in the help's history."),
    )


class ReasonForm(IdempotentForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReverseForm(ReasonForm):
    limit_exception = forms.BooleanField(
        label=_("Reverse it even if an account passes its lowest or highest balance"),
        help_text=_("An exception: it is recorded in the log with your reason."),
        required=False,
    )


class GrantForm(IdempotentForm):
    payee = PersonAccountChoiceField(
        queryset=Account.objects.none(), to_field_name="public_id", label=_("Person receiving the hours")
    )
    minutes = DurationField(max_minutes=40 * 60)
    reason = forms.CharField(
        label=_("Reason"), max_length=200, help_text=_("Why this person receives hours from the pool.")
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payee"].queryset = accounts


class AdjustForm(IdempotentForm):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[
            ("add", _("Add hours (taken from the pool)")),
            ("remove", _("Remove hours (back to the pool)")),
        ],
        widget=forms.RadioSelect,
    )
    minutes = DurationField(max_minutes=40 * 60)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class FreezeForm(forms.Form):
    """Says the state wanted, not "change it": sent twice, it freezes once."""

    frozen = forms.TypedChoiceField(
        choices=[("1", _("Frozen")), ("0", _("Open"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PaperChequeForm(IdempotentForm):
    receiver = PersonAccountChoiceField(
        queryset=Account.objects.none(), to_field_name="public_id", label=_("Person who was helped (pays)")
    )
    helper = PersonAccountChoiceField(
        queryset=Account.objects.none(), to_field_name="public_id", label=_("Person who helped (receives)")
    )
    minutes = DurationField()
    happened_on = _date_field(_("Date on the cheque"))
    description = forms.CharField(label=_("What was done"), max_length=200)

    def __init__(self, *args, territory: Territory, accounts, referent: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = accounts
        # A party never enters a movement: the referent is not offered as the helper.
        self.fields["helper"].queryset = member_accounts(territory, exclude=referent)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("receiver") and cleaned.get("receiver") == cleaned.get("helper"):
            self.add_error("helper", _("The two people must be different."))
        return cleaned


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=60)
    commune = forms.ModelChoiceField(queryset=None, label=_("Commune"), required=False)
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All accounts")),
            ("negative", _("Negative balance")),
            ("positive", _("Positive balance")),
            ("frozen", _("Frozen accounts")),
        ],
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
