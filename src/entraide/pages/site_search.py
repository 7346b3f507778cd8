"""The site search (/recherche/): one query, the results of every app that contributes.

An app contributes with a `sitesearch.py` module holding
`results(request, query) -> list[Result]` (the board's posts, the directory's initiatives, later
the meetups and loans); `entraide.core.discovery.app_modules("sitesearch")` finds them in the
order of INSTALLED_APPS. Each app applies its own visibility rules: only what the visitor may see.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from entraide.core.discovery import app_modules

MAX_RESULTS = 10  # per section; each section links to its app's own full search


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class Section:
    """One app's results: a heading, up to MAX_RESULTS results and a link to see them all."""

    title: str
    results: list[Result] = field(default_factory=list)
    more_url: str = ""
    total: int = 0


def search(request: HttpRequest, query: str) -> list[Section]:
    sections = []
    for module in app_modules("sitesearch"):
        sections.extend(module.results(request, query))
    return sections
