"""In development a page lists the mails the site sent, so links can be followed."""

from __future__ import annotations

from counsel_dir.devsecrets import DEV_SETTINGS, write_dev_config


def test_outbox_page_does_not_exist_outside_development(client):
    assert client.get("/dev/outbox").status_code == 404


def test_outbox_page_lists_sign_up_mail_with_its_link(client, app, sign_up, monkeypatch):
    monkeypatch.setitem(app.config, "DEV_PAGES", True)
    sign_up("devpage@example.com")
    page = client.get("/dev/outbox").get_data(as_text=True)
    assert "devpage@example.com" in page
    assert 'href="http://localhost/account/confirm/' in page


def test_dev_config_is_written_once_and_keeps_existing_settings(tmp_path):
    (tmp_path / "config.py").write_text("DEV_PAGES = False\n", encoding="utf-8")
    assert write_dev_config(tmp_path) == [name for name in DEV_SETTINGS if name != "DEV_PAGES"]
    assert write_dev_config(tmp_path) == []
    text = (tmp_path / "config.py").read_text(encoding="utf-8")
    assert "DEV_PAGES = False" in text and "MAIL_PRINT_TO_CONSOLE = True" in text
    fresh = tmp_path / "fresh"
    assert write_dev_config(fresh) == list(DEV_SETTINGS)
