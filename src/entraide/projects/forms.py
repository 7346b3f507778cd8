import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.core.dates import BoundedDateField
from entraide.people.enums import ConsentMethod
from entraide.territories.forms import NeighbourhoodField, check_neighbourhood_in_commune
from entraide.territories.models import Commune, Neighbourhood

from .enums import GRANTED, Holder, ProjectStatus, SupportTopic
from .models import Call, DiaryEntry, FundingLine, Guide, Mentor, Payment, Project, Review, SupportRequest

WHOLE_EUROS = _("Enter a whole number of euros, without cents: for example 350.")


class EurosField(forms.IntegerField):
    """Whole euros, above zero: "350" or "350 €"; "12,50", "-3" or "0" get a French message."""

    default_error_messages = {"invalid": WHOLE_EUROS}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
        self.error_messages["min_value"] = _("Enter an amount above zero.")
        self.widget.attrs.update({"inputmode": "numeric"})

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None)  # the server says why, in French, rather than the browser
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            for space in ("€", "\u00a0", "\u202f", " "):
                value = value.replace(space, "")
        return super().to_python(value)

    widget = forms.TextInput


class CallForm(forms.ModelForm):
    envelope = EurosField(label=_("Envelope (whole euros)"), initial=3000)
    max_per_project = EurosField(label=_("At most per project (whole euros)"), initial=500)
    opens_on = BoundedDateField(label=_("Opens on"), days_before=366, days_after=3 * 366)
    closes_on = BoundedDateField(label=_("Closes on"), days_before=366, days_after=3 * 366)

    class Meta:
        model = Call
        fields = [
            "title",
            "envelope",
            "max_per_project",
            "opens_on",
            "closes_on",
            "open_to_residents",
            "open_to_groups",
            "open_to_associations",
            "funded",
            "questions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("title", _("Mutual aid initiatives %(year)s") % {"year": today.year + 1})
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + datetime.timedelta(days=42))
            self.initial.setdefault(
                "funded",
                _(
                    "Small projects by residents that help neighbours help each other: a café, a shared "
                    "garden, a repair workshop, outings, equipment to lend."
                ),
            )
            self.initial.setdefault("questions", _("Who will take part?\nWhat will you buy with the money?"))

    def clean(self):
        cleaned = super().clean()
        envelope, most = cleaned.get("envelope"), cleaned.get("max_per_project")
        if envelope and most and most > envelope:
            self.add_error("max_per_project", _("The most per project cannot be above the envelope."))
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The call cannot close before it opens."))
        if not any(cleaned.get(f) for f in ("open_to_residents", "open_to_groups", "open_to_associations")):
            self.add_error("open_to_residents", _("Choose at least one kind of applicant."))
        return cleaned


