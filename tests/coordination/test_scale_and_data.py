"""Bounded pages whatever the group's history; the personal home; the to-do list, documents and
terms; export and erasure."""

import datetime

import pytest
from django.utils import timezone

from entraide.coordination import services
from entraide.coordination.models import Action, AgendaItem, Attendance, Decision, Document, Meeting, Term
from entraide.people import services as people_services
from entraide.people.models import Role

from ..factories import RoleFactory, UserFactory
from ..helpers import assert_constant_queries
from .factories import at, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(commune):
    user = UserFactory(commune=commune, display_name="Nadia K.")
    RoleFactory(user=user, kind="coordinator", commune=None)
    return user


@pytest.fixture
def grow(territory, commune, referent, volunteer):
    """`grow(n)`: n more members, n past meetings each with items, attendance, minutes, a decision
    and actions (half open), and n to-do items and documents."""
    counter = iter(range(10_000))

    def add(n):
        people = []
        for _ in range(n):
            person = UserFactory(commune=commune)
            RoleFactory(user=person, kind="coordinator", commune=None)
            people.append(person)
        for _ in range(n):
            i = next(counter)
            meeting = Meeting.objects.create(
                territory=territory,
                starts_at=at(-400 + i),
                place="Salle",
                facilitator=volunteer,
                status="held",
            )
            AgendaItem.objects.create(meeting=meeting, title=f"Point {i}", proposed_by=referent)
            Attendance.objects.create(meeting=meeting, person=people[0] if people else referent)
            services.save_minutes(meeting, text=f"Compte rendu {i}", by=volunteer)
            Decision.objects.create(meeting=meeting, text=f"Décision {i}")
            for done in (True, False):
                Action.objects.create(
                    territory=territory,
                    meeting=meeting,
                    title=f"Action {i}",
                    owner=volunteer,
                    done_at=timezone.now() if done else None,
                )
            Action.objects.create(territory=territory, title=f"À faire {i}", owner=volunteer)
            Document.objects.create(territory=territory, title=f"Document {i}", text="Texte")

    return add


def test_the_space_and_a_meeting_run_as_many_queries_with_a_long_history(
    client_for, territory, referent, volunteer, grow
):
    meeting = make_meeting(territory, referent, days=3)
    client = client_for(referent)
    space = assert_constant_queries(lambda: client.get("/coordination/"), grow, small=2, large=25)
    page = assert_constant_queries(lambda: client.get(meeting.get_absolute_url()), grow, small=2, large=25)
    assert space <= 30 and page <= 30
    response = client.get(meeting.get_absolute_url())
    assert "Action 24" in response.text  # the open actions of the 26 earlier meetings come back


def test_the_list_of_meetings_and_the_pdf_are_bounded(client_for, territory, referent, grow):
    meeting = make_meeting(territory, referent, days=3)
    client = client_for(referent)
    assert_constant_queries(lambda: client.get("/coordination/reunions/"), grow, small=2, large=30)
    assert_constant_queries(lambda: client.get("/mon-espace/"), grow, small=2, large=30)
    assert client.get(f"{meeting.get_absolute_url()}compte-rendu.pdf").status_code == 200


def test_the_personal_home_shows_the_next_meeting_and_my_open_actions(
    client_for, territory, referent, volunteer
):
    meeting = make_meeting(territory, referent, days=3, place="Salle des fêtes")
    services.add_action(territory, title="Appeler la CAF", owner=volunteer, meeting=meeting, by=referent)
    page = client_for(volunteer).get("/mon-espace/").text
    assert "Prochaine réunion de coordination" in page and "Salle des fêtes" in page
    assert "Appeler la CAF" in page


def test_a_resident_sees_no_coordination_section(client_for, territory, referent, resident):
    make_meeting(territory, referent, days=3)
    assert "réunion de coordination" not in client_for(resident).get("/mon-espace/").text


