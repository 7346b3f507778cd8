"""Every CSV the site serves goes through `entraide.core.csv`.

The test walks the URL map, calls every page (with each key the test data offers) as an
administrator who has a time account, and checks each CSV it gets: a BOM, `;` between
cells, and the hostile name of a person, a theme and an entry written as text, never as a formula.
A new CSV view is found without being listed here.
"""

import csv as stdlib_csv
import io
import uuid
from collections import defaultdict

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import SlugConverter, StringConverter, UUIDConverter
from django.utils import timezone

from entraide.core import csv
from entraide.meetups import services as meetups
from entraide.projects.models import FundingLine
from entraide.timebank import services

from ..diagnosis.factories import NeedFactory
from ..directory.factories import CategoryFactory, InitiativeFactory
from ..factories import UserFactory
from ..meetups.factories import make_meetup
from ..timebank.factories import AccountFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'
# Every CSV view must be among those found; more are welcome.
KNOWN_CSV_VIEWS = {
    "directory:export_csv",
    "diagnosis:csv",
    "timebank:statement_csv",
    "timebank:desk_accounts_csv",
    "timebank:desk_statement_csv",
    "meetups:attendees_csv",
    "projects:funding_summary_csv",
    "evaluation:open_data",
    "evaluation:data_dictionary",
}
# Aggregated figures only (no name or text anyone typed): no hostile name to find in them.
AGGREGATED_CSV_VIEWS = {"evaluation:open_data", "evaluation:data_dictionary"}


def named_patterns(resolver=None, namespace=""):
    """(name with its namespace, pattern) for every named URL but the Django admin's and allauth's."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.lookup_str.startswith("allauth."):
            yield f"{namespace}{entry.name}", entry


def urls_of(name: str, pattern: URLPattern, candidates: dict[type, list[str]]) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is None:  # a regular expression (allauth's keys): no CSV there
        return []
    if not converters:
        return [reverse(name)]
    if any(type(converter) not in candidates for converter in converters.values()):
        return []  # a key of its own (the board's references): no CSV there
    (key, converter), *others = converters.items()
    if others:
        values = [{k: candidates[type(c)][0] for k, c in converters.items() if candidates[type(c)]}]
    else:
        values = [{key: value} for value in candidates[type(converter)]]
    return [reverse(name, kwargs=kwargs) for kwargs in values if len(kwargs) == len(converters)]


@pytest.fixture
def hostile_data(territory, commune, administrator):
    hostile = UserFactory(commune=commune, display_name=HOSTILE)
    hostile_account = AccountFactory(owner=hostile)
    AccountFactory(owner=administrator)
    services.give(
        giver=administrator,
        payee=hostile_account,
        minutes=30,
        description=HOSTILE,
        idempotency_key=uuid.uuid4(),
    )
    theme = CategoryFactory(territory=territory, slug="piege", name=HOSTILE)
    InitiativeFactory(commune=commune, name=HOSTILE, description=HOSTILE, categories=[theme])
    NeedFactory(commune=commune, category=theme)
    workshop = make_meetup(administrator, title=HOSTILE, registration_required=True, capacity=5)
    meetups.register(workshop.occurrences.get(), hostile)
    FundingLine.objects.create(
        territory=territory,
        funder_kind="other",
        funder=HOSTILE,
        amount_asked=100,
        amount_obtained=100,
        answered_on=timezone.localdate(),
        status="obtained",
    )


def test_every_csv_view_writes_through_the_one_writer(client_for, administrator, hostile_data):
    # A view takes the keys of its own app's objects (a time account's statement, a snapshot…).
    public_ids = defaultdict(list)
    for model in apps.get_models():
        if any(field.name == "public_id" for field in model._meta.fields):
            public_ids[model._meta.app_label] += map(str, model.objects.values_list("public_id", flat=True))
    slugs = list(apps.get_model("directory", "Initiative").objects.values_list("slug", flat=True))
    client = client_for(administrator)
    found = {}
    for name, pattern in named_patterns():
        app_label = pattern.lookup_str.split(".")[1]
        candidates = {UUIDConverter: public_ids[app_label], SlugConverter: slugs, StringConverter: ["x"]}
        for url in urls_of(name, pattern, candidates):
            response = client.get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/csv"):
                found[url] = (name, response.getvalue())
    assert {name for name, _body in found.values()} >= KNOWN_CSV_VIEWS
    for url, (name, body) in found.items():
        text = body.decode("utf-8")
        assert text.startswith(csv.BOM), f"{url}: no BOM"
        rows = list(stdlib_csv.reader(io.StringIO(text[1:]), delimiter=";"))
        assert len(rows[0]) > 1, f"{url}: not separated by semicolons"
        cells = [cell for row in rows for cell in row]
        if name not in AGGREGATED_CSV_VIEWS:
            assert "'" + HOSTILE in cells, f"{url}: the hostile name is missing or not neutralised"
        assert all(csv.neutralise(cell) == cell for cell in cells), f"{url}: a cell would run as a formula"
