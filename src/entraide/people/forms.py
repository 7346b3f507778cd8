from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.categories.models import Category
from entraide.territories.forms import NeighbourhoodField, check_neighbourhood_in_commune
from entraide.territories.models import Commune, Neighbourhood, Territory

from .enums import ConsentMethod
from .models import User


class TerritoryPlacesMixin:
    """Limits the commune and neighbourhood choices to one territory and checks they agree."""

    def limit_places(self, territory: Territory, communes=None) -> None:
        """Offer the communes of `territory` (or only `communes`), and their
        neighbourhoods grouped by commune."""
        communes = Commune.objects.in_territory(territory) if communes is None else communes
        if "commune" in self.fields:
            self.fields["commune"].queryset = communes
        if "neighbourhood" in self.fields:
            self.fields["neighbourhood"].queryset = Neighbourhood.objects.in_territory(territory).filter(
                commune__in=communes
            )

    def clean(self):
        cleaned = super().clean()
        commune, neighbourhood = cleaned.get("commune"), cleaned.get("neighbourhood")
        check_neighbourhood_in_commune(self, commune, neighbourhood)
        if neighbourhood and not commune:
            cleaned["commune"] = neighbourhood.commune
        return cleaned


class SignupForm(TerritoryPlacesMixin, AllauthSignupForm):
    """Sign-up asks only what is needed: a name to show, an email, a password, a commune."""

    display_name = User._meta.get_field("display_name").formfield(
        widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    commune = forms.ModelChoiceField(
        queryset=Commune.objects.none(),
        label=_("Your commune"),
        required=False,
        empty_label=_("— choose later —"),
    )

    field_order = ["display_name", "email", "password1", "password2", "commune"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_places(context.request.territory)

    def save(self, request):
        # allauth's adapter builds and saves the user; see AccountAdapter.save_user.
        return super().save(request)


class ProfileForm(TerritoryPlacesMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "commune",
            "neighbourhood",
            "phone",
            "age_bracket",
            "presentation",
            "can_help_with",
            "listed_as_helper",
            "help_categories",
            "language",
        ]
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 3}),
            "can_help_with": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "help_categories": forms.CheckboxSelectMultiple,
        }
        field_classes = {"neighbourhood": NeighbourhoodField}

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_places(territory)
        if self.instance.is_assisted:
            # “Who can help?” is written to through one's own login: not for an assisted person.
            self.fields.pop("listed_as_helper", None)
            self.fields.pop("help_categories", None)
            self.fields.pop("language", None)  # no email of their own
        if "language" in self.fields:
            self.fields["language"].required = False  # left empty: kept as it was

        if "help_categories" in self.fields:
            self.fields["help_categories"].queryset = Category.objects.in_territory(territory).active()
            self.fields["help_categories"].help_text = _(
                "Optional: the themes under which “Who can help?” lists you."
            )

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or settings.LANGUAGE_CODE


class AssistedPersonForm(ProfileForm):
    """A referent creates the profile of someone without email, with their consent."""

    consent_given_on = forms.DateField(
        label=_("Date of consent"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consent_method = forms.ChoiceField(
        label=_("How the person gave their consent"), choices=ConsentMethod.choices
    )

    class Meta(ProfileForm.Meta):
        fields = ["display_name", "commune", "neighbourhood", "phone", "age_bracket", "can_help_with"]
        # Another person's name and phone: the referent's browser must not fill in their own.
        widgets = {
            **ProfileForm.Meta.widgets,
            "display_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_places(kwargs["territory"], communes)
        self.fields["commune"].required = True

    def clean_consent_given_on(self):
        given_on = self.cleaned_data["consent_given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("The date of consent cannot be in the future."))
        return given_on


class GiveLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("The person's email address"),
        help_text=_("They will receive a link to choose their own password."),
    )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This email address is already used by another account."))
        return email


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: the account and its personal data will be deleted, and this cannot be undone."
        ),
    )
