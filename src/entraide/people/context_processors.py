from . import rules


def roles(request):
    # A callable: templates evaluate it only when they ask, once per render.
    return {"user_is_referent": lambda: rules.is_referent(request.user, getattr(request, "territory", None))}
