"""Evidence files a moderator attaches to a moderator-assisted verification."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "webp")
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024


class EvidenceRejected(ValueError):
    """The file is not an accepted type or is too large."""


def evidence_dir() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_evidence(upload: FileStorage) -> str:
    """Store an upload under a random name (never the uploaded one); return that name."""
    extension = (upload.filename or "").rsplit(".", 1)[-1].lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise EvidenceRejected("file type")
    data = upload.stream.read(EVIDENCE_MAX_BYTES + 1)
    if len(data) > EVIDENCE_MAX_BYTES:
        raise EvidenceRejected("size")
    name = f"{secrets.token_hex(16)}.{extension}"
    (evidence_dir() / name).write_bytes(data)
    return name


def evidence_path(name: str) -> Path | None:
    """The stored file for a name made by save_evidence, or None."""
    stem, _, extension = name.partition(".")
    if len(stem) != 32 or not all(c in "0123456789abcdef" for c in stem):
        return None
    if extension not in EVIDENCE_EXTENSIONS:
        return None
    path = evidence_dir() / name
    return path if path.is_file() else None
