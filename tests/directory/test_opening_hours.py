"""Opening hours: the common OpenStreetMap syntax is recognised, anything else is kept as text."""

import pytest

from entraide.directory.opening_hours import is_valid, readable


@pytest.mark.parametrize(
    "text",
    [
        "Mo-Fr 08:30-12:00,14:00-17:30; Sa 09:00-12:00; PH off",
        "24/7",
        "Jan-Jun We 14:00-17:00",
        "Tu,Th 14:00-18:00",
        'We[1] 10:00-12:00 "premier mercredi"',
    ],
)
def test_it_recognises_opening_hours(text):
    assert is_valid(text)


@pytest.mark.parametrize("text", ["", "le mardi après-midi", "Mo 25:00-26:00", "Mo-Fr 9h-12h", ";"])
def test_it_flags_what_it_cannot_read(text):
    assert not is_valid(text)


def test_it_reads_them_in_plain_words():
    text = readable("Mo-Fr 09:00-12:00; PH off")
    assert "09:00-12:00" in text
    assert "Mo" not in text and "Fr " not in text and "PH" not in text
    assert readable("quand il fait beau") == "quand il fait beau"
