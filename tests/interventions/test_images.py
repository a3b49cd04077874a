"""Photos are checked by their content, not by their name or declared type."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from interventions.images import check_image


def image_bytes(fmt="PNG", size=(8, 8)) -> bytes:
    """A real image of random pixels (so it does not compress away)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format=fmt)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="8" height="8"/></svg>'


@pytest.mark.parametrize("fmt, extension", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_real_images_are_accepted_with_the_extension_of_their_content(fmt, extension):
    upload = SimpleUploadedFile("apa-saja.bin", image_bytes(fmt), content_type="application/octet-stream")
    checked = check_image(upload)
    assert checked.format == fmt
    assert checked.extension == extension


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("foto.png", b"ini bukan gambar, hanya teks", "image/png"),
        ("foto.jpg", SVG, "image/jpeg"),
        ("gambar.svg", SVG, "image/svg+xml"),
        ("potong.png", image_bytes("PNG", (64, 64))[:60], "image/png"),
    ],
    # Stable ids: the random bytes would name the test differently on each xdist worker.
    ids=["teks-sebagai-png", "svg-sebagai-jpeg", "svg", "png-terpotong"],
)
def test_non_images_are_rejected_whatever_their_name(name, content, content_type):
    with pytest.raises(ValidationError) as caught:
        check_image(SimpleUploadedFile(name, content, content_type=content_type))
    assert "bukan gambar" in caught.value.messages[0]


def test_image_formats_outside_the_list_are_rejected():
    with pytest.raises(ValidationError) as caught:
        check_image(SimpleUploadedFile("foto.gif", image_bytes("GIF"), content_type="image/gif"))
    assert "GIF" in caught.value.messages[0]


@override_settings(UPLOAD_IMAGE_MAX_BYTES=1000)
def test_oversized_images_are_rejected():
    content = image_bytes("PNG", (300, 300))
    assert len(content) > 1000
    with pytest.raises(ValidationError) as caught:
        check_image(SimpleUploadedFile("besar.png", content, content_type="image/png"))
    assert "terlalu besar" in caught.value.messages[0]
