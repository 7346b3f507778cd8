import re

from django import forms
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.core.dates import BoundedDateField
from entraide.people.forms import TerritoryPlacesMixin
from entraide.territories.forms import NeighbourhoodField
from entraide.territories.models import Commune, Neighbourhood, Territory

from .enums import Frequency, ModerationKind, PostKind, Scope, When
from .models import NotificationPreference, Post


def plain_text(value: str) -> str:
    """Posts and messages are plain text: refuse HTML tags with a clear message (output is escaped anyway)."""
    value = value.strip()
    if strip_tags(value) != value:
        raise forms.ValidationError(_("Write plain text: HTML tags are not accepted."))
    return value


POST_DAYS_AHEAD = 366  # a post is about the coming year, not 9999
EXCHANGE_DAYS_BACK = 2 * 366  # an exchange recorded late, but not decades ago

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")


def no_contact_details(value: str) -> str:
    """Posts are public: refuse an email or a phone number in them (people talk privately)."""
    if EMAIL.search(value) or PHONE.search(value):
        raise forms.ValidationError(
            _("No phone number or email on the board: it is public. You will talk privately.")
        )
    return value


class PostForm(TerritoryPlacesMixin, forms.ModelForm):
    """Under a minute: kind, title, a few lines, category, place, when."""

    kind = forms.ChoiceField(
        label=_("Request or offer"),
        choices=[(PostKind.REQUEST, _("I need a hand (request)")), (PostKind.OFFER, _("I can help (offer)"))],
        widget=forms.RadioSelect,
    )
    when_date = BoundedDateField(
        label=_("Date (or first day of the period)"), required=False, days_after=POST_DAYS_AHEAD
    )
    when_until = BoundedDateField(
        label=_("Last day of the period"), required=False, days_after=POST_DAYS_AHEAD
    )

    class Meta:
        model = Post
        fields = [
            "kind",
            "title",
            "body",
            "category",
            "commune",
            "neighbourhood",
            "when",
            "when_date",
            "when_until",
            "when_weekday",
            "urgent",
        ]
        labels = {
            "title": _("In a few words"),
            "body": _("Details (optional)"),
            "urgent": _("Urgent (requests only)"),
        }
        help_texts = {
            "title": _("e.g. “A lift to the market on Saturday”."),
            "body": _("No address, phone or email here: you will talk privately."),
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 4}),
            "when": forms.RadioSelect,
        }
        field_classes = {"neighbourhood": NeighbourhoodField}

    # Optional, folded in a <details> after the required choices: fewer Tab stops to publish.
    folded_fields = ("body", "neighbourhood", "urgent")
    folded_label = _("More (optional): details, neighbourhood, urgent")

    def __init__(self, *args, territory: Territory, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_places(territory)
        if communes is not None:
            self.fields["commune"].queryset = communes
        self.fields["category"].queryset = Category.objects.in_territory(territory).active()
        self.fields["neighbourhood"].required = False

    def _clean_text(self, name: str) -> str:
        return plain_text(self.cleaned_data.get(name) or "")

    def clean_title(self) -> str:
        title = self._clean_text("title")
        if not title:
            raise forms.ValidationError(_("Say in a few words what it is about."))
        return no_contact_details(title)

    def clean_body(self) -> str:
        return no_contact_details(self._clean_text("body"))

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("when")
        start, until, weekday = (
            cleaned.get("when_date"),
            cleaned.get("when_until"),
            cleaned.get("when_weekday"),
        )
        today = timezone.localdate()
        if when in (When.DATE, When.PERIOD) and not start:
            self.add_error("when_date", _("Give the date."))
        if start and start < today and (self.instance.pk is None or "when_date" in self.changed_data):
            self.add_error("when_date", _("This date is in the past."))
        if when == When.PERIOD:
            if not until:
                self.add_error("when_until", _("Give the last day of the period."))
            elif start and until < start:
                self.add_error("when_until", _("The period ends before it starts."))
        if when == When.WEEKLY and weekday is None:
            self.add_error("when_weekday", _("Choose the day of the week."))
        # Keep only what the chosen "when" uses (a date left in a hidden field is no error).
        if when != When.PERIOD:
            cleaned["when_until"] = None
            self._errors.pop("when_until", None)
        if when not in (When.DATE, When.PERIOD):
            cleaned["when_date"] = None
            self._errors.pop("when_date", None)
        if when != When.WEEKLY:
            cleaned["when_weekday"] = None
        if cleaned.get("kind") == PostKind.OFFER and cleaned.get("urgent"):
            self.add_error("urgent", _("Only a request can be urgent: untick “Urgent” for an offer."))
        return cleaned

    def _post_clean(self):
        # Fields cleared in clean() must reach the instance too.
        super()._post_clean()
        for name in ("when_date", "when_until", "when_weekday", "urgent"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])

    def validate_unique(self):
        # The reference is set by the service; nothing else is unique.
        pass