class ApplicationForm(forms.ModelForm):
    """The applicant's eight questions: what (a sentence, a few lines), who, where, when, how
    much, how it helps neighbours help each other, and a contact."""

    amount_asked = EurosField(label=_("Amount asked (whole euros)"))
    neighbourhood = NeighbourhoodField(required=False, label=_("Neighbourhood or hamlet (optional)"))

    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "holder",
            "members",
            "commune",
            "neighbourhood",
            "when",
            "amount_asked",
            "mutual_aid",
            "contact",
        ]
        widgets = {
            "holder": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "members": forms.Textarea(attrs={"rows": 3}),
            "mutual_aid": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["commune"].queryset = Commune.objects.in_territory(call.territory)
        self.fields["commune"].empty_label = None
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(call.territory)
        self.fields["holder"].choices = [c for c in Holder.choices if c[0] in call.allowed_holders()]
        self.fields["amount_asked"].help_text = _("At most %(max)s €.") % {"max": call.max_per_project}
        questions = call.question_list()
        if questions:
            help_text = _("Answer the call's questions here too: %(questions)s")
            self.fields["description"].help_text = help_text % {"questions": " ".join(questions)}

    def clean(self):
        cleaned = super().clean()
        check_neighbourhood_in_commune(self, cleaned.get("commune"), cleaned.get("neighbourhood"))
        named = (cleaned.get("members") or "").strip()
        if cleaned.get("holder") in (Holder.GROUP, Holder.ASSOCIATION) and not named:
            self.add_error(
                "members",
                _("A group gives the names of its residents; an association gives its name."),
            )
        amount = cleaned.get("amount_asked")
        if amount and amount > self.call.max_per_project:
            self.add_error(
                "amount_asked",
                _("This call grants at most %(max)s € a project: ask for %(max)s € or less.")
                % {"max": self.call.max_per_project},
            )
        return cleaned


class PaperApplicationForm(ApplicationForm):
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=100)
    consent = forms.ChoiceField(
        label=_("How the applicant agreed to this application being entered"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
    )

    class Meta(ApplicationForm.Meta):
        fields = ["applicant_name", *ApplicationForm.Meta.fields]


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Why, in a few words (optional)"), max_length=200, required=False)


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["comment", "mutual_aid_score", "feasibility_score", "reach_score"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}


DECISIONS = [
    (ProjectStatus.ACCEPTED, ProjectStatus.ACCEPTED.label),
    (ProjectStatus.ACCEPTED_WITH_CHANGES, ProjectStatus.ACCEPTED_WITH_CHANGES.label),
    (ProjectStatus.REFUSED, ProjectStatus.REFUSED.label),
]


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    granted_amount = EurosField(label=_("Amount granted (whole euros)"), required=False)
    starts_on = BoundedDateField(
        label=_("Starts on"),
        required=False,
        days_before=366,
        days_after=3 * 366,
        help_text=_("Required when the project is accepted."),
    )
    ends_on = BoundedDateField(
        label=_("Ends on"),
        required=False,
        days_before=366,
        days_after=4 * 366,
        help_text=_("Required when the project is accepted."),
    )
    statement = forms.CharField(
        label=_("Public statement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published with the results and sent to the applicants. For changes, say which."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in GRANTED and not cleaned.get("granted_amount"):
            self.add_error("granted_amount", _("Give the amount granted, in whole euros, above zero."))
        if cleaned.get("status") in GRANTED:
            if not cleaned.get("starts_on") and "starts_on" not in self.errors:
                message = _("Give the date the project starts: an accepted project has dates.")
                self.add_error("starts_on", message)
            if not cleaned.get("ends_on") and "ends_on" not in self.errors:
                message = _("Give the date the project ends: an accepted project has dates.")
                self.add_error("ends_on", message)
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The project cannot end before it starts."))
        return cleaned


class DiaryForm(forms.ModelForm):
    percent_done = forms.IntegerField(
        label=_("Percentage done"),
        min_value=0,
        max_value=100,
        error_messages={"invalid": _("Enter a whole number between 0 and 100.")},
    )

    written_on = BoundedDateField(label=_("Date"), days_before=3 * 366, days_after=0)

    class Meta:
        model = DiaryEntry
        fields = ["written_on", "milestone", "percent_done", "note", "final", "participants"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("final") and cleaned.get("participants") is None:
            self.add_error("participants", _("The final note says how many people took part."))
        return cleaned


class PaymentForm(forms.ModelForm):
    amount = EurosField(label=_("Amount paid (whole euros)"))
    paid_on = BoundedDateField(label=_("Paid on"), days_before=3 * 366, days_after=31)

    class Meta:
        model = Payment
        fields = ["paid_on", "amount"]


class SupportForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["topic", "description"]
        widgets = {"topic": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = SupportTopic.choices  # a list of radios, without an empty one


class FollowForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Mentor.objects.none(), required=False)
    note = forms.CharField(
        label=_("What was done (added to the notes)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    done = forms.BooleanField(label=_("The request is done"), required=False)

    def __init__(self, *args, territory, may_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_assign:
            self.fields["mentor"].queryset = (
                Mentor.objects.in_territory(territory).filter(is_active=True).select_related("person")
            )
            self.fields["mentor"].label_from_instance = lambda m: f"{m.person.display_name} ({m.offer})"
        else:
            del self.fields["mentor"]


class MentorForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the mentor's account"))
    offer = forms.CharField(label=_("What they can help with"), max_length=200)


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["title", "summary", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


PROJECTS_SHOWN = 40


class FundingLineForm(forms.ModelForm):
    amount_asked = EurosField(label=_("Amount asked (whole euros)"))
    amount_obtained = EurosField(label=_("Amount obtained (whole euros)"), required=False)
    asked_on = BoundedDateField(label=_("Asked on"), required=False, days_before=5 * 366, days_after=366)
    answered_on = BoundedDateField(
        label=_("Answer received on"), required=False, days_before=5 * 366, days_after=0
    )

    class Meta:
        model = FundingLine
        fields = [
            "funder_kind",
            "funder",
            "project",
            "amount_asked",
            "asked_on",
            "status",
            "amount_obtained",
            "answered_on",
            "note",
        ]

    def __init__(self, *args, territory, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        # Any funded project of the territory is accepted (one query by key on saving), but the
        # list offers only the latest ones, or those whose title matches the search, so the page
        # stays the same size with 5 or 500 projects.
        funded = Project.objects.in_territory(territory).granted()
        field.queryset = funded
        field.empty_label = _("The programme as a whole")
        shown = funded.order_by("-decided_at", "-pk")
        if search:
            shown = shown.filter(title__icontains=search)
        shown = list(shown.only("pk", "title")[:PROJECTS_SHOWN])
        current = self.instance.project if self.instance.project_id else None
        if current and current.pk not in {p.pk for p in shown}:
            shown.append(current)
        field.widget.choices = [("", field.empty_label)] + [
            (p.pk, p.title) for p in sorted(shown, key=lambda p: p.title.lower())
        ]
        field.help_text = _(
            "The %(count)s latest funded projects are listed; search above for an older one."
        ) % {"count": PROJECTS_SHOWN}

    def clean(self):
        cleaned = super().clean()
        obtained = cleaned.get("status") == "obtained"
        if obtained and not cleaned.get("amount_obtained"):
            self.add_error("amount_obtained", _("Give the amount obtained."))
        if obtained and not cleaned.get("answered_on"):
            self.add_error("answered_on", _("Give the date of the answer."))
        if not obtained and cleaned.get("amount_obtained"):
            self.add_error("amount_obtained", _("An amount is obtained only with the status “obtained”."))
        return cleaned
