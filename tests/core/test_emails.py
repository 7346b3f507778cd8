"""core.emails: every email reads as plain text, links to its territory's site, and waits in a
queue that an SMTP outage cannot empty."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone
from post_office.models import STATUS, Email

import entraide
from entraide.core import emails
from entraide.directory import services as directory_services

from ..board.factories import CategoryFactory, PostFactory
from ..directory.factories import HolderFactory, InitiativeFactory
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

NASTY = 'l\'« aide » <urgente> & "vite"'
ESCAPES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;", "&#34;")
URL = re.compile(r"https?://[^\s>]+")
# Pieces of emails, rendered inside others (and any `email/_name.txt`).
PARTS = {"account/email/base_message.txt", emails.SIGNATURE}
SOURCE = Path(entraide.__file__).parent


def email_templates() -> list[str]:
    """Every `email/*.txt` template of the project, by template name."""
    names = set()
    for path in SOURCE.glob("**/templates/**/email/*.txt"):
        names.add(path.relative_to(next(p for p in path.parents if p.name == "templates")).as_posix())
    return sorted(names)


def parts() -> list[str]:
    return sorted(PARTS | {name for name in email_templates() if Path(name).name.startswith("_")})


def whole_emails() -> list[str]:
    """Template names given to emails.send(): `x.txt` → `x`, `x_subject.txt` + `x_message.txt` → `x`."""
    prefixes = set()
    for name in email_templates():
        if name in parts():
            continue
        pair = re.sub(r"_(subject|message)\.txt$", "", name)
        try:
            get_template(f"{pair}_subject.txt")
            get_template(f"{pair}_message.txt")
        except TemplateDoesNotExist:
            pair = name.removesuffix(".txt")
        prefixes.add(pair)
    return sorted(prefixes)


@pytest.fixture
def nasty_context(territory, commune, neighbourhood):
    territory.name = f"Coufouleux {NASTY}"
    territory.contact_phone = "05 63 00 00 00"
    territory.save()
    person = UserFactory(commune=commune, neighbourhood=neighbourhood, display_name=f"Zoé {NASTY}")
    post = PostFactory(
        author=person,
        title=f"Besoin {NASTY}",
        category=CategoryFactory(territory=territory, name=f"Courses {NASTY}"),
    )
    initiative = InitiativeFactory(commune=commune, name=f"Épicerie {NASTY}")
    url = emails.absolute_url(territory, "/un/lien/")
    return {
        "person": person,
        "post": post,
        "sender": person,
        "referent": person,
        "user": person,
        "initiative": initiative,
        "items": [{"post": post, "url": url, "title": f"Point {NASTY}"}],
        "meetup": SimpleNamespace(title=f"Goûter {NASTY}", what_to_bring=f"Gâteaux {NASTY}"),
        "registration": SimpleNamespace(person=person),
        "when": f"samedi {NASTY}",
        "where": f"Salle {NASTY}",
        "claim": SimpleNamespace(
            helper=person,
            receiver=person,
            answered_by=person,
            minutes=90,
            paid_minutes=45,
            happened_on=datetime.date(2026, 3, 12),
            description=NASTY,
        ),
        "days": 3,
        "room": f"Salle {NASTY}",
        "dates": [{"when": f"samedi {NASTY}", "reason": f"Déjà prêtée {NASTY}"}],
        "refused_dates": [{"when": f"dimanche {NASTY}", "reason": f"Déjà prêtée {NASTY}"}],
        "years": 3,
        "erase_on": datetime.date(2026, 12, 24),
        "people": [(person, url)],
        "reason": f"Merci {NASTY}",
        "code": "ABC-123",
        # Lending, micro-initiatives and the coordination group.
        "name": f"Salle {NASTY}",
        "title": f"Jardin {NASTY}",
        "what": f"Affiches {NASTY}",
        "who": f"Asso {NASTY}",
        "topic": f"Trouver une salle {NASTY}",
        "span": f"samedi {NASTY}",
        "date": f"lundi {NASTY}",
        "status": f"acceptée {NASTY}",
        "place": f"Mairie {NASTY}",
        "amount": "500 €",
        "version": 2,
        "call": SimpleNamespace(title=f"Appel {NASTY}"),  # blocktranslate arguments below too
        "item": SimpleNamespace(
            name=f"Salle {NASTY}", care_notes=NASTY, conditions=NASTY, place=f"Cambon {NASTY}"
        ),
        "booking": SimpleNamespace(refusal_reason=NASTY, purpose=NASTY, borrower_display=f"Asso {NASTY}"),
        "request": SimpleNamespace(
            refusal_reason=NASTY,
            item=SimpleNamespace(name=f"Affiches {NASTY}"),
            wanted_by=datetime.date(2026, 3, 12),
            get_status_display=f"acceptée {NASTY}",
            what=f"Affiches A3 {NASTY}",
            requester=person,
        ),
        "project": SimpleNamespace(
            is_granted=True,
            status="accepted",
            statement=NASTY,
            title=f"Jardin {NASTY}",
            call=SimpleNamespace(title=f"Appel {NASTY}"),
            applicant=person,
        ),
        "support": SimpleNamespace(
            description=NASTY, get_topic_display=f"Communiquer {NASTY}", requester=person
        ),
        "meeting": SimpleNamespace(facilitator=person, place=f"Mairie {NASTY}"),
        "minutes": SimpleNamespace(text=f"Compte rendu {NASTY}", version=2),
        "open_actions": [SimpleNamespace(owner=person, title=f"Action {NASTY}")],
        "email": person.email,
        **{
            key: url
            for key in (
                "url",
                "preferences_url",
                "activate_url",
                "password_reset_url",
                "password_url",
                "signup_url",
                "login_url",
                "meetup_url",
                "cancel_url",
                "call_url",
                "project_url",
                "follow_url",
                "meeting_url",
            )
        },
    }


def assert_plain_and_on_host(text: str, host: str) -> None:
    for escape in ESCAPES:
        assert escape not in text, f"HTML escape {escape} in:\n{text}"
    for url in URL.findall(text):
        assert urlsplit(url).netloc == host, f"{url} is not on {host}:\n{text}"


def test_the_project_has_email_templates_to_check():
    assert {"people/email/login_given", "directory/email/remind_stale"} <= set(whole_emails())
    assert "account/email/email_confirmation" in whole_emails()


@pytest.mark.parametrize("template", whole_emails())
def test_every_email_reads_as_plain_text_with_links_on_the_territory_host(template, territory, nasty_context):
    person = nasty_context["person"]
    emails.send(template, to=person, context=nasty_context, territory=territory, notification=True)
    (message,) = mail.outbox
    assert_plain_and_on_host(message.subject, "a.example.org")
    assert_plain_and_on_host(message.body, "a.example.org")
    assert message.subject.startswith("[Entraide] ")
    assert "\n" not in message.subject
    assert f"Coufouleux {NASTY}" in message.body  # the territory's signature, unescaped
    assert "05 63 00 00 00" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{emails.unsubscribe_url(person)}>"


@pytest.mark.parametrize("template", parts())
def test_every_part_of_an_email_is_plain_text_too(template, territory, nasty_context):
    text = emails.render_text(template, {**nasty_context, "territory": territory, "site_url": "http://x/"})
    assert_plain_and_on_host(text.replace("http://x/", ""), "a.example.org")


def test_names_with_apostrophes_and_brackets_come_out_as_typed(territory, commune, resident):
    initiative = InitiativeFactory(commune=commune, name="L'épicerie <solidaire> & co")
    emails.send(
        "directory/email/remind_stale",
        to=resident,
        context={"initiative": initiative, "url": emails.absolute_url(territory, "/")},
        territory=territory,
    )
    assert "L'épicerie <solidaire> & co" in mail.outbox[0].subject
    assert "L'épicerie <solidaire> & co" in mail.outbox[0].body


def test_links_use_the_territory_first_host_and_the_configured_scheme(settings, territory, other_territory):
    settings.URL_SCHEME = "https"
    assert emails.absolute_url(territory, "/tableau/") == "https://a.example.org/tableau/"
    assert emails.absolute_url(other_territory, "/tableau/") == "https://b.example.org/tableau/"


def test_a_territory_without_host_name_uses_the_default_host(settings):
    from ..factories import TerritoryFactory

    settings.DEFAULT_HOST = "entraide.example.fr"
    alone = TerritoryFactory(hostnames="")
    assert emails.absolute_url(alone, "/") == "http://entraide.example.fr/"


def test_it_writes_in_the_person_language_with_dates_of_that_language(territory, commune, resident):
    initiative = InitiativeFactory(commune=commune, name="Jardin", last_checked_on=datetime.date(2025, 3, 12))
    context = {"initiative": initiative, "url": emails.absolute_url(territory, "/")}
    emails.send("directory/email/remind_stale", to=resident, context=context, territory=territory)
    resident.language = "en"  # a person's chosen language, when the model has one
    emails.send("directory/email/remind_stale", to=resident, context=context, territory=territory)
    french, english = mail.outbox
    assert "12 mars 2025" in french.body and "à jour" in french.subject
    assert "March 12, 2025" in english.body and "up to date" in english.subject


def test_it_sends_nothing_without_an_address(territory):
    assisted = UserFactory(territory=territory, email=None, is_assisted=True)
    assert emails.send("people/email/login_given", to=assisted, context={}, territory=territory) is None
    assert not mail.outbox


def test_it_refuses_a_notification_to_a_bare_address(territory):
    with pytest.raises(ValueError):
        emails.send(
            "directory/email/remind_stale", to="x@example.org", territory=territory, notification=True
        )


def test_only_notifications_carry_an_unsubscribe_link(territory, commune, resident):
    initiative = InitiativeFactory(commune=commune)
    context = {"initiative": initiative, "url": emails.absolute_url(territory, "/")}
    emails.send("directory/email/remind_stale", to=resident, context=context, territory=territory)
    emails.send(
        "directory/email/remind_stale", to=resident, context=context, territory=territory, notification=True
    )
    plain, notification = mail.outbox
    assert "List-Unsubscribe" not in plain.extra_headers and "/desabonnement/" not in plain.body
    url = emails.unsubscribe_url(resident)
    assert url.startswith("http://a.example.org/desabonnement/") and url in notification.body
    assert notification.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# Unsubscribing


def test_the_unsubscribe_link_asks_before_acting_and_needs_no_login(anonymous, resident, monkeypatch):
    stopped = []
    monkeypatch.setattr(emails, "unsubscribe", stopped.append)
    path = urlsplit(emails.unsubscribe_url(resident)).path
    page = anonymous.get(path)
    assert page.status_code == 200 and "Ne plus recevoir" in page.text
    assert stopped == []  # a link checker opening it changes nothing


def test_the_one_click_unsubscribe_works_without_a_form(resident, monkeypatch):
    stopped = []
    monkeypatch.setattr(emails, "unsubscribe", stopped.append)
    client = Client(HTTP_HOST="a.example.org", enforce_csrf_checks=True)
    path = urlsplit(emails.unsubscribe_url(resident)).path
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert stopped == [resident]


def test_the_unsubscribe_link_refuses_a_forged_token_or_another_territory(
    client_for, anonymous, resident, outsider
):
    good = urlsplit(emails.unsubscribe_url(resident)).path
    assert anonymous.get(good[:-3] + "xx/").status_code == 404
    assert anonymous.get(f"/desabonnement/{resident.public_id}/").status_code == 404
    elsewhere = urlsplit(emails.unsubscribe_url(outsider)).path
    assert anonymous.get(elsewhere).status_code == 404  # asked on a.example.org, outsider lives on b


# The queue


class BrokenSMTP(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def queue(settings):
    settings.EMAIL_BACKEND = "entraide.core.emails.QueueBackend"
    settings.EMAIL_SEND_ON_COMMIT = False
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.core.test_emails.BrokenSMTP"},
    }
    return settings


def stale_entry(commune, resident):
    entry = InitiativeFactory(
        commune=commune, last_checked_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    HolderFactory(initiative=entry, user=resident)
    return entry


@pytest.mark.django_db(transaction=True)
def test_an_smtp_outage_fails_no_action_and_loses_no_email(queue, client_for, referent, commune, resident):
    stale_entry(commune, resident)
    response = client_for(referent).post("/initiatives/a-verifier/")
    assert response.status_code == 302  # the action succeeded
    (queued,) = Email.objects.all()
    assert queued.to == [resident.email] and queued.status == STATUS.queued
    assert not mail.outbox

    call_command("send_queued_mail")  # the mail server is down
    queued.refresh_from_db()
    assert queued.status == STATUS.requeued and queued.number_of_retries == 1
    assert queued.scheduled_time > timezone.now()  # tried again later, not at once

    queue.POST_OFFICE = {
        **queue.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }
    Email.objects.update(scheduled_time=timezone.now())  # …later
    call_command("send_queued_mail")
    queued.refresh_from_db()
    assert queued.status == STATUS.sent
    (message,) = mail.outbox
    assert message.to == [resident.email] and "http://a.example.org/initiatives/" in message.body


def test_an_email_is_queued_in_the_transaction_of_its_action(queue, territory, commune, resident):
    from django.db import transaction

    stale_entry(commune, resident)
    with pytest.raises(RuntimeError), transaction.atomic():
        directory_services.remind_stale_holders(territory)
        assert Email.objects.count() == 1
        raise RuntimeError("the action fails after queuing")
    assert Email.objects.count() == 0  # nothing half-done: no email for an action that did not happen


def test_in_development_the_queue_goes_out_as_the_action_commits(
    queue, territory, commune, resident, django_capture_on_commit_callbacks
):
    queue.EMAIL_SEND_ON_COMMIT = True
    queue.POST_OFFICE = {
        **queue.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }
    stale_entry(commune, resident)
    with django_capture_on_commit_callbacks(execute=True):
        directory_services.remind_stale_holders(territory)
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert Email.objects.get().status == STATUS.sent


def test_the_settings_queue_every_email():
    from entraide import settings  # as read from the environment, before the tests' locmem backend

    assert settings.EMAIL_BACKEND == "entraide.core.emails.QueueBackend"
    assert settings.POST_OFFICE["MAX_RETRIES"] * settings.POST_OFFICE["RETRY_INTERVAL"] >= datetime.timedelta(
        days=2
    )


def test_the_unsubscribe_page_is_valid_html(anonymous, resident, tmp_path):
    from ..test_html_validity import assert_valid_html

    assert_valid_html({"unsubscribe": (anonymous, urlsplit(emails.unsubscribe_url(resident)).path)}, tmp_path)


# Emails of the accounts and of the people app, as residents receive them


def test_the_signup_email_is_built_like_every_email(anonymous, territory, commune):
    anonymous.post(
        "/compte/inscription/",
        {
            "display_name": "Lucie <l'aînée> & co",
            "email": "lucie@example.org",
            "password1": "un mot de passe solide 42",
            "password2": "un mot de passe solide 42",
            "commune": commune.pk,
        },
    )
    (message,) = mail.outbox
    assert message.subject == "[Entraide] Confirmez votre adresse e-mail"
    assert message.body.startswith("Bonjour,")
    assert "Entraide à Coufouleux et alentours" in message.body
    assert_plain_and_on_host(message.body, "a.example.org")
    assert "List-Unsubscribe" not in message.extra_headers


def test_an_assisted_person_given_a_login_gets_a_link_that_opens_the_password_form(
    client_for, anonymous, referent, commune
):
    person = UserFactory(commune=commune, assisted=True)
    client_for(referent).post(
        f"/accueil/personnes/{person.public_id}/identifiant/", {"email": "g@example.org"}
    )
    (message,) = mail.outbox
    assert message.to == ["g@example.org"] and "Anne Référente vous a créé un accès" in message.body
    assert_plain_and_on_host(message.body, "a.example.org")
    link = next(line for line in message.body.splitlines() if "/compte/mot-de-passe/nouveau/" in line)
    form = anonymous.get(urlsplit(link).path, follow=True)
    assert form.status_code == 200 and 'name="password1"' in form.text


# The board's news, the notifications one can stop


def test_the_board_news_carry_the_unsubscribe_link_and_headers(resident, neighbour):
    from entraide.board import services as board_services
    from entraide.board.enums import Frequency
    from entraide.board.models import NotificationPreference

    NotificationPreference.objects.create(user=neighbour, frequency=Frequency.IMMEDIATE)
    post = PostFactory(author=resident, title="Besoin d'aide <vite> & bien")
    board_services.notify_new_post(post)
    (message,) = mail.outbox
    assert message.to == [neighbour.email]
    assert "Besoin d'aide <vite> & bien" in message.subject
    assert message.extra_headers["List-Unsubscribe"] == f"<{emails.unsubscribe_url(neighbour)}>"
    assert emails.unsubscribe_url(neighbour) in message.body


def test_unsubscribing_stops_the_board_news_and_the_waiting_digest(anonymous, resident, neighbour):
    from entraide.board.enums import Frequency
    from entraide.board.models import NotificationPreference, PendingNotification

    PendingNotification.objects.create(user=neighbour, post=PostFactory(author=resident))
    response = anonymous.post(urlsplit(emails.unsubscribe_url(neighbour)).path)
    assert response.status_code == 200 and "C’est fait" in response.text
    assert NotificationPreference.objects.get(user=neighbour).frequency == Frequency.NEVER
    assert not PendingNotification.objects.filter(user=neighbour).exists()


# The recipient's language, as kept on their account


def test_an_english_speaker_account_gets_english_emails(territory, commune):
    from entraide.people.models import User

    person = UserFactory(commune=commune, language="en")
    person = User.objects.get(pk=person.pk)  # as read by a worker or a command, with no request
    initiative = InitiativeFactory(commune=commune, name="Jardin", last_checked_on=datetime.date(2025, 3, 12))
    context = {"initiative": initiative, "url": emails.absolute_url(territory, "/")}
    emails.send("directory/email/remind_stale", to=person, context=context, territory=territory)
    (message,) = mail.outbox
    assert "up to date" in message.subject and "March 12, 2025" in message.body
    assert "Bonjour" not in message.body


def test_a_language_given_for_a_bare_address_wins(territory, commune):
    initiative = InitiativeFactory(commune=commune, name="Jardin", last_checked_on=datetime.date(2025, 3, 12))
    context = {"initiative": initiative, "url": emails.absolute_url(territory, "/")}
    emails.send("directory/email/remind_stale", to="x@example.org", context=context, territory=territory)
    template, address = "directory/email/remind_stale", "x@example.org"
    emails.send(template, to=address, context=context, territory=territory, language="en")
    french, english = mail.outbox
    assert "à jour" in french.subject and "up to date" in english.subject
