from django import forms
from django.utils.translation import gettext_lazy as _

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
