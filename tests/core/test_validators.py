"""One URL policy: http and https, mailto and tel for a contact, nothing else, whatever the spelling."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from entraide.core import validators

DANGEROUS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript\x00:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", DANGEROUS)
def test_it_refuses_any_other_scheme_in_french(url):
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        validators.validate_web_url(url)
    assert "http://" in str(error.value) or "invisibles" in str(error.value)
    assert not validators.is_allowed(url, validators.CONTACT)
    assert validators.safe_url(url) == ""


@pytest.mark.parametrize("url", ["https://coufouleux.fr/", "http://a.example.org/page?x=1", " HTTPS://A.FR "])
def test_it_accepts_the_web(url):
    validators.validate_web_url(url)
    assert validators.safe_url(url) == url.strip()


@pytest.mark.parametrize("url", ["mailto:bonjour@example.org", "tel:+33563000002"])
def test_mailto_and_tel_only_for_a_contact(url):
    validators.validate_contact_url(url)
    with pytest.raises(ValidationError):
        validators.validate_web_url(url)
    assert validators.safe_url(url) == ""
    assert validators.safe_url(url, validators.CONTACT) == url


def test_a_relative_address_is_no_link():
    assert validators.safe_url("//evil.example.org/") == ""
    assert validators.safe_url("www.example.org") == ""


def test_every_line_of_a_list_is_checked():
    validators.validate_web_url_lines("https://a.example.org\n\nhttp://b.example.org")
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        validators.validate_web_url_lines("https://a.example.org\nJaVaScRiPt:alert(1)")
    assert error.value.messages == [
        "«\xa0JaVaScRiPt:alert(1)\xa0» n’est pas une adresse web\xa0: seules les adresses en http:// et "
        "https:// sont acceptées."
    ]


def test_the_lines_field_assumes_https_like_the_url_field():
    field = validators.WebURLLinesField(required=False)
    assert (
        field.clean(" a.example.org \n\nhttp://b.example.org")
        == "https://a.example.org\nhttp://b.example.org"
    )
    with pytest.raises(ValidationError):
        field.clean("a.example.org\njavascript:alert(1)")


@pytest.mark.parametrize("url", DANGEROUS)
def test_the_template_filter_renders_no_dangerous_href(url):
    html = Template('{% load links %}<a href="{{ url|safe_url }}">x</a>').render(Context({"url": url}))
    assert html == '<a href="">x</a>'


def test_the_template_filter_keeps_contacts_when_asked():
    template = Template('{% load links %}{{ url|safe_url }}|{{ url|safe_url:"contact" }}')
    assert template.render(Context({"url": "tel:+33563000002"})) == "|tel:+33563000002"


# Model fields that hold addresses typed by people or read from files.
STORED_ADDRESS_FIELDS = {"website", "links"}


def test_every_template_links_a_stored_address_through_the_policy():
    """`href="{{ x.website }}"` would link whatever an old row holds: use `x.web_site` or `|safe_url`."""
    from pathlib import Path

    import entraide

    root = Path(entraide.__file__).parent
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        for attribute in re.findall(r'(?:href|src)="([^"]*)"', template.read_text()):
            for expression in re.findall(r"\{\{(.*?)\}\}", attribute):
                path = expression.split("|")[0].strip()
                if (
                    path.split(".")[-1] in STORED_ADDRESS_FIELDS
                    and "." in path
                    and "safe_url" not in expression
                ):
                    offenders.append(f"{template.relative_to(root)}: {expression.strip()}")
    assert not offenders, offenders
