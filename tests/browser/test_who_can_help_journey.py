"""In Chromium, with no serious axe violation: a resident ticks “list me” on her profile; a neighbour
finds her on “Qui peut aider ?” by theme and writes to her about his request, in its private
conversation."""

from entraide.board import services
from entraide.board.enums import PostKind
from entraide.board.models import Conversation, Post
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.people.models import User
from tests.browser.journey import log_in, submit

DEMO_PASSWORD = "entraide-demo"
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L., Coufouleux
NEIGHBOUR = "habitant4@demo.entraide.invalid"  # Karim B., Coufouleux


def test_a_resident_opts_in_and_a_neighbour_finds_and_writes_to_her(new_context, visit, demo_territory):
    ensure_default_categories(demo_territory)
    diy = Category.objects.in_territory(demo_territory).get(slug="bricolage")
    resident = User.objects.get(email=RESIDENT)
    page = new_context().new_page()
    log_in(page, visit, RESIDENT)
    visit("/compte/profil/", on=page)
    page.locator("main input[name=listed_as_helper]").check()
    page.locator(f"main input[name=help_categories][value='{diy.pk}']").check()
    submit(page, "form:has(input[name=listed_as_helper])")
    resident.refresh_from_db()
    assert resident.listed_as_helper

    neighbour = User.objects.get(email=NEIGHBOUR)
    post = services.publish_post(
        Post(kind=PostKind.REQUEST, title="Monter une étagère", category=diy, commune=neighbour.commune),
        author=neighbour,
    )
    other = new_context().new_page()
    log_in(other, visit, NEIGHBOUR)
    visit("/tableau/qui-peut-aider/?category=bricolage", on=other)
    visit(other.locator("main li.card a", has_text=resident.display_name).get_attribute("href"), on=other)
    other.locator("main textarea[name=body]").fill("Bonjour, pourriez-vous m’aider samedi ?")
    submit(other, "form:has(textarea[name=body])")

    conversation = Conversation.objects.get(post=post, replier=resident)
    assert other.url.endswith(conversation.get_absolute_url())


def test_the_post_form_shows_only_what_quand_and_the_kind_ask_for_without_javascript(
    new_context, visit, demo_territory
):
    ensure_default_categories(demo_territory)
    page = new_context(javascript=False).new_page()
    log_in(page, visit, RESIDENT)
    visit("/tableau/nouvelle/?kind=request", on=page)

    def shown(name: str) -> bool:
        return page.locator(f"main .field:has([name={name}])").is_visible()

    page.locator("main input[name=when][value=flexible]").check()
    assert not shown("when_date") and not shown("when_until") and not shown("when_weekday")
    page.locator("main input[name=when][value=weekly]").check()
    assert shown("when_weekday") and not shown("when_date")
    page.locator("main input[name=when][value=period]").check()
    assert shown("when_date") and shown("when_until") and not shown("when_weekday")
    page.locator("main input[name=kind][value=request]").check()
    page.locator("main details.folded-fields > summary").click()  # the optional fields, folded
    assert shown("urgent")
    page.locator("main input[name=kind][value=offer]").check()
    assert not shown("urgent")
