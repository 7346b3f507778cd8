from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.core.dates import BoundedDateField
from entraide.people import rules as people_rules
from entraide.people.models import User
from entraide.territories.models import Commune

from .models import Story, SurveyAnswer

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _answer(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class FeedbackForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, max_length=20)
    subject = forms.UUIDField(widget=forms.HiddenInput)
    did_good = forms.ChoiceField(
        label=_("Did it do you good?"), choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    met_someone_new = forms.ChoiceField(
        label=_("Did you meet someone new?"), choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    sentence = forms.CharField(label=_("A sentence, if you like"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        data["did_good"] = _answer(data.get("did_good", ""))
        data["met_someone_new"] = _answer(data.get("met_someone_new", ""))
        data["sentence"] = (data.get("sentence") or "").strip()
        if data["did_good"] is None and data["met_someone_new"] is None and not data["sentence"]:
            raise forms.ValidationError(_("Answer a question or write a sentence."))
        return data


QUESTIONS = ["contacts", "knows_whom_to_ask", "trust", "loneliness"]


class SurveyForm(forms.ModelForm):
    """The four questions, as radio buttons, in their published French wordings."""

    class Meta:
        model = SurveyAnswer
        fields = QUESTIONS
        widgets = {name: forms.RadioSelect for name in QUESTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in QUESTIONS:
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]
        self.fields["contacts"].help_text = _("Met, called or written to: family, friends, neighbours.")


class PaperSurveyForm(SurveyForm):
    """A questionnaire a referent enters from paper, with the date the person agreed."""

    commune = forms.ModelChoiceField(label=_("Commune of the person"), queryset=None)
    person = forms.ModelChoiceField(
        label=_("Person (if they have an account you act for)"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for someone without an account."),
    )
    consent_given_on = BoundedDateField(
        label=_("Date the person agreed that their answers be counted"), days_before=366, days_after=0
    )

    field_order = ["commune", "person", "consent_given_on", *QUESTIONS]

    def __init__(self, *args, user, territory, **kwargs):
        super().__init__(*args, **kwargs)
        communes = people_rules.communes_looked_after(user, territory)
        self.fields["commune"].queryset = communes
        self.fields["person"].queryset = User.objects.filter(
            territory=territory, is_assisted=True, commune__in=communes
        ).order_by("display_name")
        self.fields["person"].label_from_instance = lambda person: person.display_name


class StoryForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "body", "consent_to_publish"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "body": _("Since you took part: what is different for you, your family or your street?"),
            "consent_to_publish": _(
                "Without it, only the referents and the coordinators read it. Your name is never published."
            ),
        }


class PaperStoryForm(StoryForm):
    commune = forms.ModelChoiceField(label=_("Commune of the person"), queryset=None)

    class Meta(StoryForm.Meta):
        labels = {
            "body": _("What changed for them, in their words"),
            "consent_to_publish": _("The person agrees that this story is published, without their name"),
        }

    field_order = ["commune", "title", "body", "consent_to_publish"]

    def __init__(self, *args, user, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = people_rules.communes_looked_after(user, territory)


class ChooseStoryForm(forms.Form):
    why = forms.CharField(
        label=_("Why the group chose it"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("What this change says about the programme, in a few sentences."),
    )


class IndicatorsFilter(forms.Form):
    """The indicators page's filters (GET): a commune, a year or the last twelve months."""

    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("The whole territory")
    )
    annee = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, territory, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.in_territory(territory).order_by("name")
        self.fields["annee"].choices = [("", _("The last twelve months"))] + [(y, str(y)) for y in years]
