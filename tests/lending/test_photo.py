"""A photo is resized and stripped of its metadata; anything else gets a clear French message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from entraide.lending.models import Item

pytestmark = pytest.mark.django_db


def jpeg(size=(3000, 2000), gps=False) -> bytes:
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[0x8825] = {1: "N", 2: (43.0, 48.0, 0.0), 3: "E", 4: (1.0, 44.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def post(client, photo):
    return client.post(
        "/pret/preter-un-objet/",
        {"name": "Machine à coudre", "longest_hours": 72, "notice_hours": 0, "photo_file": photo},
    )


def test_a_photo_is_resized_and_its_metadata_removed(client_for, resident):
    client = client_for(resident)
    response = post(client, SimpleUploadedFile("m.jpg", jpeg(gps=True), "image/jpeg"))
    assert response.status_code == 302
    item = Item.objects.get()
    image = Image.open(io.BytesIO(bytes(item.photo)))
    assert max(image.size) == 1200
    assert not image.getexif()
    page = client.get(response.url).content.decode()
    assert "GPS" in page  # told that the position was removed
    assert client_for(resident).get(f"/pret/{item.slug}/photo.jpg")["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"%PDF-1.4 not an image", "pas une photo"), (b"\xff" * (9 * 1024 * 1024), "Mo")],
)
def test_a_bad_photo_gets_a_french_message_and_nothing_is_saved(client_for, resident, content, expected):
    response = post(client_for(resident), SimpleUploadedFile("x.jpg", content, "image/jpeg"))
    page = response.content.decode()
    assert response.status_code == 400 and expected in page
    assert not Item.objects.exists()
