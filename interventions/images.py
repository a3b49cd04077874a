"""Checking an uploaded photo by its content, never by its name or the browser's content type."""

import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Raster formats a phone or camera produces. SVG is not here on purpose: it can carry scripts,
# and Pillow cannot open it anyway.
ALLOWED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


@dataclass(frozen=True)
class CheckedImage:
    format: str
    extension: str
    content_type: str


def check_image(upload) -> CheckedImage:
    """Return the detected format of ``upload`` or raise ``ValidationError`` (Indonesian message).

    Rejects files over ``settings.UPLOAD_IMAGE_MAX_BYTES``, anything Pillow cannot identify and
    verify (text files named .jpg, SVG, truncated images), formats outside ``ALLOWED_FORMATS``, and
    decompression bombs.
    """
    limit = settings.UPLOAD_IMAGE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Foto terlalu besar (%(size)s); batasnya %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="image_too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                detected = image.format
                image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise ValidationError(
            _("Berkas ini bukan gambar yang dapat dibaca. Unggah foto JPEG, PNG, atau WebP."), code="not_an_image"
        ) from None
    finally:
        upload.seek(0)
    if detected not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Format gambar %(format)s tidak diterima. Unggah foto JPEG, PNG, atau WebP.") % {"format": detected},
            code="image_format",
        )
    extension, content_type = ALLOWED_FORMATS[detected]
    return CheckedImage(format=detected, extension=extension, content_type=content_type)
