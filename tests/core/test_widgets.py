"""Our select template writes its options inline (one include per option cost about a tenth of a
logged-in board page): it must write exactly what Django's template with our option template does."""

import re
from pathlib import Path

import django
import pytest
from django import forms
from django.template import engines

SELECT = "django/forms/widgets/select.html"
DJANGO_SELECT = Path(django.__file__).parent / "forms/templates/django/forms/widgets/select.html"


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Été & <hiver>"), (3, "Trois")])
    grouped = forms.MultipleChoiceField(
        choices=[("Tarn", [("81070", "Coufouleux"), ("81099", "Gaillac")]), ("x", "Ailleurs")],
        widget=forms.SelectMultiple(attrs={"aria-describedby": "aide"}),
    )


@pytest.mark.parametrize("data", [{}, {"plain": "a", "grouped": ["81099", "x"]}, {"plain": "3"}])
def test_the_inline_select_writes_what_djangos_template_writes(data):
    form = Everything(data or None)
    engine = engines["django"]
    reference, ours = engine.from_string(DJANGO_SELECT.read_text()), engine.get_template(SELECT)
    for name in ("plain", "grouped"):
        field = form[name]
        attrs = field.build_widget_attrs({"id": field.auto_id})
        context = field.field.widget.get_context(field.html_name, field.value(), attrs)
        written = between_tags(ours.render(context))
        assert written == between_tags(reference.render(context))
        assert 'id="id_' in written and ("Choisir…" in written if name == "plain" else "optgroup" in written)


def between_tags(html: str) -> str:
    """The HTML without the white space between tags (the one difference: a line per option)."""
    return re.sub(r">\s+<", "><", html.strip())
