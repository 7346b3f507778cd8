"""What the evaluation adds to the personal home and the desk (entraide.core.home).

Personal: the feedback still waiting after a help, a meetup or a loan (each kind that says what
waits: kinds.Kind.pending), and the questionnaire of the six months while not answered (an
invitation: answering is a choice, so it is not counted among what waits).
Desk: entering a paper questionnaire or a story someone told; the stories for the group."""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.core.home import MAX_ITEMS, Item, Section

from . import kinds, rules, services


def _feedback_url(kind: str, subject) -> str:
    return f"{reverse('evaluation:give')}?{urlencode({'kind': kind, 'subject': subject})}"


def personal(request: HttpRequest) -> list[Section]:
    return _feedback(request) + _survey(request)


def _survey(request: HttpRequest) -> list[Section]:
    if not rules.can_answer_survey(request.user, request.territory):
        return []
    if services.answered(request.user, request.territory):
        return []
    url = reverse("evaluation:survey")
    item = Item(label=_("Four questions, every six months: do you feel less alone?"), url=url)
    return [Section(title=_("The questionnaire is open"), url=url, items=[item], count=0, order=85)]


def desk(request: HttpRequest) -> list[Section]:
    if not rules.can_enter_on_paper(request.user, request.territory):
        return []
    items = [
        Item(label=_("Enter a paper questionnaire"), url=reverse("evaluation:survey_paper")),
        Item(label=_("Write down a story someone told you"), url=f"{reverse('evaluation:tell')}?papier=1"),
        Item(label=_("Stories of change"), url=reverse("evaluation:stories")),
    ]
    return [Section(title=_("Evaluation"), url=reverse("evaluation:indicators"), items=items, order=90)]


def _feedback(request: HttpRequest) -> list[Section]:
    items: list[Item] = []
    count = 0
    for kind in kinds.REGISTRY.values():
        if kind.pending is None:
            continue
        pending, total = kind.pending(request.user, request.territory, MAX_ITEMS)
        count += total
        items += [
            Item(label=p.label, url=_feedback_url(kind.key, p.subject), detail=p.detail) for p in pending
        ]
    if not count:
        return []
    return [
        Section(
            title=_("Your feedback, in one click"),
            url=items[0].url,
            items=items[:MAX_ITEMS],
            count=count,
            order=80,
        )
    ]
