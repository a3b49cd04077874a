"""A progress photo is stored without the metadata a phone writes into it (GPS, time, device)."""

import io

import pytest
from PIL import Image
from rest_framework.test import APIClient

from interventions.models import ProgressUpdate
from sites.models import Area, SlumLocation
from tests.factories import interventions as f

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def intervention(seed, kampung_bugis):
    location = SlumLocation.objects.get(decree__number="337", number=6)
    return f.InterventionFactory(location=location, area=Area.objects.get(path=kampung_bugis.path + "RW006/RT003/"))


def phone_photo(image_format: str, size=(40, 20)) -> bytes:
    """A photo as a phone writes it: EXIF with the maker, a GPS position and 'rotate 90° clockwise'."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = Image.Exif()
    exif[MAKE] = "PonselX"
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (0.0, 55.0, 12.0), 3: "E", 4: (104.0, 27.0, 36.0)})
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, exif=exif, **({"quality": 95} if image_format == "JPEG" else {}))
    return buffer.getvalue()


def upload(coordinator, intervention, content: bytes, name: str):
    client = APIClient()
    client.force_authenticate(coordinator)
    photo = io.BytesIO(content)
    photo.name = name
    response = client.post(
        "/api/v1/progress-updates/",
        {"intervention": intervention.pk, "date": "2024-02-01", "percent": "50", "photo": photo},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.parametrize(("image_format", "name"), [("JPEG", "foto.jpg"), ("PNG", "foto.png"), ("WEBP", "foto.webp")])
def test_the_stored_and_downloaded_photo_has_no_exif_and_keeps_its_orientation(
    coordinator_kb, official, intervention, image_format, name
):
    original = phone_photo(image_format)
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif()[MAKE] == "PonselX"  # the test photo really carries the metadata

    body = upload(coordinator_kb, intervention, original, name)

    client = APIClient()
    client.force_authenticate(official)
    download = client.get(body["photo_url"])
    assert download.status_code == 200
    stored = b"".join(download.streaming_content)
    assert b"PonselX" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == image_format
        assert dict(image.getexif()) == {}
        assert image.size == (20, 40)  # turned upright as the orientation said
        top = image.convert("RGB").getpixel((10, 2))
        assert top[2] > 150 > top[0]  # the left (blue) half is now on top
    update = ProgressUpdate.objects.get(pk=body["id"])
    with update.photo.open("rb") as handle:
        assert handle.read() == stored
