"""The one place where a view turns a public key into a territory-scoped object."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

M = TypeVar("M", bound=Model)


def get_scoped_or_404(request: HttpRequest, queryset: QuerySet[M], **lookup) -> M:
    """Return the object of `request.territory` matching `lookup`, or raise 404.

    An object of another territory, or a malformed key, is reported exactly
    like a missing object.
    """
    try:
        return queryset.in_territory(request.territory).get(**lookup)
    except (queryset.model.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc
