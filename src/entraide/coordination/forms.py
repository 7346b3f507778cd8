import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.core.calendars import local_zone
from entraide.core.dates import BoundedDateField
from entraide.core.validators import WebURLField

from .enums import Rhythm
from .models import Document, Term

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class MeetingForm(forms.Form):
    date = BoundedDateField(label=_("Date"), days_before=0, days_after=730)
    time = forms.TimeField(label=_("Time"), widget=TIME)
    end_time = forms.TimeField(
        label=_("End time (optional)"),
        widget=TIME,
        required=False,
        help_text=_("The same day. Without it, calendars show two hours."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("E.g. “Town hall, meeting room”."))
    facilitator = MemberChoiceField(
        label=_("Facilitator"),
        queryset=None,
        help_text=_("The role rotates: the next member in turn is proposed."),
    )
    rhythm = forms.ChoiceField(label=_("Rhythm"), choices=Rhythm.choices, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = members

    def clean(self):
        data = super().clean()
        start, end = data.get("time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end comes before the start: check the times."))
        return data

    def starts_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return datetime.datetime.combine(data["date"], data["time"], tzinfo=local_zone())

    def ends_at(self) -> datetime.datetime | None:
        """The end, the same day as the start; None when not given."""
        data = self.cleaned_data
        if data["end_time"] is None:
            return None
        return datetime.datetime.combine(data["date"], data["end_time"], tzinfo=local_zone())


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item to put on the agenda"), max_length=150)
    details = forms.CharField(
        label=_("Details (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda person: person.display_name


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Meeting minutes"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Saved as a draft until approved. After approval, a change makes a new version."),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=500)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    owner = MemberChoiceField(
        label=_("Who takes it on"),
        queryset=None,
        empty_label=_("— choose a member —"),
        error_messages={
            "required": _("An action needs someone who takes it on: choose a member of the group.")
        },
    )
    due_on = BoundedDateField(label=_("By when (optional)"), days_before=365, days_after=730, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members


class DocumentForm(forms.ModelForm):
    url = WebURLField(
        label=_("Link"),
        max_length=500,
        required=False,
        help_text=_("A link to the document (https://…), or write its text below."),
    )

    class Meta:
        model = Document
        fields = ["title", "url", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "text": _("E.g. the partners' contacts. Read by the members only."),
        }

    def clean(self):
        data = super().clean()
        if not data.get("url") and not (data.get("text") or "").strip() and "url" not in self.errors:
            raise forms.ValidationError(_("Give a link or a text."))
        return data


class TermForm(forms.ModelForm):
    ends_on = BoundedDateField(
        label=_("End of the term (optional)"), days_before=3650, days_after=3650, required=False
    )
    review_on = BoundedDateField(
        label=_("Yearly review"),
        days_before=3650,
        days_after=730,
        help_text=_("The date by which the role is reviewed."),
    )

    class Meta:
        model = Term
        fields = ["ends_on", "review_on", "represents"]

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["represents"].queryset = initiatives
