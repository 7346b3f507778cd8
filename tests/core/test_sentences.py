"""Issue 9 item 11: "Claire M.." — a sentence ending on a name with an initial gets one period."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template

from entraide.core import emails
from entraide.core.text import end_sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Donnez cette référence à Claire M..", "Donnez cette référence à Claire M."),
        ("Vous avez donné 1 h à Claire M.. Merci !", "Vous avez donné 1 h à Claire M. Merci !"),
        ("(enregistré par Claire M.).", "(enregistré par Claire M.)."),
        ("Et ensuite...", "Et ensuite..."),
        ("Courses, jardinage, etc..", "Courses, jardinage, etc.."),
        ("Claire M.", "Claire M."),
    ],
)
def test_a_name_ending_with_an_initial_ends_the_sentence_with_one_period(text, expected):
    assert end_sentence(text) == expected


def test_messages_on_every_page_end_with_one_period():
    html = Template("{% load text %}{{ message|sentence }}").render(
        Context({"message": Message(constants.SUCCESS, "Vous avez donné 1 h à Claire M..")})
    )
    assert html == "Vous avez donné 1 h à Claire M."


def test_emails_end_with_one_period(monkeypatch):
    from django.template import engines

    template = engines["django"].from_string("{{ name }} a répondu.\nMerci à {{ name }}.")
    monkeypatch.setattr(emails, "get_template", lambda name: template)
    assert emails.render_text("mail.txt", {"name": "Claire M."}) == "Claire M. a répondu.\nMerci à Claire M."
