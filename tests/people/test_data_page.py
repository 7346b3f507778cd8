"""The readable page of one's data takes each app's own labels (LABELS in its privacy.py)."""

import types

from entraide.people import data_page


def test_an_app_labels_its_own_export_keys(monkeypatch):
    app = types.SimpleNamespace(LABELS={"bookings": "Réservations"})
    monkeypatch.setattr("entraide.core.discovery.app_modules", lambda name: [app])
    node = data_page.readable({"bookings": [{"display_name": "x"}]}, "lending")
    assert node.entries[0].label == "Réservations"
    assert str(node.entries[0].items[0].entries[0].label) == str(data_page.LABELS["display_name"])
