"""Every PDF the app prints: one module, embedded Unicode fonts, tagged, titled, linked to its page."""

import logging
import unicodedata
import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from entraide.coordination import services as coordination_services
from entraide.core import pdf
from entraide.diagnosis.models import Snapshot
from entraide.evaluation import services as evaluation_services
from entraide.projects.models import FundingLine
from entraide.timebank import services

from ..board.factories import PostFactory
from ..coordination.factories import make_meeting as make_coordination_meeting
from ..diagnosis.factories import NeedFactory
from ..directory.factories import InitiativeFactory
from ..factories import CommuneFactory, UserFactory
from ..meetups.factories import make_meetup
from ..pdfs import assert_tagged, fonts, links, pdf_text
from ..timebank.factories import AccountFactory

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Thị Lan", "Łódź", "İstanbul", "Ελένη", "Пётр", "Ørsted-Ærø"]
ARABIC = "محمد علي"


def pdf_url_names() -> set[str]:
    """The name of every URL pattern that serves a .pdf."""
    found = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".pdf"):
                found.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def every_pdf(client_for, territory, commune, referent, coordinator, resident):
    """Each PDF of the app, as the person who may read it, with names in several scripts in it."""
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    names = " · ".join(NAMES)
    post = PostFactory(author=resident, title=f"Courses pour {NAMES[0]}", body=f"{names} — {ARABIC}")
    CommuneFactory(territory=territory, insee_code="81099", name="Łódź-İstanbul")
    InitiativeFactory(commune=commune, name=f"Épicerie {NAMES[0]}", description=f"{names} — {ARABIC}")
    NeedFactory(commune=commune, category=post.category, people_count=8, description=f"{names} — {ARABIC}")
    client_for(coordinator).post("/diagnostic/instantanes/", {"title": f"Diagnostic {NAMES[0]}"})
    snapshot = Snapshot.objects.get()
    account = AccountFactory(owner=resident)
    other = AccountFactory(owner=UserFactory(commune=commune, display_name=NAMES[0]))
    services.transfer(
        payer=other,
        payee=account,
        minutes=90,
        kind="gift",
        idempotency_key=uuid.uuid4(),
        created_by=None,
        description=f"{names} — {ARABIC}",
    )
    referent_client, resident_client = client_for(referent), client_for(resident)
    meetup = make_meetup(referent, title=f"Café {NAMES[0]}", description=f"{names} — {ARABIC}", address=names)
    occurrence = meetup.occurrences.get()
    meeting = make_coordination_meeting(territory, coordinator)
    coordination_services.save_minutes(meeting, text=f"{names} — {ARABIC}", by=coordinator)
    story = evaluation_services.tell_story(
        territory=territory, teller=resident, title=NAMES[0], body=f"{names} — {ARABIC}", consent=True
    )
    story = evaluation_services.publish_story(evaluation_services.choose_story(story, why=names))
    FundingLine.objects.create(
        territory=territory,
        funder_kind="region",
        funder=names,
        amount_asked=900,
        amount_obtained=800,
        answered_on=timezone.localdate(),
        status="obtained",
    )
    return {
        "projects:funding_summary_pdf": (
            referent_client,
            f"/accueil/projets/bilan.pdf?annee={timezone.localdate().year}",
        ),
        "evaluation:report": (client_for(None), f"/evaluation/bilan-{story.chosen_for.year}.pdf"),
        "coordination:minutes_pdf": (
            client_for(coordinator),
            f"/coordination/reunions/{meeting.public_id}/compte-rendu.pdf",
        ),
        "meetups:flyer": (client_for(None), f"/rencontres/{meetup.slug}/affiche.pdf"),
        "meetups:programme": (
            client_for(None),
            f"/rencontres/programme.pdf?mois={occurrence.starts_at:%Y-%m}",
        ),
        "meetups:signin_sheet": (referent_client, f"/rencontres/dates/{occurrence.public_id}/emargement.pdf"),
        "board:poster": (referent_client, "/tableau/affiche.pdf"),
        "board:flyer": (referent_client, f"/tableau/{post.reference}/affiche.pdf"),
        "directory:pdf": (referent_client, "/initiatives/annuaire.pdf"),
        "diagnosis:pdf": (
            client_for(coordinator),
            f"/diagnostic/diagnostic.pdf?instantane={snapshot.public_id}",
        ),
        "timebank:statement_pdf": (resident_client, "/banque-du-temps/releve.pdf"),
        "timebank:desk_statement_pdf": (
            referent_client,
            f"/accueil/banque-du-temps/comptes/{account.public_id}/releve.pdf",
        ),
    }


