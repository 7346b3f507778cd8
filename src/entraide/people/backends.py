from allauth.account.auth_backends import AuthenticationBackend


class TerritoryAuthenticationBackend(AuthenticationBackend):
    """allauth's email backend, refusing people of another territory.

    A resident of territory A cannot log in on territory B's host: to B they
    are unknown, and get the same message as a wrong password.
    """

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is None or user.is_superuser:
            return user
        territory = getattr(request, "territory", None)
        if territory is None or user.territory_id != territory.pk:
            return None
        return user
