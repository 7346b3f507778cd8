"""The time bank's history on a phone (issue 9 item 6): below ~600 px each line is a card, hours
first; at 390 px nothing scrolls sideways and the hours show without scrolling sideways. On a wide
screen it stays a table."""

import uuid

import pytest

from entraide.people.models import User
from entraide.timebank import services
from tests.browser.test_timebank_journey import HELPER, RECEIVER, log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
LONG = "Accompagnement au marché de Coufouleux puis à la pharmacie de la place, avec les courses"


@pytest.fixture
def history(demo_territory):
    helper, receiver = User.objects.get(email=HELPER), User.objects.get(email=RECEIVER)
    payer, payee = services.open_account(receiver), services.open_account(helper)
    for minutes in (90, 45, 120):
        services.give(
            giver=receiver, payee=payee, minutes=minutes, description=LONG, idempotency_key=uuid.uuid4()
        )
    return payer, payee


def _layout(page) -> dict:
    return page.evaluate(
        """() => {
          const row = document.querySelector("main table tbody tr");
          const cells = [...row.querySelectorAll("td")].map((cell) => cell.getBoundingClientRect());
          const hours = row.querySelector("td.hours").getBoundingClientRect();
          const root = document.documentElement;
          return {
            overflow: root.scrollWidth - root.clientWidth,
            boxOverflow: (() => { const box = document.querySelector(".history-cards");
                                  return box.scrollWidth - box.clientWidth; })(),
            hoursLeft: hours.left, hoursRight: hours.right, hoursTop: hours.top,
            otherTops: cells.filter((c) => c.top !== hours.top).map((c) => c.top),
            headerShown: getComputedStyle(document.querySelector("main table thead")).position !== "absolute",
          };
        }"""
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_each_line_is_a_card_with_the_hours_first(new_context, visit, history, javascript):
    page = new_context(javascript=javascript, viewport=PHONE).new_page()
    log_in(page, visit, HELPER)
    visit("/banque-du-temps/", on=page)
    layout = _layout(page)
    assert layout["overflow"] <= 0 and layout["boxOverflow"] <= 0, layout
    assert layout["hoursLeft"] >= 0 and layout["hoursRight"] <= PHONE["width"], layout
    # A card: the other cells stack under the hours.
    assert len(layout["otherTops"]) >= 3 and all(layout["hoursTop"] < top for top in layout["otherTops"]), (
        layout
    )
    assert not layout["headerShown"]
    first_hours = page.locator("main table tbody tr").first.locator("td.hours")
    assert first_hours.is_visible() and first_hours.inner_text().strip() in {"+1 h 30", "+45 min", "+2 h"}
    # Each value says which column it belongs to.
    assert page.locator("main table tbody td[data-label]").count() >= 12


def test_on_a_desktop_it_stays_a_table(new_context, visit, history):
    page = new_context(viewport=DESKTOP).new_page()
    log_in(page, visit, HELPER)
    visit("/banque-du-temps/", on=page)
    layout = _layout(page)
    assert layout["headerShown"] and layout["overflow"] <= 0
    # One line: the hours are beside the other cells, not above them.
    assert not layout["otherTops"] or min(layout["otherTops"]) <= layout["hoursTop"] + 1
