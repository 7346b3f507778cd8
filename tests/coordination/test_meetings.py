"""A meeting from agenda to minutes: proposing, attendance, versioned minutes, decisions, actions
with an owner, open actions coming back, the next meeting in the rhythm, agendas emailed once."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from entraide.coordination import services
from entraide.coordination.enums import MeetingStatus
from entraide.coordination.models import Action, AgendaItem, Attendance, Meeting, Minutes

from ..factories import RoleFactory, UserFactory
from ..pdfs import assert_tagged, links, pdf_text
from .factories import at, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(commune):
    """A volunteer resident of the group (a coordinator role)."""
    user = UserFactory(commune=commune, display_name="Nadia K.")
    RoleFactory(user=user, kind="coordinator", commune=None)
    return user


@pytest.fixture
def meeting(territory, referent):
    return make_meeting(territory, referent, days=7)


def test_a_member_proposes_an_agenda_item(client_for, volunteer, meeting):
    response = client_for(volunteer).post(
        f"{meeting.get_absolute_url()}ordre-du-jour/", {"title": "Fête des voisins", "details": "En juin ?"}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.title, item.proposed_by) == ("Fête des voisins", volunteer)
    assert "Fête des voisins" in client_for(volunteer).get(meeting.get_absolute_url()).text


def test_no_item_is_proposed_once_the_meeting_is_held(client_for, volunteer, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="proposez votre point pour la suivante"):
        services.propose_item(meeting, by=volunteer, title="Trop tard")
    response = client_for(volunteer).post(f"{meeting.get_absolute_url()}ordre-du-jour/", {"title": "x"})
    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_an_empty_item_stays_on_the_page_with_a_french_error(client_for, volunteer, meeting):
    response = client_for(volunteer).post(f"{meeting.get_absolute_url()}ordre-du-jour/", {"title": ""})
    assert response.status_code == 400
    assert response.text.count("<title>Erreur") == 1
    assert "Ce champ est obligatoire" in response.text


def test_the_facilitator_takes_attendance(client_for, referent, volunteer, coordinator, meeting, resident):
    client = client_for(referent)
    url = f"{meeting.get_absolute_url()}presences/"
    assert client.post(url, {"present": [referent.pk, volunteer.pk]}).status_code == 302
    assert set(Attendance.objects.values_list("person", flat=True)) == {referent.pk, volunteer.pk}
    client.post(url, {"present": [volunteer.pk]})
    assert set(Attendance.objects.values_list("person", flat=True)) == {volunteer.pk}
    response = client.post(url, {"present": [resident.pk]})  # not a member
    assert response.status_code == 400 and "Erreur" in response.text
    assert set(Attendance.objects.values_list("person", flat=True)) == {volunteer.pk}


def test_only_the_facilitator_or_a_coordinator_runs_the_meeting(client_for, territory, referent, commune):
    other_referent = UserFactory(commune=commune)
    RoleFactory(user=other_referent, commune=commune)
    meeting = make_meeting(territory, referent)
    url = f"{meeting.get_absolute_url()}compte-rendu/"
    assert client_for(other_referent).post(url, {"text": "x"}).status_code == 403
    assert client_for(referent).post(url, {"text": "x"}).status_code == 302


def test_minutes_are_versioned_after_approval_never_overwritten(client_for, referent, volunteer, meeting):
    client = client_for(referent)
    url = f"{meeting.get_absolute_url()}compte-rendu/"
    client.post(url, {"text": "Premier jet"})
    client.post(url, {"text": "Tour de table. Budget voté."})
    assert Minutes.objects.count() == 1  # the draft is rewritten in place
    mail.outbox.clear()
    assert client.post(f"{url}approuver/").status_code == 302
    first = Minutes.objects.get()
    assert first.approved and first.approved_by == referent
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert {m.to[0] for m in mail.outbox} == {referent.email, volunteer.email}
    assert "Budget voté" in mail.outbox[0].body

    client.post(url, {"text": "Tour de table. Budget voté à l'unanimité."})
    first.refresh_from_db()
    assert first.text == "Tour de table. Budget voté."  # the approved version is untouched
    second = Minutes.objects.get(version=2)
    assert not second.approved
    page = client_for(volunteer).get(meeting.get_absolute_url()).text
    assert "brouillon" in page and "Budget voté." in page  # the draft and the approved version
    client.post(f"{url}approuver/")
    page = client_for(volunteer).get(meeting.get_absolute_url()).text
    assert "Version 2, approuvée" in page and "Version 1, approuvée" in page


def test_an_approved_version_cannot_be_rewritten_even_directly(referent, meeting):
    services.save_minutes(meeting, text="Approuvé", by=referent)
    approved = services.approve_minutes(meeting, by=referent)
    approved.text = "Réécrit"
    with pytest.raises(ValidationError, match="jamais modifié"):
        approved.save()
    assert Minutes.objects.get().text == "Approuvé"


def test_approving_without_a_draft_says_so(referent, meeting):
    with pytest.raises(ValidationError, match="pas de brouillon"):
        services.approve_minutes(meeting, by=referent)


def test_an_action_without_owner_gets_a_clear_french_message(client_for, referent, meeting):
    url = f"{meeting.get_absolute_url()}actions/"
    response = client_for(referent).post(url, {"title": "Appeler la CAF", "owner": ""})
    assert response.status_code == 400
    assert "Une action a besoin de quelqu" in response.text
    assert not Action.objects.exists()


def test_an_action_goes_to_a_member_only(territory, referent, resident, meeting):
    with pytest.raises(ValidationError, match="membre du groupe"):
        services.add_action(territory, title="x", owner=resident, meeting=meeting, by=referent)
    assert not Action.objects.exists()


def test_open_actions_come_back_at_the_next_meetings_by_themselves(
    client_for, territory, referent, volunteer
):
    first = make_meeting(territory, referent, days=-30)
    second = make_meeting(territory, volunteer, days=5)
    open_one = services.add_action(
        territory, title="Contacter la CAF", owner=volunteer, meeting=first, by=referent
    )
    done_one = services.add_action(
        territory, title="Réserver la salle", owner=referent, meeting=first, by=referent
    )
    services.tick(done_one, done=True)
    Action.objects.filter(pk=done_one.pk).update(done_at=at(-20))  # done before the second meeting
    page = client_for(volunteer).get(second.get_absolute_url()).text
    assert "Contacter la CAF" in page and "Réserver la salle" not in page
    assert Action.objects.count() == 2  # shown, never copied
    # Done during the second meeting: still listed there, not at the third.
    client_for(volunteer).post(f"/coordination/actions/{open_one.public_id}/fait/", {"done": "1"})
    assert Action.objects.get(pk=open_one.pk).done
    Action.objects.filter(pk=open_one.pk).update(done_at=at(5, hour=19))
    third = make_meeting(territory, referent, days=40)
    assert "Contacter la CAF" in client_for(volunteer).get(second.get_absolute_url()).text
    assert "Contacter la CAF" not in client_for(volunteer).get(third.get_absolute_url()).text


def test_planning_the_next_one_copies_the_rhythm_and_rotates_the_facilitator(
    client_for, territory, referent, volunteer, coordinator
):
    # Members by name: Anne Référente, Hélène Coordinatrice, Nadia K.
    tuesday = datetime.datetime(2027, 1, 12, 18, 30, tzinfo=timezone.get_current_timezone())  # 2nd Tuesday
    meeting = services.plan_meeting(
        territory, starts_at=tuesday, place="Mairie", facilitator=volunteer, rhythm="monthly"
    )
    response = client_for(referent).post(f"{meeting.get_absolute_url()}suivante/")
    following = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response["Location"] == following.get_absolute_url()
    assert timezone.localtime(following.starts_at) == datetime.datetime(
        2027, 2, 9, 18, 30, tzinfo=timezone.get_current_timezone()
    )
    assert (following.place, following.rhythm, following.facilitator) == ("Mairie", "monthly", referent)
    # Twice: the date is taken, nothing is created.
    client_for(referent).post(f"{meeting.get_absolute_url()}suivante/")
    assert Meeting.objects.count() == 2


def test_monthly_keeps_the_weekday_and_falls_back_to_the_last_one():
    zone = timezone.get_current_timezone()
    fifth_friday = datetime.datetime(2027, 1, 29, 18, tzinfo=zone)
    assert services.next_date(fifth_friday, "monthly").date() == datetime.date(2027, 2, 26)
    assert services.next_date(datetime.datetime(2026, 12, 1, 18, tzinfo=zone), "monthly").date() == (
        datetime.date(2027, 1, 5)
    )
    assert services.next_date(fifth_friday, "fortnightly").date() == datetime.date(2027, 2, 12)


def test_a_member_plans_a_meeting_with_the_next_facilitator_proposed(client_for, volunteer, referent):
    page = client_for(volunteer).get("/coordination/reunions/nouvelle/").text
    assert "Anne Référente" in page
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client_for(volunteer).post(
        "/coordination/reunions/nouvelle/",
        {"date": day, "time": "18:30", "place": "Salle", "facilitator": referent.pk, "rhythm": "monthly"},
    )
    assert response.status_code == 302
    again = client_for(volunteer).post(
        "/coordination/reunions/nouvelle/",
        {"date": day, "time": "18:30", "place": "Salle", "facilitator": referent.pk, "rhythm": ""},
    )
    assert again.status_code == 400 and "déjà prévue" in again.text
    assert Meeting.objects.count() == 1


def test_the_agenda_is_emailed_once_before_the_meeting(territory, referent, volunteer, resident):
    soon = make_meeting(territory, referent, days=2)
    later = make_meeting(territory, referent, days=20)
    services.propose_item(soon, by=volunteer, title="Bilan du café solidaire")
    mail.outbox.clear()
    call_command("coordination", "send-agendas")
    assert {m.to[0] for m in mail.outbox} == {referent.email, volunteer.email}
    assert "Bilan du café solidaire" in mail.outbox[0].body
    mail.outbox.clear()
    call_command("coordination", "send-agendas")
    assert mail.outbox == []
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.agenda_sent_at and later.agenda_sent_at is None


def test_the_facilitator_sends_the_agenda_by_a_button_once(client_for, referent, volunteer, meeting):
    mail.outbox.clear()
    client_for(referent).post(f"{meeting.get_absolute_url()}envoyer-ordre-du-jour/")
    client_for(referent).post(f"{meeting.get_absolute_url()}envoyer-ordre-du-jour/")
    assert len(mail.outbox) == 2  # two members, once each


def test_the_minutes_print_as_a_pdf(client_for, referent, meeting):
    services.save_minutes(meeting, text="Tour de table", by=referent)
    services.add_decision(meeting, text="Budget voté")
    response = client_for(referent).get(f"{meeting.get_absolute_url()}compte-rendu.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_tagged(response.content)
    assert f"http://a.example.org{meeting.get_absolute_url()}" in links(response.content)
    text = pdf_text(response.content)
    assert "Tour de table" in text and "Budget voté" in text and "brouillon" in text
