"""Methodological support reaches the referent and the mentors and is followed to done; guides
are Markdown rendered safely."""

import pytest
from django.core import mail

from entraide.projects.enums import SupportStatus
from entraide.projects.markdown import render
from entraide.projects.models import Guide, Mentor, SupportRequest

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def mentor(territory, commune):
    person = UserFactory(commune=commune, display_name="Nadia K.")
    return Mentor.objects.create(territory=territory, person=person, offer="Animation, EVS")


def test_a_support_request_reaches_a_mentor_and_is_followed_to_done(
    client_for, resident, referent, mentor, anonymous
):
    assert anonymous.get("/projets/accompagnement/").status_code == 200
    client_for(resident).post(
        "/projets/accompagnement/", {"topic": "meeting", "description": "Animer notre première réunion"}
    )
    support = SupportRequest.objects.get()
    assert {tuple(m.to) for m in mail.outbox} == {(referent.email,), (mentor.person.email,)}
    url = f"/projets/accompagnement/{support.public_id}/"
    # The mentor sees it only once it is given to them; the referent gives it.
    assert client_for(mentor.person).get(url).status_code == 404
    mail.outbox.clear()
    client_for(referent).post(url, {"mentor": mentor.pk, "note": "Confié à Nadia"})
    support.refresh_from_db()
    assert (support.status, support.mentor) == (SupportStatus.FOLLOWED, mentor)
    assert [m.to for m in mail.outbox] == [[mentor.person.email]]
    mentor_client = client_for(mentor.person)
    assert "Animer notre première réunion" in mentor_client.get(url).text
    mentor_client.post(url, {"note": "Réunion tenue, 12 personnes", "done": "on"})
    support.refresh_from_db()
    assert support.status == SupportStatus.DONE and support.done_at is not None
    assert "Réunion tenue" in support.follow_up
    assert mail.outbox[-1].to == [resident.email]
    assert "aboutie" in client_for(resident).get(url).text.lower()


def test_another_resident_cannot_see_a_support_request(client_for, resident, neighbour, referent):
    client_for(resident).post("/projets/accompagnement/", {"topic": "room", "description": "Une salle"})
    support = SupportRequest.objects.get()
    assert client_for(neighbour).get(f"/projets/accompagnement/{support.public_id}/").status_code == 404


def test_a_support_request_needs_a_topic_from_the_list(client_for, resident):
    response = client_for(resident).post("/projets/accompagnement/", {"topic": "other", "description": "x"})
    assert response.status_code == 400 and not SupportRequest.objects.exists()


def test_the_referent_adds_a_mentor_by_email(client_for, referent, neighbour, territory):
    client_for(referent).post(
        "/accueil/projets/accompagnement/", {"email": neighbour.email, "offer": "Facilitation"}
    )
    assert Mentor.objects.get().person == neighbour
    response = client_for(referent).post(
        "/accueil/projets/accompagnement/", {"email": "personne@example.org", "offer": "Facilitation"}
    )
    assert response.status_code == 400 and Mentor.objects.count() == 1


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<iframe src="https://evil.example"></iframe>',
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">clic</a>',
        "<img src=x onerror=alert(1)>",
        "[clic](data:text/html,<script>alert(1)</script>)",
    ],
)
def test_markdown_with_scripts_iframes_or_javascript_links_is_sanitised(hostile):
    html = str(render(f"## Titre\n\n{hostile}\n\n- un point"))
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<img" not in lowered
    assert "<a " not in lowered  # no allowed address among them: no link at all (raw HTML is escaped)


def test_markdown_keeps_headings_lists_emphasis_and_safe_links():
    html = str(
        render("# Titre\n\nUn **gras** et un [lien](https://example.org/a?b=1&c=2).\n\n1. un\n2. deux")
    )
    assert html == (
        "<h2>Titre</h2>\n"
        '<p>Un <strong>gras</strong> et un <a href="https://example.org/a?b=1&amp;c=2">lien</a>.</p>\n'
        "<ol><li>un</li><li>deux</li></ol>"
    )


def test_the_referent_writes_a_guide_shown_sanitised(client_for, referent, anonymous):
    client_for(referent).post(
        "/accueil/projets/guides/nouveau/",
        {"title": "Lancer un café solidaire", "summary": "", "body": "Texte <script>alert(1)</script>"},
    )
    guide = Guide.objects.get()
    page = anonymous.get(f"/projets/guides/{guide.slug}/")
    assert page.status_code == 200 and "<script>alert(1)" not in page.text
    assert "&lt;script&gt;" in page.text
    assert guide.slug in anonymous.get("/projets/guides/").text


def test_a_resident_cannot_write_a_guide(client_for, resident):
    assert client_for(resident).get("/accueil/projets/guides/nouveau/").status_code == 403
