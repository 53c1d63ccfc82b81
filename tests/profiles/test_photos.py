"""A counselor uploads a profile photo; only real images are accepted and re-encoded."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from counsel_dir.profiles import photos


def _image(fmt: str = "PNG", size: tuple[int, int] = (1200, 900), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 160, 200)).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def _upload(client, data: bytes, filename: str = "me.jpg"):
    return client.post(
        "/me/photo?lang=en",
        data={"photo": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _stored(app) -> list[Path]:
    directory = Path(app.config["UPLOAD_DIR"]) / "photos"
    return sorted(directory.glob("*")) if directory.exists() else []


def test_counselor_uploads_a_photo_that_is_reencoded_and_shown_on_the_profile(
    app, client, auth, make_user, make_listing
):
    user = make_user()
    counselor = make_listing(owner=user, tier=1)
    auth.login(user)
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    page = _upload(client, _image("JPEG", exif=exif.tobytes()), "portrait.png")
    assert "Your photo is saved." in page.get_data(as_text=True)

    name = counselor.photo_filename
    assert photos.PHOTO_NAME.fullmatch(name)
    stored = (Path(app.config["UPLOAD_DIR"]) / "photos" / name).read_bytes()
    assert b"SecretCameraMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= 800

    profile = client.get(f"/counselors/{counselor.slug}").get_data(as_text=True)
    assert f"/photos/{name}" in profile
    auth.logout()
    served = client.get(f"/photos/{name}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_a_new_photo_replaces_and_deletes_the_old_one(app, client, auth, make_user, make_listing):
    user = make_user()
    counselor = make_listing(owner=user)
    auth.login(user)
    _upload(client, _image("PNG"))
    first = counselor.photo_filename
    _upload(client, _image("WEBP"))
    assert counselor.photo_filename != first
    assert [p.name for p in _stored(app) if p.name == first] == []


def test_oversize_photo_is_refused_with_the_limit_stated(
    app, client, auth, make_user, make_listing, monkeypatch
):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 2048)
    user = make_user()
    counselor = make_listing(owner=user)
    auth.login(user)
    page = _upload(client, _image("PNG", size=(600, 600)) + b"\0" * 4096).get_data(as_text=True)
    assert "larger than" in page
    assert counselor.photo_filename is None


def test_html_renamed_to_jpg_is_refused(app, client, auth, make_user, make_listing):
    user = make_user()
    counselor = make_listing(owner=user)
    auth.login(user)
    before = _stored(app)
    html = b"<html><script>alert(document.cookie)</script></html>"
    page = _upload(client, html, "innocent.jpg").get_data(as_text=True)
    assert "The file is not a JPEG, PNG or WebP image." in page
    assert counselor.photo_filename is None
    assert _stored(app) == before


def test_other_image_formats_and_pixel_bombs_are_refused(
    client, auth, make_user, make_listing, monkeypatch
):
    user = make_user()
    counselor = make_listing(owner=user)
    auth.login(user)
    page = _upload(client, _image("GIF", size=(50, 50)), "x.gif").get_data(as_text=True)
    assert "not a JPEG, PNG or WebP" in page
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    page = _upload(client, _image("PNG", size=(200, 200))).get_data(as_text=True)
    assert "too many pixels" in page
    assert counselor.photo_filename is None


def test_photo_of_an_unlisted_listing_is_seen_only_by_its_owner(
    client, auth, make_user, make_listing
):
    owner = make_user()
    counselor = make_listing(owner=owner, tier=None)
    auth.login(owner)
    _upload(client, _image())
    name = counselor.photo_filename
    assert client.get(f"/photos/{name}").status_code == 200
    auth.logout()
    assert client.get(f"/photos/{name}").status_code == 404
    auth.login(make_user())
    assert client.get(f"/photos/{name}").status_code == 404


def test_photo_urls_outside_the_generated_names_are_not_found(client):
    for name in ("../../etc/passwd", "..%2F..%2Fsecrets.py", "abc.jpg", "0" * 32 + ".png"):
        assert client.get(f"/photos/{name}").status_code == 404
