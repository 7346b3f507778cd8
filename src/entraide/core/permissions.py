"""One way for a view to say who may reach it.

`@check_request(predicate)` calls `predicate(request.user, request.territory)`
and answers 403 (the French error page) when it is false. Each app keeps its
predicates in its `rules.py`; views only name them.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def check_request(predicate: Callable[..., bool]):
    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not predicate(request.user, request.territory):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
