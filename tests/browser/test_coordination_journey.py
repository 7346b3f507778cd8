"""The coordination group in Chromium, the issue's "Done means": a member proposes an agenda item;
the facilitator runs the meeting from a phone (390 px, JavaScript disabled): attendance, minutes,
a decision, an action with its owner (refused without one), approval, the minutes emailed; the
next meeting is planned in the rhythm, and the open action is on its page by itself.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from entraide.coordination import services
from entraide.coordination.models import Action, AgendaItem, Meeting, Minutes
from entraide.people.enums import RoleKind
from entraide.people.models import Role, User
from tests.browser.journey import log_in, submit

PASSWORD = "entraide-demo"
PHONE = {"width": 390, "height": 844}
MEMBER = "habitant8@demo.entraide.invalid"  # Nadia K., a volunteer resident of the group
FACILITATOR = "referent.81070@demo.entraide.invalid"  # Anne, referent of Coufouleux


@pytest.fixture
def meeting(demo_territory) -> Meeting:
    nadia = User.objects.get(email=MEMBER)
    Role.objects.create(user=nadia, territory=demo_territory, kind=RoleKind.COORDINATOR)
    start = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=1),
        datetime.time(18, 30),
        tzinfo=timezone.get_current_timezone(),
    )
    return services.plan_meeting(
        demo_territory,
        starts_at=start,
        place="Mairie, salle du conseil",
        facilitator=User.objects.get(email=FACILITATOR),
        rhythm="monthly",
    )


def test_a_member_proposes_and_the_facilitator_runs_the_meeting_from_a_phone(
    new_context, visit, assert_accessible, meeting
):
    url = meeting.get_absolute_url()
    # A member finds the space in the menu and proposes an item.
    member = new_context(viewport=PHONE).new_page()
    log_in(member, visit, MEMBER)
    visit("/coordination/", on=member)
    member.locator(f"main a[href='{url}']").first.click()
    member.wait_for_url(f"**{url}")
    assert_accessible(member)
    member.locator("main input[name=title]").first.fill("Fête des voisins en juin")
    submit(member, f'form[action="{url}ordre-du-jour/"]')
    assert_accessible(member)
    assert AgendaItem.objects.get(meeting=meeting).title == "Fête des voisins en juin"

    # The facilitator, on a phone without JavaScript, sends the agenda, then runs the meeting.
    phone = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(phone, visit, FACILITATOR)
    visit(url, on=phone)
    assert "Fête des voisins en juin" in phone.locator("main").inner_text()
    mail.outbox.clear()
    submit(phone, f'form[action="{url}envoyer-ordre-du-jour/"]')
    assert MEMBER in {m.to[0] for m in mail.outbox}

    nadia = User.objects.get(email=MEMBER)
    anne = User.objects.get(email=FACILITATOR)
    for person in (nadia, anne):
        phone.locator(f"main input[name=present][value='{person.pk}']").check()
    submit(phone, f'form[action="{url}presences/"]')
    assert set(meeting.attendances.values_list("person", flat=True)) == {nadia.pk, anne.pk}

    phone.locator("main textarea[name=text]").fill("Tour de table. La fête des voisins aura lieu le 14 juin.")
    submit(phone, f'form[action="{url}compte-rendu/"]')
    phone.locator("main input[name=text]").fill("La fête des voisins a lieu le 14 juin.")
    submit(phone, f'form[action="{url}decisions/"]')

    # An action without owner: a clear French message, the focus on it, nothing saved.
    action_form = f'form[action="{url}actions/"]'
    phone.locator(f"main {action_form} input[name=title]").fill("Réserver la salle des fêtes")
    submit(phone, action_form)
    assert_accessible(phone)
    assert phone.title().startswith("Erreur")
    assert "Une action a besoin de quelqu" in phone.locator("main").inner_text()
    assert not Action.objects.exists()
    phone.locator(f"main {action_form} input[name=title]").fill("Réserver la salle des fêtes")
    phone.locator(f"main {action_form} select[name=owner]").select_option(str(nadia.pk))
    submit(phone, action_form)
    assert Action.objects.get().owner == nadia

    # Approved: the meeting is held, the minutes go out.
    mail.outbox.clear()
    submit(phone, f'form[action="{url}compte-rendu/approuver/"]')
    assert_accessible(phone)
    assert Minutes.objects.get(meeting=meeting).approved
    assert {m.to[0] for m in mail.outbox} >= {MEMBER, FACILITATOR}
    assert "14 juin" in mail.outbox[0].body
    pdf = phone.request.get(f"{url}compte-rendu.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    # The next one, in the rhythm, with the next facilitator; the open action is on its page.
    submit(phone, f'form[action="{url}suivante/"]')
    following = Meeting.objects.exclude(pk=meeting.pk).get()
    phone.wait_for_url(f"**{following.get_absolute_url()}")
    assert_accessible(phone)
    assert following.facilitator != anne
    assert "Réserver la salle des fêtes" in phone.locator("main #carried").inner_text()

    # Nadia ticks it done from her phone.
    visit(following.get_absolute_url(), on=member)
    action = Action.objects.get()
    submit(member, f'form[action="/coordination/actions/{action.public_id}/fait/"]')
    assert Action.objects.get().done
