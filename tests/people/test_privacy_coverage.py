"""Every field that points at a person or holds their text is covered by some app's privacy.py.

Like the territory isolation test: a model added tomorrow with a foreign key to the user model,
or a free-text field beside one, fails here until a privacy module says what export and erasure
do with it.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from entraide.core.discovery import app_modules


def personal_fields() -> set[str]:
    """`app_label.Model.field` of every relation to a person (foreign key, one-to-one,
    many-to-many) and of every free text beside one, on the person's own row too."""
    user = get_user_model()
    found = set()
    for model in apps.get_models():
        fields = [f for f in model._meta.get_fields() if not f.auto_created]
        people = [f for f in fields if f.is_relation and f.related_model is user]
        if not people and model is not user:
            continue
        texts = [
            f
            for f in fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
        ]
        found |= {f"{model._meta.label}.{f.name}" for f in people + texts}
    return found


def declared() -> set[str]:
    """What the privacy modules declare; a module without `COVERS` vouches for its own app's models."""
    covered = set()
    for module in app_modules("privacy"):
        assert callable(getattr(module, "export", None)), f"{module.__name__} has no export()"
        assert callable(getattr(module, "erase", None)), f"{module.__name__} has no erase()"
        if hasattr(module, "COVERS"):
            covered |= set(module.COVERS)
        else:
            app = apps.get_containing_app_config(module.__name__)
            covered |= {f"{model._meta.label}.*" for model in app.get_models()}
    return covered


def test_every_field_pointing_at_a_person_or_holding_their_text_is_covered():
    covered = declared()
    missing = {
        name
        for name in personal_fields()
        if name not in covered and f"{name.rsplit('.', 1)[0]}.*" not in covered
    }
    assert missing == set(), "Say in an app's privacy.py (COVERS) what export and erasure do with these"


def test_every_declared_field_exists():
    """A renamed or removed field does not leave a stale declaration behind."""
    stale = set()
    for name in declared():
        label, field = name.rsplit(".", 1)
        if field == "*":
            continue
        model = apps.get_model(label)
        try:
            model._meta.get_field(field)
        except Exception:
            stale.add(name)
    assert stale == set()


def test_every_app_holding_personal_data_contributes_to_export_and_erasure():
    names = {module.__name__ for module in app_modules("privacy")}
    expected = {
        f"entraide.{app}.privacy" for app in ("people", "board", "timebank", "directory", "diagnosis")
    }
    assert expected <= names
