from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation


class LanguageMiddleware:
    """French unless the person chose another language with the switcher.

    Django's LocaleMiddleware follows the browser's Accept-Language; here the
    interface is the commune's, French by default, whatever the browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


def chosen_language(request: HttpRequest) -> str:
    """The language of the switcher's cookie, else the site's (French)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


class RefuseNulMiddleware:
    """Answer 400 to a request carrying a NUL character, before anything reads it.

    No text a person types contains NUL, and PostgreSQL refuses it in any
    string: left through, `?commune=%00` became a server error in whichever
    view first sent it to the database. One check here covers every view, the
    path, query string, form fields (names and values) and cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            # Before LanguageMiddleware: in the visitor's language, not the thread's last one.
            with translation.override(chosen_language(request)):
                return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.GET, request.COOKIES]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists() if hasattr(source, "lists") else source.items():
            if "\x00" in key or any("\x00" in value for value in _as_list(values)):
                return True
    return False


def _as_list(values) -> list[str]:
    return values if isinstance(values, list) else [values]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header; a page Django lets other sites frame may be framed by any site.

    The directory's embed page is marked with Django's `@xframe_options_exempt`;
    CSP's frame-ancestors follows the same mark, so there is one switch.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if getattr(response, "xframe_options_exempt", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["*"]}
        return parts


class FormErrorStatus:
    """A form sent with errors is shown again on its page, answered 400 (Bad Request), whichever
    view rendered it: the page's title tag (`{% error_title %}`) marks the request when the page
    holds a bound form that did not validate. Only for POST: a page of filters with a wrong value
    in its address still answers 200."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code == 200:
            from .templatetags.form_errors import SHOWS_FORM_ERRORS

            if getattr(request, SHOWS_FORM_ERRORS, False):
                response.status_code = 400
        return response