def assert_links_its_page(client, content: bytes, name: str) -> None:
    """The PDF links (a URI annotation) to a web page of the site that serves the same content."""
    pages = [
        link
        for link in links(content)
        if link.startswith("http://a.example.org/") and ".pdf" not in urlsplit(link).path
    ]
    assert pages, f"{name} links to no web page of the site"
    for link in pages:
        url = urlsplit(link)
        response = client.get(url.path + (f"?{url.query}" if url.query else ""))
        assert response.status_code == 200, (name, link, response.status_code)
        assert response["Content-Type"].startswith("text/html"), (name, link)


def test_every_pdf_endpoint_is_tagged_titled_and_links_to_its_page(every_pdf, caplog):
    assert set(every_pdf) == pdf_url_names(), "a PDF endpoint is missing from this test"
    for name, (client, url) in every_pdf.items():
        with caplog.at_level(logging.WARNING):
            response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert_tagged(response.content)
        assert_links_its_page(client, response.content, name)
        # WeasyPrint says what it could not render (an image without a description, bad CSS…).
        assert not [r for r in caplog.records if r.name.startswith("weasyprint")], name
        assert not [r for r in caplog.records if r.name == "entraide.core.pdf"], name


def test_every_pdf_prints_names_in_several_scripts_as_written(every_pdf):
    for name, (client, url) in every_pdf.items():
        text = pdf_text(client.get(url).content)
        for written in NAMES:
            assert written in text, f"{written!r} is not in {name}"


def test_arabic_is_shaped_with_the_embedded_font_not_boxes(client_for, referent, resident):
    post = PostFactory(author=resident, title=f"Courses {ARABIC}")
    content = client_for(referent).get(f"/tableau/{post.reference}/affiche.pdf").content
    assert not pdf.uncovered(ARABIC)
    text = unicodedata.normalize("NFKC", pdf_text(content))
    # Each Arabic letter comes back (as joined forms, in visual order).
    assert set(ARABIC.replace(" ", "")) <= set(text)


def test_a_script_no_embedded_font_draws_is_logged_not_silent(client_for, referent, resident, caplog):
    post = PostFactory(author=resident, title="Courses 王秀英")
    with caplog.at_level(logging.WARNING, logger="entraide.core.pdf"):
        response = client_for(referent).get(f"/tableau/{post.reference}/affiche.pdf")
    assert response.status_code == 200
    assert [r for r in caplog.records if r.name == "entraide.core.pdf" and "王" in r.getMessage()]


def test_the_fonts_are_embedded_from_the_pinned_package(client_for, referent, resident):
    post = PostFactory(author=resident, title="Łódź")
    content = client_for(referent).get(f"/tableau/{post.reference}/affiche.pdf").content
    used = fonts(content)
    assert used and all(used.values()), used  # embedded, not a standard font left to the reader
    assert all("DejaVu-Sans" in name for name in used), used
    assert (pdf.font_dir() / "DejaVuSans.ttf").is_file()


def test_printing_loads_nothing_but_the_fonts(rf, territory):
    html = (
        '<html lang="fr"><title>t</title>'
        '<img src="file:///etc/hostname" alt="x"><img src="http://example.org/x.png" alt="y"></html>'
    )
    with pytest.raises(ValueError, match="nothing but its fonts"):
        pdf._fetcher().fetch("file:///etc/hostname")
    assert pdf.write_pdf(html).startswith(b"%PDF")


def test_a_statement_links_to_the_account_page_its_reader_has(client_for, resident, referent, commune):
    account = AccountFactory(owner=resident)
    other = AccountFactory(owner=UserFactory(commune=commune))
    services.transfer(
        payer=account, payee=other, minutes=90, kind="gift", idempotency_key=uuid.uuid4(), created_by=None
    )
    mine = client_for(resident).get("/banque-du-temps/releve.pdf").content
    assert_tagged(mine, title=f"Relevé de compte temps · {account.label}")
    assert "http://a.example.org/banque-du-temps/" in links(mine)
    assert "−1 h 30" in pdf_text(mine)  # the minus sign is printed, not replaced
    page = f"/accueil/banque-du-temps/comptes/{account.public_id}/"
    desk = client_for(referent).get(f"{page}releve.pdf").content
    assert f"http://a.example.org{page}" in links(desk)
