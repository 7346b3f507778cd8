from allauth.account.adapter import DefaultAccountAdapter


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
