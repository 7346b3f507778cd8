"""In Chromium, with no serious axe violation: blocking from a post and unblocking; the referent's note
for an assisted person. Fields and buttons are found by their `name` or their form's address."""

from entraide.board import services
from entraide.board.enums import PostKind
from entraide.board.models import Block, Exchange, ExchangeNote, Post
from entraide.categories.defaults import ensure_default_categories
from entraide.categories.models import Category
from entraide.people.models import User
from tests.browser.journey import log_in, submit

DEMO_PASSWORD = "entraide-demo"
RESIDENT = "habitant3@demo.entraide.invalid"  # Sophie L., Coufouleux
NEIGHBOUR = "habitant4@demo.entraide.invalid"  # Karim B., Coufouleux
REFERENT = "referent.81070@demo.entraide.invalid"


def test_a_resident_blocks_the_author_of_a_post_then_unblocks_them(new_context, visit, demo_territory):
    ensure_default_categories(demo_territory)
    resident = User.objects.get(email=RESIDENT)
    post = services.publish_post(
        Post(
            kind=PostKind.REQUEST,
            title="Monter un meuble",
            category=Category.objects.in_territory(demo_territory).get(slug="bricolage"),
            commune=resident.commune,
        ),
        author=resident,
    )
    page = new_context().new_page()
    log_in(page, visit, NEIGHBOUR, DEMO_PASSWORD)
    visit(post.get_absolute_url(), on=page)
    submit(page, "form[action$='/bloquer/']")
    neighbour = User.objects.get(email=NEIGHBOUR)
    assert Block.objects.filter(blocker=neighbour, blocked=resident).exists()

    visit("/tableau/bloques/", on=page)
    assert page.locator("main li", has_text=resident.display_name).count() == 1
    submit(page, "form[action$='/debloquer/']")
    assert page.url.endswith("/tableau/bloques/")
    assert not Block.objects.filter(blocker=neighbour).exists()


def test_a_referent_writes_the_private_note_for_an_assisted_person(new_context, visit, demo_territory):
    ensure_default_categories(demo_territory)
    referent = User.objects.get(email=REFERENT)
    assisted = User.objects.get(territory=demo_territory, is_assisted=True)
    helper = User.objects.get(email=NEIGHBOUR)
    post = services.publish_post(
        Post(
            kind=PostKind.REQUEST,
            title="Aller à la pharmacie",
            category=Category.objects.in_territory(demo_territory).get(slug="transport"),
            commune=assisted.commune,
        ),
        author=assisted,
        entered_by=referent,
    )
    exchange = Exchange.objects.create(
        territory=demo_territory, post=post, helper=helper, receiver=assisted, category=post.category
    )
    page = new_context(javascript=False).new_page()
    log_in(page, visit, REFERENT, DEMO_PASSWORD)
    visit("/accueil/echanges/", on=page)
    form = page.locator(f"main form:has(input[name=person][value='{assisted.public_id}'])")
    form.locator("textarea[name=body]").fill("Très contente, elle redemandera.")
    submit(page, f"form:has(input[name=person][value='{assisted.public_id}'])")
    visit("/accueil/echanges/", on=page)
    note = ExchangeNote.objects.get(exchange=exchange)
    assert (note.author, note.entered_by) == (assisted, referent)
    assert page.locator("main .entered-by").count() == 1
