from .defaults import ensure_default_categories


def load(territory):
    ensure_default_categories(territory)