class DeskPostForm(PostForm):
    """The same form at the desk, for an assisted person of the referent's communes."""

    person = forms.ModelChoiceField(queryset=None, label=_("For whom"), empty_label=None)

    field_order = ["person"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["kind"].initial = PostKind.REQUEST  # the desk mostly posts requests
        self.order_fields(["person", *self.Meta.fields])


class FilterForm(forms.Form):
    """The board's filters (GET); every field optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Requests or offers"), required=False, choices=[("", _("Both")), *PostKind.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=None, required=False, empty_label=_("All"), to_field_name="slug"
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("All"), to_field_name="insee_code"
    )
    neighbourhood = NeighbourhoodField(required=False, empty_label=_("All"), to_field_name="public_id")
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)

    def __init__(self, data, *, territory: Territory, categories=None, communes=None, neighbourhoods=None):
        super().__init__(data)
        self.fields["category"].queryset = (
            categories if categories is not None else Category.objects.in_territory(territory).active()
        )
        self.fields["commune"].queryset = (
            communes if communes is not None else Commune.objects.in_territory(territory)
        )
        self.fields["neighbourhood"].queryset = (
            neighbourhoods if neighbourhoods is not None else Neighbourhood.objects.in_territory(territory)
        )

    def active_count(self) -> int:
        """How many filters the person set (the board's fold shows them open when any is)."""
        if not self.is_bound:
            return 0
        return sum(1 for name in self.fields if self.data.get(name))

    def apply(self, posts):
        if not self.is_valid():
            return posts
        data = self.cleaned_data
        from entraide.core.search import matches

        if data["q"]:
            posts = posts.filter(matches(data["q"]))
        if data["kind"]:
            posts = posts.filter(kind=data["kind"])
        for name in ("category", "commune", "neighbourhood"):
            if data[name] is not None:
                posts = posts.filter(**{name: data[name]})
        if data["urgent"]:
            posts = posts.filter(urgent=True)
        return posts


class HelperFilterForm(forms.Form):
    """“Who can help?” by theme and neighbourhood (GET); every field optional."""

    category = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes"), to_field_name="slug"
    )
    neighbourhood = NeighbourhoodField(
        required=False, empty_label=_("All neighbourhoods"), to_field_name="public_id"
    )

    def __init__(self, data, *, territory: Territory):
        super().__init__(data)
        self.fields["category"].queryset = Category.objects.in_territory(territory).active()
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(territory)

    def apply(self, people):
        if not self.is_valid():
            return people
        if self.cleaned_data["category"] is not None:
            people = people.filter(help_categories=self.cleaned_data["category"])
        if self.cleaned_data["neighbourhood"] is not None:
            people = people.filter(neighbourhood=self.cleaned_data["neighbourhood"])
        return people


class AskHelperForm(forms.Form):
    """Write to someone listed on “Who can help?”, about one of one's open requests."""

    post = forms.ChoiceField(label=_("About which of your requests?"))
    body = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only this person will read it. Do not give your address or phone yet."),
    )

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.posts = {post.reference: post for post in posts}
        self.fields["post"].choices = [(post.reference, post.title) for post in self.posts.values()]
        if len(self.posts) == 1:
            self.fields["post"].initial = next(iter(self.posts))

    def clean_post(self) -> Post:
        return self.posts[self.cleaned_data["post"]]

    def clean_body(self) -> str:
        body = plain_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write a message."))
        return body


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the author will read it. Do not give your address or phone yet."),
    )

    def clean_body(self) -> str:
        body = plain_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write a message."))
        return body


class MessageForm(ReplyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = ""


class DoneForm(forms.Form):
    conversation = forms.ChoiceField(label=_("With whom?"))
    happened_on = BoundedDateField(
        label=_("When?"), initial=timezone.localdate, days_before=EXCHANGE_DAYS_BACK, days_after=0
    )
    duration_minutes = forms.IntegerField(
        label=_("How long did it take, in minutes? (optional)"), required=False, min_value=1, max_value=1440
    )
    note = forms.CharField(
        label=_("How did it go? (optional, seen only by the referents)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, conversations, **kwargs):
        super().__init__(*args, **kwargs)
        self.conversations = {str(c.public_id): c for c in conversations}
        self.fields["conversation"].choices = [
            (str(c.public_id), c.replier.display_name) for c in conversations
        ]

    def clean_conversation(self):
        return self.conversations[self.cleaned_data["conversation"]]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("How did it go? (seen only by the referents)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The referents of the commune will read it. The author will not know who reported."),
    )


class ModerationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Action"), choices=ModerationKind.choices)
    reason = forms.CharField(label=_("Reason (kept in the log)"), max_length=1000)

    # What the desk's queue offers: for a report, or for a post awaiting approval.
    FOR_REPORT = (ModerationKind.DISMISS, ModerationKind.HIDE, ModerationKind.WARN, ModerationKind.SUSPEND)
    FOR_PENDING_POST = (ModerationKind.APPROVE, ModerationKind.HIDE)

    def __init__(self, *args, offered: tuple[ModerationKind, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if offered:
            # Only the list shown is narrowed: any kind stays valid (restoring, from elsewhere).
            self.fields["kind"].widget.choices = [(kind.value, kind.label) for kind in offered]


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["frequency", "scope", "categories"]
        widgets = {
            "frequency": forms.RadioSelect,
            "scope": forms.RadioSelect,
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.in_territory(territory).active()
        self.fields["frequency"].choices = Frequency.choices
        self.fields["scope"].choices = Scope.choices
