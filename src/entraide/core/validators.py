"""One rule for every address a person or a file gives us.

A web address is `http` or `https`; a contact may also be `mailto` or `tel`. Anything else
(`javascript:`, `data:`, `vbscript:`, `file:`…) is refused in forms and imports with a French
message, and `safe_url()` (the `safe_url` template filter, and the exports) refuses to hand it
on even when it is already stored. The scheme is read as a browser reads it: tabs and line
breaks anywhere and control characters around are ignored, case does not matter; an address
holding a control character is refused outright.
"""

import re
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB = ("http", "https")
CONTACT = ("http", "https", "mailto", "tel")

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def scheme(url: str) -> str:
    """The scheme a browser would follow, in lower case; "" for an address without one."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(33))))
    found = _SCHEME.match(cleaned)
    return found.group(1).lower() if found else ""


def is_allowed(url: str, schemes: Sequence[str] = WEB) -> bool:
    url = (url or "").strip()
    return bool(url) and not _CONTROL.search(url) and scheme(url) in schemes


def safe_url(url: str | None, schemes: Sequence[str] = WEB) -> str:
    """`url` (stripped) when a page or an export may use it, else ""."""
    return url.strip() if url and is_allowed(url, schemes) else ""


@deconstructible
class URLSchemeValidator:
    """Refuses any address but http and https (and mailto, tel with `schemes=CONTACT`)."""

    def __init__(self, schemes: Sequence[str] = WEB):
        self.schemes = tuple(schemes)

    def __call__(self, value: str) -> None:
        value = (value or "").strip()
        if not value:
            return
        shown = _CONTROL.sub("", value)[:80]
        if _CONTROL.search(value):
            raise ValidationError(
                _("The address “%(url)s” contains invisible characters: type it again."),
                code="url_control",
                params={"url": shown},
            )
        found = scheme(value)
        if found not in self.schemes:
            if self.schemes == WEB:
                message = _(
                    "“%(url)s” is not a web address: only http:// and https:// addresses are accepted."
                )
            else:
                message = _(
                    "“%(url)s” is not accepted: give a web address (http://, https://), "
                    "an email (mailto:) or a phone number (tel:)."
                )
            raise ValidationError(message, code="url_scheme", params={"url": shown})
        if found in WEB:
            try:
                URLValidator(schemes=list(WEB))(value)
            except ValidationError:
                raise ValidationError(
                    _("“%(url)s” is not a valid web address."), code="invalid", params={"url": shown}
                ) from None

    def __eq__(self, other) -> bool:
        return isinstance(other, URLSchemeValidator) and self.schemes == other.schemes


validate_web_url = URLSchemeValidator(WEB)
validate_contact_url = URLSchemeValidator(CONTACT)


@deconstructible
class URLLinesValidator:
    """For a text field holding one address per line: every line passes `URLSchemeValidator`."""

    def __init__(self, schemes: Sequence[str] = WEB):
        self.schemes = tuple(schemes)

    def __call__(self, value: str) -> None:
        errors = []
        for line in (value or "").splitlines():
            try:
                URLSchemeValidator(self.schemes)(line)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)

    def __eq__(self, other) -> bool:
        return isinstance(other, URLLinesValidator) and self.schemes == other.schemes


validate_web_url_lines = URLLinesValidator(WEB)


class WebURLField(forms.URLField):
    """A web address; without a scheme, https:// is assumed."""

    default_validators = [validate_web_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class WebURLLinesField(forms.CharField):
    """Web addresses, one per line; a line without a scheme gets https://."""

    default_validators = [validate_web_url_lines]
    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value) -> str:
        lines = [line.strip() for line in super().to_python(value).splitlines()]
        return "\n".join(line if scheme(line) else f"https://{line}" for line in lines if line)
