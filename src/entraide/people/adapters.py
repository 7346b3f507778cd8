from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context


class AccountAdapter(DefaultAccountAdapter):
    """Every account created on a host belongs to that host's territory."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.territory = request.territory
        user.display_name = form.cleaned_data["display_name"]
        user.commune = form.cleaned_data.get("commune")
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context_data):
        # The territory signs the emails and gives the town hall's phone.
        context_data.setdefault("territory", getattr(context.request, "territory", None))
        super().send_mail(template_prefix, email, context_data)
