"""Profile photos: checked by content, re-encoded, stored outside the code tree."""

from __future__ import annotations

import io
import re
import secrets
import warnings
from pathlib import Path
from typing import IO

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.directory.models import Counselor
from counsel_dir.directory.services import refresh_listing
from counsel_dir.i18n import N_
from counsel_dir.profiles.errors import ProfileError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_SIDE = 800
PHOTO_NAME = re.compile(r"[0-9a-f]{32}\.jpg")


class PhotoRejected(ProfileError):
    """The upload is not a photo we accept."""


def photo_dir() -> Path:
    """Where photos live: UPLOAD_DIR/photos."""
    return Path(current_app.config["UPLOAD_DIR"]) / "photos"


def photo_path(name: str) -> Path | None:
    """The file of a stored photo, or None for a name we never generate."""
    if not PHOTO_NAME.fullmatch(name):
        return None
    return photo_dir() / name


def _read_limited(stream: IO[bytes], limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PhotoRejected(N_("The photo is larger than %(megabytes)s MB. Choose a smaller file."))
    if not data:
        raise PhotoRejected(N_("Choose a photo to upload."))
    return data


def reencode(data: bytes) -> bytes:
    """A clean JPEG of at most 800x800 from a JPEG, PNG or WebP; metadata dropped."""
    not_an_image = PhotoRejected(N_("The file is not a JPEG, PNG or WebP image."))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_an_image
                if probe.width * probe.height > (Image.MAX_IMAGE_PIXELS or 0):
                    raise PhotoRejected(N_("The image has too many pixels."))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image) or image
                image = image.convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PhotoRejected(N_("The image has too many pixels.")) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise not_an_image from None
    return out.getvalue()


def store_photo(counselor: Counselor, user: User, stream: IO[bytes]) -> str:
    """Check, re-encode and store an uploaded photo; replace the listing's old one."""
    limit = int(current_app.config["PHOTO_MAX_BYTES"])
    try:
        jpeg = reencode(_read_limited(stream, limit))
    except PhotoRejected as error:
        error.megabytes = round(limit / 1024 / 1024, 1)  # type: ignore[attr-defined]
        raise
    directory = photo_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + ".jpg"
    (directory / name).write_bytes(jpeg)
    old = counselor.photo_filename
    counselor.photo_filename = name
    record(
        "profile.photo_changed", "counselor", counselor.id, actor=user, fields=["photo_filename"]
    )
    refresh_listing(counselor)
    if old:
        old_path = photo_path(old)
        if old_path is not None:
            old_path.unlink(missing_ok=True)
    return name


def remove_photo(counselor: Counselor, user: User) -> None:
    """Take the photo off the listing and delete its file."""
    old = counselor.photo_filename
    if not old:
        return
    counselor.photo_filename = None
    record(
        "profile.photo_removed", "counselor", counselor.id, actor=user, fields=["photo_filename"]
    )
    refresh_listing(counselor)
    old_path = photo_path(old)
    if old_path is not None:
        old_path.unlink(missing_ok=True)
