"""Micro-initiatives in Chromium without JavaScript, the issue's "Done means": the referent opens a
call with the form's defaults; a resident on a phone (390 px) saves a draft and applies; a reviewer
who declares a conflict of interest no longer sees that project's review form; a decision that
would pass the envelope is refused with a French message; the results and statements are public
and the applicant was emailed; a support request reaches a mentor and is followed to done; the
funding summary PDF adds up. axe and the RGAA checks run on every page opened.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import datetime
import time

import pytest
from django.core import mail

from entraide.people.models import User
from entraide.projects.enums import ProjectStatus, SupportStatus
from entraide.projects.models import Call, FundingLine, Mentor, Payment, Project, SupportRequest
from tests.browser.journey import log_in, submit
from tests.pdfs import pdf_text
from tests.projects.factories import accept, make_project

PASSWORD = "entraide-demo"
PHONE = {"width": 390, "height": 844}
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L.
MENTOR = "habitant8@demo.entraide.invalid"  # Nadia K.
REFERENT = "referent.81070@demo.entraide.invalid"
COORDINATOR = "coordination@demo.entraide.invalid"


@pytest.fixture(autouse=True)
def send_emails_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_call_from_opening_to_results_support_and_money(new_context, visit, assert_accessible):
    # The referent opens a call: the form is filled with usual values; a title and the envelope.
    started = time.monotonic()
    referent_page = new_context(javascript=False).new_page()
    log_in(referent_page, visit, REFERENT)
    visit("/accueil/projets/", on=referent_page)
    visit("/accueil/projets/appels/nouveau/", on=referent_page)
    referent_page.locator("main input[name=title]").fill("Initiatives d'entraide 2027")
    referent_page.locator("main input[name=envelope]").fill("3000")
    referent_page.locator("main input[name=max_per_project]").fill("500")
    submit(referent_page, "form:has(input[name=envelope])")
    assert_accessible(referent_page)
    call = Call.objects.get()
    assert (call.envelope, call.max_per_project, call.is_open()) == (3000, 500, True)
    assert time.monotonic() - started < 300

    # A resident on a phone, without JavaScript, finds it, saves a draft, then applies.
    resident_page = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(resident_page, visit, RESIDENT)
    visit("/projets/", on=resident_page)
    resident_page.locator(f"main a[href='{call.get_absolute_url()}']").first.click()
    resident_page.wait_for_url(f"**{call.get_absolute_url()}")
    assert_accessible(resident_page)
    visit(f"/projets/appels/{call.slug}/candidater/", on=resident_page)
    resident_page.locator("main input[name=title]").fill("Jardin partagé de la Gare")
    submit(resident_page, "form:has(input[name=title])", "button[value=draft]")
    assert_accessible(resident_page)
    draft = Project.objects.get(title="Jardin partagé de la Gare")
    assert draft.status == ProjectStatus.DRAFT
    resident_page.locator("main textarea[name=description]").fill(
        "Des bacs de légumes au pied des immeubles."
    )
    resident_page.locator("main input[name=when]").fill("de mars à octobre")
    resident_page.locator("main input[name=amount_asked]").fill("12,50")
    resident_page.locator("main textarea[name=mutual_aid]").fill("On jardine ensemble et on partage.")
    resident_page.locator("main input[name=contact]").fill("06 12 34 56 78")
    submit(resident_page, "form:has(input[name=title])", "button[value=submit]")
    assert_accessible(resident_page)  # the error summary has the focus
    assert "nombre entier d’euros" in resident_page.locator("main .error-summary").inner_text()
    resident_page.locator("main input[name=amount_asked]").fill("500")
    submit(resident_page, "form:has(input[name=title])", "button[value=submit]")
    assert_accessible(resident_page)
    draft.refresh_from_db()
    assert draft.status == ProjectStatus.SUBMITTED and draft.amount_asked == 500
    assert any(m.to == [RESIDENT] for m in mail.outbox)

    # Other applications take 2 500 € of the envelope.
    coordinator = User.objects.get(email=COORDINATOR)
    for number in (1, 2, 4, 5, 6):
        applicant = User.objects.get(email=f"habitant{number}@demo.entraide.invalid")
        accept(make_project(call, applicant, title=f"Projet {number}", amount=500), coordinator, 500)
    late = make_project(call, User.objects.get(email="habitant7@demo.entraide.invalid"), title="Trop tard")

    # The coordinator declares a conflict on the garden: its review form is gone for her.
    coordinator_page = new_context(javascript=False).new_page()
    log_in(coordinator_page, visit, COORDINATOR)
    visit(f"/accueil/projets/appels/{call.slug}/", on=coordinator_page)
    visit(f"/accueil/projets/candidatures/{draft.public_id}/", on=coordinator_page)
    submit(coordinator_page, f'form[action="/accueil/projets/candidatures/{draft.public_id}/conflit/"]')
    assert_accessible(coordinator_page)
    assert coordinator_page.locator(f"main a[href*='{draft.public_id}']").count() == 0
    visit(f"/accueil/projets/candidatures/{draft.public_id}/", on=coordinator_page, status=404)

    # The referent accepts the garden (the envelope is then spent), and cannot pass it.
    mail.outbox.clear()
    visit(f"/accueil/projets/candidatures/{draft.public_id}/", on=referent_page)
    decide = f'form[action="/accueil/projets/candidatures/{draft.public_id}/decision/"]'
    referent_page.locator(f"main {decide} input[name=status][value=accepted]").check()
    referent_page.locator(f"main {decide} input[name=granted_amount]").fill("500")
    referent_page.locator(f"main {decide} input[name=starts_on]").fill(
        (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    )
    referent_page.locator(f"main {decide} input[name=ends_on]").fill(
        (datetime.date.today() + datetime.timedelta(days=120)).isoformat()
    )
    referent_page.locator(f"main {decide} textarea[name=statement]").fill(
        "Un jardin qui rassemble le quartier."
    )
    submit(referent_page, decide)
    assert_accessible(referent_page)
    assert Project.objects.get(pk=draft.pk).status == ProjectStatus.ACCEPTED
    visit(f"/accueil/projets/candidatures/{late.public_id}/", on=referent_page)
    decide = f'form[action="/accueil/projets/candidatures/{late.public_id}/decision/"]'
    referent_page.locator(f"main {decide} input[name=status][value=accepted]").check()
    referent_page.locator(f"main {decide} input[name=granted_amount]").fill("100")
    referent_page.locator(f"main {decide} input[name=starts_on]").fill(
        (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    )
    referent_page.locator(f"main {decide} input[name=ends_on]").fill(
        (datetime.date.today() + datetime.timedelta(days=120)).isoformat()
    )
    referent_page.locator(f"main {decide} textarea[name=statement]").fill("Oui")
    submit(referent_page, decide)
    assert_accessible(referent_page)
    assert "dépasserait l'enveloppe" in referent_page.locator("main .error-summary").inner_text()
    assert Project.objects.get(pk=late.pk).status == ProjectStatus.SUBMITTED
    assert Call.objects.get(pk=call.pk).granted == 3000

    # The results and the statement are public; the applicant was emailed.
    public_page = new_context(javascript=False).new_page()
    visit(call.get_absolute_url(), on=public_page)
    assert "Un jardin qui rassemble le quartier." in public_page.locator("main").inner_text()
    visit(Project.objects.get(pk=draft.pk).get_absolute_url(), on=public_page)
    assert "06 12 34 56 78" not in public_page.content()
    assert [m.to for m in mail.outbox] == [[RESIDENT]]
    assert "Un jardin qui rassemble le quartier." in mail.outbox[0].body

    # A support request reaches the mentor, who follows it to done.
    mentor = User.objects.get(email=MENTOR)
    Mentor.objects.create(territory=mentor.territory, person=mentor, offer="Animation, EVS")
    mail.outbox.clear()
    visit("/projets/accompagnement/", on=resident_page)
    resident_page.locator("main input[name=topic][value=meeting]").check()
    resident_page.locator("main textarea[name=description]").fill("Animer la première réunion du jardin")
    submit(resident_page, "form:has(textarea[name=description])")
    assert_accessible(resident_page)
    support = SupportRequest.objects.get()
    assert [MENTOR] in [m.to for m in mail.outbox]
    follow = f"/projets/accompagnement/{support.public_id}/"
    visit(follow, on=referent_page)
    referent_page.locator("main select[name=mentor]").select_option(str(Mentor.objects.get().pk))
    submit(referent_page, "form:has(textarea[name=note])")
    assert_accessible(referent_page)
    mentor_page = new_context(javascript=False, viewport=PHONE).new_page()
    log_in(mentor_page, visit, MENTOR)
    visit(follow, on=mentor_page)
    mentor_page.locator("main textarea[name=note]").fill("Réunion tenue, douze voisins")
    mentor_page.locator("main input[name=done]").check()
    submit(mentor_page, "form:has(textarea[name=note])")
    assert_accessible(mentor_page)
    assert SupportRequest.objects.get().status == SupportStatus.DONE

    # Money in and out: the PDF adds up.
    garden = Project.objects.get(pk=draft.pk)
    Payment.objects.create(project=garden, paid_on=garden.decided_at.date(), amount=500)
    FundingLine.objects.create(
        territory=call.territory,
        funder_kind="caf",
        funder="CAF du Tarn",
        amount_asked=1200,
        amount_obtained=1000,
        answered_on=garden.decided_at.date(),
        status="obtained",
    )
    year = garden.decided_at.year
    visit(f"/accueil/projets/bilan/?annee={year}", on=referent_page)
    text = pdf_text(referent_page.request.get(f"/accueil/projets/bilan.pdf?annee={year}").body())
    for figure in ("1000", "500", "Solde"):
        assert figure in text
