"""Checking an uploaded photo by its content, never by its name or the browser's content type, and
storing it without the metadata a phone writes into it."""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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


JPEG_QUALITY = 90


def without_metadata(upload, checked: CheckedImage) -> bytes:
    """The photo re-encoded from its pixels alone, in its own format.

    A phone's photo carries EXIF: the GPS position where it was taken (a resident's house), the
    time, the device. None of it belongs in a public-money tracker, so only the pixels are kept:
    the EXIF orientation is applied to them first (the photo looks the same), then the image is
    written again without EXIF, XMP or text chunks; the colour profile (ICC) stays. Animated images
    keep their first frame. JPEG is re-compressed at quality 90, which a progress photo does not miss.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        image.seek(0)
        icc_profile = image.info.get("icc_profile")
        pixels = ImageOps.exif_transpose(image)
        if checked.format == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if checked.format == "JPEG":
            options.update(quality=JPEG_QUALITY, optimize=True)
        buffer = io.BytesIO()
        pixels.save(buffer, format=checked.format, **options)
    upload.seek(0)
    return buffer.getvalue()
