"""Image handling shared by every upload on the site: Pillow verifies the file, refuses
decompression bombs, applies the EXIF orientation, drops all metadata (EXIF, GPS) and
re-encodes at a bounded size."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


@dataclass
class ProcessedImage:
    content: ContentFile
    width: int
    height: int


def _open_verified(uploaded):
    """Open an upload as an image or raise ValidationError with a message a person understands."""
    max_bytes = settings.UPLOAD_MAX_BYTES
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise ValidationError(
            _("The image is too large (at most %(mb)d MB)."),
            code="too_large",
            params={"mb": max_bytes // (1024 * 1024)},
        )
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    try:
        uploaded.seek(0)
        data = uploaded.read()
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."), code="bad_format")
        if image.width * image.height > settings.IMAGE_MAX_PIXELS:
            raise Image.DecompressionBombError("too many pixels")
        image.load()
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("The image has too many pixels to be processed safely."), code="bomb"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("Upload a valid image. The file you uploaded was either not an image or corrupted."),
            code="invalid_image",
        ) from exc
    return image


def validate_image_upload(uploaded):
    """Form/model validator: refuses what process_image would refuse, before anything is saved."""
    _open_verified(uploaded)
    uploaded.seek(0)


def process_image(uploaded, *, max_width=None, square=None, name_prefix="img"):
    """Return a cleaned re-encoding of `uploaded`: oriented, metadata-free, at most
    `max_width` wide, or cropped to a `square` of that many pixels."""
    image = _open_verified(uploaded)
    source_format = image.format
    image = ImageOps.exif_transpose(image)
    if square:
        image = ImageOps.fit(image.convert("RGB"), (square, square), Image.LANCZOS)
    elif max_width and image.width > max_width:
        height = round(image.height * max_width / image.width)
        image = image.resize((max_width, height), Image.LANCZOS)

    # Keep transparency (PNG/GIF/WebP) as PNG; everything else becomes a metadata-free JPEG.
    has_alpha = image.mode in ("RGBA", "LA", "P") and source_format != "JPEG"
    buffer = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    digest = hashlib.sha256(buffer.getvalue()).hexdigest()[:16]
    return ProcessedImage(
        content=ContentFile(buffer.getvalue(), name=f"{name_prefix}-{digest}.{extension}"),
        width=image.width,
        height=image.height,
    )
