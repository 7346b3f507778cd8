"""On paper and on other sites: the month's programme and the flyer carry QR codes that a decoder reads
as the meetups' addresses; the embed may be framed by an association's website, no other page may."""

import pytest

from entraide.meetups.models import Occurrence

from ..pdfs import assert_tagged, pdf_text, qr_codes
from .factories import make_meetup, next_day

pytestmark = pytest.mark.django_db


def test_the_programme_qr_codes_decode_to_the_meetup_pages(anonymous, referent):
    cafe = make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    month = Occurrence.objects.filter(meetup=cafe).order_by("starts_at").first().starts_at
    workshop = make_meetup(
        referent, title="Atelier couture", start=next_day(3, 14), registration_required=True
    )
    workshop_month = workshop.starts_at
    response = anonymous.get(f"/rencontres/programme.pdf?mois={month:%Y-%m}")
    assert response.status_code == 200
    assert_tagged(response.content)
    expected = {"http://a.example.org/rencontres/cafe-solidaire-du-mardi/"}
    if (workshop_month.year, workshop_month.month) == (month.year, month.month):
        expected.add("http://a.example.org/rencontres/atelier-couture/")
    assert set(qr_codes(response.content)) == expected
    assert "Café solidaire du mardi" in pdf_text(response.content)


def test_the_flyer_qr_code_decodes_to_the_meetup_page_in_a4_and_a5(anonymous, referent):
    cafe = make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    for query in ("", "?format=A5"):
        response = anonymous.get(f"/rencontres/{cafe.slug}/affiche.pdf{query}")
        assert response.status_code == 200
        assert qr_codes(response.content) == ["http://a.example.org/rencontres/cafe-solidaire-du-mardi/"]


def _directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_the_embed_may_be_framed_by_other_sites_and_runs_no_inline_script(anonymous, referent):
    make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    response = anonymous.get("/rencontres/integrer/")
    assert response.status_code == 200 and "Café solidaire du mardi" in response.text
    assert "X-Frame-Options" not in response.headers
    policy = _directives(response)
    assert policy["frame-ancestors"] == "frame-ancestors *"
    assert policy["script-src"] == "script-src 'self'"
    assert '<base target="_top">' in response.text  # its links open the site, not the frame


def test_the_embed_shows_one_association_s_meetups(anonymous, referent, commune):
    from ..directory.factories import InitiativeFactory

    association = InitiativeFactory(commune=commune, name="Repair Café des Coteaux")
    make_meetup(referent, title="Repair café", organiser_initiative=association)
    make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    page = anonymous.get(f"/rencontres/integrer/?initiative={association.slug}").text
    assert "Repair café" in page and "Café solidaire du mardi" not in page


@pytest.mark.parametrize("url", ["/rencontres/", "/rencontres/mois/", "/rencontres/cafe-solidaire-du-mardi/"])
def test_the_other_meetup_pages_may_not_be_framed(anonymous, referent, url):
    make_meetup(referent, title="Café solidaire du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert _directives(response)["frame-ancestors"] == "frame-ancestors 'none'"
