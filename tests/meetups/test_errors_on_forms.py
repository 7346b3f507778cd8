"""Bad input in the meetups' forms stays on its form, tied to its field (RGAA 11.10): cancelling a date
that is not one, registering with too many guests or twice, trusting an unknown address. The same page
comes back, bound, answered 400, the field marked invalid and described by its error, the summary
focused and the title starting "Erreur :", never a redirect with a page-top message."""

import datetime

import pytest
from django.utils import timezone

from entraide.meetups import services
from entraide.meetups.models import Occurrence, Registration, TrustedOrganiser

from ..factories import CommuneFactory, UserFactory
from ..helpers import assert_errors_focused
from .factories import make_meetup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def assert_on_its_form(response, field_id: str, error: str, value: str | None = None) -> str:
    assert response.status_code == 400, response.status_code
    page = response.text
    assert_errors_focused(page)
    assert f'<a href="#{field_id}">' in page
    assert f'id="{field_id}_error"' in page and 'aria-invalid="true"' in page
    assert f'aria-describedby="{field_id}_error"' in page or f'{field_id}_helptext {field_id}_error"' in page
    assert error in page
    assert "message-error" not in page  # no page-top message instead
    if value is not None:
        assert f'value="{value}"' in page
    assert page.count(f'id="{field_id}"') == 1
    return page


@pytest.fixture
def cafe(referent):
    return make_meetup(referent, title="Café du mardi", rrule="FREQ=WEEKLY;BYDAY=TU")


def test_cancelling_no_date_stays_on_the_meetup_page(client_for, referent, cafe):
    response = client_for(referent).post(f"/rencontres/{cafe.slug}/annuler-une-date/", {"date": ""})
    page = assert_on_its_form(response, "id_date", "Indiquez la date à annuler.")
    assert "<h1>Café du mardi</h1>" in page
    assert not Occurrence.objects.filter(cancelled=True).exists()


def test_cancelling_a_day_without_the_meetup_says_so_on_the_date_field(client_for, referent, cafe):
    first = Occurrence.objects.filter(meetup=cafe).order_by("starts_at").first()
    wednesday = (first.starts_at + datetime.timedelta(days=1)).astimezone().date().isoformat()
    response = client_for(referent).post(f"/rencontres/{cafe.slug}/annuler-une-date/", {"date": wednesday})
    page = assert_on_its_form(response, "id_date", "il n’y a rien à annuler", value=wednesday)
    # The page's links still lead to the meetup's page, not to the address the form was sent to.
    assert f'href="/rencontres/{cafe.slug}/?date=' in page and 'href="?date=' not in page
    assert not Occurrence.objects.filter(cancelled=True).exists()
    # A real date is cancelled, and the organiser goes back to the page.
    day = first.starts_at.astimezone().date().isoformat()
    ok = client_for(referent).post(f"/rencontres/{cafe.slug}/annuler-une-date/", {"date": day})
    assert ok.status_code == 302 and Occurrence.objects.get(pk=first.pk).cancelled


@pytest.fixture
def workshop(referent):
    return make_meetup(
        referent, title="Atelier couture", registration_required=True, capacity=10, guests_allowed=1
    )


def test_too_many_guests_stay_on_the_registration_form_of_that_date(client_for, resident, workshop):
    occurrence = workshop.occurrences.get()
    response = client_for(resident).post(
        f"/rencontres/dates/{occurrence.public_id}/inscription/", {"guests": 3}
    )
    page = assert_on_its_form(response, "id_guests", "au plus 1 personne", value="3")
    assert "<h1>Atelier couture</h1>" in page
    assert f'action="/rencontres/dates/{occurrence.public_id}/inscription/"' in page
    assert not Registration.objects.exists()
    ok = client_for(resident).post(f"/rencontres/dates/{occurrence.public_id}/inscription/", {"guests": 1})
    assert ok.status_code == 302 and Registration.objects.get().guests == 1


def test_a_refused_registration_stays_on_the_form_sent(client_for, resident, workshop):
    occurrence = workshop.occurrences.get()
    # Started meanwhile (and not over): the error on the form sent, which is still shown.
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    response = client_for(resident).post(
        f"/rencontres/dates/{occurrence.public_id}/inscription/", {"guests": 1}
    )
    assert response.status_code == 400
    page = response.text
    assert_errors_focused(page)
    assert "déjà commencé ou est terminée" in page and 'value="1"' in page
    assert "message-error" not in page
    assert not Registration.objects.filter(occurrence=occurrence).exists()


def test_registering_twice_says_so_on_the_page_whose_form_is_no_longer_shown(client_for, resident, workshop):
    occurrence = workshop.occurrences.get()
    services.register(occurrence, resident)
    response = client_for(resident).post(
        f"/rencontres/dates/{occurrence.public_id}/inscription/", {"guests": 0}
    )
    assert response.status_code == 400
    page = response.text
    # The form is replaced by "You are registered": the error is said once, at the top of that page.
    assert "<title>Erreur\u00a0:" in page and "Annuler mon inscription" in page
    assert page.count("Vous êtes déjà inscrit") == 1 and "message-error" in page
    assert Registration.objects.filter(person=resident).count() == 1


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Indiquez l’adresse email de la personne."),
        ("pas-une-adresse", "adresse"),
        ("inconnue@example.org", "Personne du territoire n’a cette adresse email."),
        ("ailleurs@example.org", "Personne du territoire n’a cette adresse email."),
    ],
)
def test_trusting_an_unknown_address_stays_on_the_desks_form(
    client_for, referent, other_territory, email, error
):
    UserFactory(commune=CommuneFactory(territory=other_territory), email="ailleurs@example.org")
    response = client_for(referent).post("/accueil/rencontres/confiance/", {"email": email})
    page = assert_on_its_form(response, "trust-email", error, value=email or None)
    assert "<h1>Rencontres à l’accueil</h1>" in page
    assert not TrustedOrganiser.objects.exists()


def test_trusting_a_person_of_the_territory_by_their_address_then_withdrawing(client_for, referent, resident):
    response = client_for(referent).post("/accueil/rencontres/confiance/", {"email": resident.email.upper()})
    assert response.status_code == 302
    assert TrustedOrganiser.objects.get().person == resident
    page = client_for(referent).get("/accueil/rencontres/").text
    assert 'id="trust-email"' in page and 'autocomplete="off"' in page and "Sophie L." in page
    response = client_for(referent).post(
        "/accueil/rencontres/confiance/", {"remove": str(resident.public_id)}
    )
    assert response.status_code == 302 and not TrustedOrganiser.objects.exists()


@pytest.mark.parametrize("decision", [None, "", "oui", "ACCEPT"])
def test_a_decision_other_than_the_two_buttons_refuses_nobody(
    client_for, referent, resident, decision, mailoutbox
):
    meetup = make_meetup(referent, registration_required=True, capacity=5, approval_required=True)
    registration = services.register(meetup.occurrences.get(), resident)
    sent = len(mailoutbox)
    data = {} if decision is None else {"decision": decision}
    response = client_for(referent).post(f"/rencontres/inscriptions/{registration.public_id}/decider/", data)
    assert response.status_code == 400
    assert Registration.objects.get().status == "pending" and len(mailoutbox) == sent
