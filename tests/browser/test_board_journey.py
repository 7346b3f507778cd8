"""The board in Chromium: a request answered by a neighbour, recorded; a desk request relayed and printed.

Fields and buttons are found by their `name` or their form's address, never by their wording.
"""

import re

import pytest
import segno
from django.core import mail

from entraide.board import services
from entraide.board.enums import PostKind, PostStatus
from entraide.board.models import Conversation, Exchange, Message, Post
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.people.models import User
from tests.browser.journey import log_in, submit
from tests.pdfs import assert_tagged

DEMO_PASSWORD = "entraide-demo"

RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L., Coufouleux
NEIGHBOUR = "habitant4@demo.entraide.invalid"  # Karim B., Coufouleux: "Bricolage"
REFERENT = "referent.81070@demo.entraide.invalid"
HELPER = "habitant9@demo.entraide.invalid"


@pytest.fixture
def bricolage(demo_territory):
    ensure_default_categories(demo_territory)
    return Category.objects.in_territory(demo_territory).get(slug="bricolage")


@pytest.fixture
def qr_urls(monkeypatch):
    urls = []
    make = segno.make

    def spy(content, *args, **kwargs):
        urls.append(content)
        return make(content, *args, **kwargs)

    monkeypatch.setattr("entraide.board.pdf.segno.make", spy)
    return urls


def path_in(email_body: str, pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", email_body)
    assert match, f"no {pattern} link in:\n{email_body}"
    return match.group(1)


def test_a_request_is_answered_accepted_discussed_and_recorded(
    new_context, visit, assert_accessible, bricolage
):
    neighbour = User.objects.get(email=NEIGHBOUR)
    offer = services.publish_post(
        Post(kind=PostKind.OFFER, title="Petites réparations", category=bricolage, commune=neighbour.commune),
        author=neighbour,
    )
    mail.outbox.clear()

    # The resident posts a request.
    resident_page = new_context().new_page()
    log_in(resident_page, visit, RESIDENT, DEMO_PASSWORD)
    visit("/tableau/", on=resident_page)
    visit("/tableau/nouvelle/?kind=request", on=resident_page)
    form = resident_page.locator('main form[method="post"]')
    form.locator("input[name=kind][value=request]").check()
    form.locator("input[name=title]").fill("Fixer une étagère")
    form.locator("details.folded-fields > summary").click()  # the optional fields, folded
    form.locator("textarea[name=body]").fill("Une étagère de cuisine, les chevilles sont fournies.")
    form.locator("select[name=category]").select_option(str(bricolage.pk))
    submit(resident_page, 'form[method="post"]')
    assert_accessible(resident_page)
    post = Post.objects.get(title="Fixer une étagère")
    assert resident_page.url.endswith(f"/tableau/{post.reference}/")
    assert (
        resident_page.locator(f'main a[href="/tableau/{offer.reference}/"]').count() == 1
    )  # the matching offer

    # The neighbour with the matching offer is told, replies.
    [notice] = [m for m in mail.outbox if NEIGHBOUR in m.to]
    neighbour_page = new_context().new_page()
    log_in(neighbour_page, visit, NEIGHBOUR, DEMO_PASSWORD)
    visit(path_in(notice.body, r"/tableau/B-[A-Z0-9]+/"), on=neighbour_page)
    neighbour_page.locator("main form[action$='/repondre/'] textarea[name=body]").fill(
        "Je passe samedi à 10 h ?"
    )
    submit(neighbour_page, "form[action$='/repondre/']")
    assert_accessible(neighbour_page)
    conversation = Conversation.objects.get(post=post)
    assert neighbour_page.url.endswith(conversation.get_absolute_url())

    # The author hears of it (a link, not the text), accepts and answers.
    [reply_notice] = [m for m in mail.outbox if RESIDENT in m.to]
    assert "samedi à 10 h" not in reply_notice.body
    visit(path_in(reply_notice.body, r"/tableau/conversations/[0-9a-f-]+/"), on=resident_page)
    submit(resident_page, "form[action$='/accepter/']")
    assert_accessible(resident_page)
    resident_page.locator("main form:not([action]) textarea[name=body]").fill("Parfait, à samedi !")
    submit(resident_page, "form:not([action])")
    post.refresh_from_db()
    assert post.status == PostStatus.IN_PROGRESS
    assert Message.objects.filter(conversation=conversation).count() == 2

    # Both talk privately: the neighbour reads the answer.
    visit(conversation.get_absolute_url(), on=neighbour_page)
    assert neighbour_page.locator("main").get_by_text("Parfait, à samedi !").count() == 1

    # The author marks it done; the exchange is recorded.
    visit(f"/tableau/{post.reference}/fait/", on=resident_page)
    resident_page.locator("main input[name=duration_minutes]").fill("45")
    submit(resident_page, 'form[method="post"]')
    assert_accessible(resident_page)
    exchange = Exchange.objects.get(post=post)
    assert (exchange.helper, exchange.receiver.email, exchange.duration_minutes) == (neighbour, RESIDENT, 45)
    post.refresh_from_db()
    assert post.status == PostStatus.DONE


def test_a_referent_enters_a_request_relays_a_reply_and_prints_the_poster(
    new_context, visit, assert_accessible, bricolage, qr_urls
):
    germaine = User.objects.get(display_name="Germaine V.")
    referent_page = new_context().new_page()
    log_in(referent_page, visit, REFERENT, DEMO_PASSWORD)
    visit("/accueil/", on=referent_page)
    visit("/accueil/annonces/nouvelle/", on=referent_page)
    form = referent_page.locator('main form[method="post"]')
    form.locator("select[name=person]").select_option(str(germaine.pk))
    form.locator("input[name=kind][value=request]").check()
    form.locator("input[name=title]").fill("Changer une ampoule")
    form.locator("select[name=category]").select_option(str(bricolage.pk))
    form.locator("select[name=commune]").select_option(str(germaine.commune_id))
    submit(referent_page, 'form[method="post"]')
    assert_accessible(referent_page)
    post = Post.objects.get(title="Changer une ampoule")
    assert (post.author, post.entered_by.email) == (germaine, REFERENT)

    # Someone replies online; the reply lands in the desk's inbox and the referent relays the answer.
    services.reply(post, replier=User.objects.get(email=HELPER), body="Je peux passer demain.")
    visit("/accueil/boite/", on=referent_page)
    conversation = Conversation.objects.get(post=post)
    referent_page.locator(f'main a[href="{conversation.get_absolute_url()}"]').click()
    referent_page.wait_for_url(f"**{conversation.get_absolute_url()}")
    assert_accessible(referent_page)
    referent_page.locator("main form:not([action]) textarea[name=body]").fill(
        "Germaine vous attend demain à 14 h."
    )
    submit(referent_page, "form:not([action])")
    relayed = Message.objects.get(body="Germaine vous attend demain à 14 h.")
    assert (relayed.sender, relayed.entered_by.email) == (germaine, REFERENT)

    # The poster carries the post's reference and a QR code that opens the post.
    response = referent_page.request.get("/tableau/affiche.pdf?commune=81070")
    assert response.status == 200
    assert_tagged(response.body())
    [url] = [u for u in qr_urls if post.reference in u]
    assert url.endswith(f"/tableau/{post.reference}/")
    anonymous_page = new_context().new_page()
    visit(re.sub(r"^https?://[^/]+", "", url), on=anonymous_page)
    assert anonymous_page.locator("main h1").inner_text() == "Changer une ampoule"
    assert anonymous_page.locator("main").get_by_text(post.reference).count() >= 1