def test_the_to_do_list_and_documents(client_for, volunteer, referent):
    client = client_for(volunteer)
    response = client.post("/coordination/a-faire/", {"title": "Commander des affiches", "owner": ""})
    assert response.status_code == 400 and "Une action a besoin de quelqu" in response.text
    client.post("/coordination/a-faire/", {"title": "Commander des affiches", "owner": referent.pk})
    todo = Action.objects.get()
    assert todo.meeting is None and todo.owner == referent
    client.post(
        f"/coordination/actions/{todo.public_id}/fait/", {"done": "1", "next": "https://evil.example/"}
    )
    todo.refresh_from_db()
    assert todo.done

    empty = client.post("/coordination/documents/nouveau/", {"title": "Charte", "url": "", "text": ""})
    assert empty.status_code == 400 and "Donnez un lien ou un texte" in empty.text
    bad = client.post(
        "/coordination/documents/nouveau/", {"title": "x", "url": "javascript:alert(1)", "text": ""}
    )
    assert bad.status_code == 400 and not Document.objects.exists()
    client.post("/coordination/documents/nouveau/", {"title": "Charte", "url": "", "text": "On s'entraide."})
    document = Document.objects.get()
    assert "On s&#x27;entraide." in client.get(f"/coordination/documents/{document.public_id}/").text


def test_a_review_due_shows_and_a_coordinator_records_it(client_for, territory, referent, coordinator):
    role = Role.objects.get(user=referent)
    term = Term.objects.create(
        territory=territory, role=role, review_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = client_for(referent).get("/coordination/").text
    assert "revue à faire" in page
    assert client_for(referent).post(f"/coordination/mandats/{term.public_id}/revu/").status_code == 403
    client_for(coordinator).post(f"/coordination/mandats/{term.public_id}/revu/")
    term.refresh_from_db()
    assert term.review_on > timezone.localdate() + datetime.timedelta(days=360)
    assert "revue à faire" not in client_for(referent).get("/coordination/").text


def test_export_and_erasure_keep_the_group_records_but_not_the_person(territory, referent, volunteer):
    meeting = make_meeting(territory, referent, days=3)
    item = services.propose_item(meeting, by=volunteer, title="Fête des voisins")
    action = services.add_action(territory, title="Salle", owner=volunteer, meeting=meeting, by=referent)
    services.record_attendance(meeting, [volunteer, referent])
    data = people_services.export_personal_data(volunteer)
    found = str(data)
    assert "Fête des voisins" in found and "Salle" in found
    people_services.erase_person(volunteer)
    item.refresh_from_db()
    action.refresh_from_db()
    assert item.proposed_by_id == volunteer.pk and action.owner_id == volunteer.pk  # kept, anonymised
    volunteer.refresh_from_db()
    assert volunteer.display_name != "Nadia K."
    assert list(Attendance.objects.values_list("person", flat=True)) == [referent.pk]
    assert not Role.objects.filter(user=volunteer).exists()


def test_a_coordinator_sets_a_members_term_and_others_only_read_it(
    client_for, territory, referent, coordinator
):
    url = f"/coordination/membres/{referent.public_id}/"
    assert 'name="role0-review_on"' not in client_for(referent).get(url).text
    assert client_for(referent).post(url, {"role": "0"}).status_code == 403
    page = client_for(coordinator).get(url)
    assert page.status_code == 200 and "Pas encore de mandat" in page.text
    review = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    wrong = client_for(coordinator).post(
        url, {"role": "0", "role0-ends_on": "2020-01-01", "role0-review_on": review, "role0-represents": ""}
    )
    assert wrong.status_code == 400 and "Erreur" in wrong.text and not Term.objects.exists()
    ends = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()
    response = client_for(coordinator).post(
        url, {"role": "0", "role0-ends_on": ends, "role0-review_on": review, "role0-represents": ""}
    )
    assert response.status_code == 302
    term = Term.objects.get()
    assert term.role.user == referent and term.review_on.isoformat() == review
    assert client_for(coordinator).get(f"/coordination/membres/{coordinator.public_id}/").status_code == 200


def test_only_members_have_a_member_page(client_for, coordinator, resident):
    assert client_for(coordinator).get(f"/coordination/membres/{resident.public_id}/").status_code == 404


def test_the_site_search_finds_documents_and_decisions_for_members_only(
    client_for, territory, referent, resident
):
    meeting = make_meeting(territory, referent, days=-3)
    services.add_decision(meeting, text="La charte est adoptée.")
    Document.objects.create(territory=territory, title="Charte du groupe", text="Consentement")
    page = client_for(referent).get("/recherche/?q=charte").text
    assert "Charte du groupe" in page and "La charte est adoptée." in page
    other = client_for(resident).get("/recherche/?q=charte").text
    assert "Charte du groupe" not in other and "La charte est adoptée." not in other
