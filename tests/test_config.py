"""Configuration comes from defaults, the instance folder, COUNSEL_* variables, then overrides."""

from __future__ import annotations

import pytest

from counsel_dir import create_app
from counsel_dir.config import MissingSecret
from counsel_dir.devsecrets import write_dev_secrets
from tests.conftest import TEST_RESIDENT_ID_SECRET


def _minimal(tmp_path, **extra):
    config = {
        "SECRET_KEY": "k",
        "RESIDENT_ID_SECRET": TEST_RESIDENT_ID_SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
        "SEARCH_BACKGROUND_INDEXER": False,
    }
    config.update(extra)
    return config


def test_the_app_refuses_to_start_without_its_secrets(tmp_path, monkeypatch):
    monkeypatch.delenv("COUNSEL_SECRET_KEY", raising=False)
    with pytest.raises(MissingSecret, match="COUNSEL_SECRET_KEY"):
        create_app(_minimal(tmp_path, SECRET_KEY=None))


def test_environment_variables_override_defaults_and_are_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNSEL_PER_PAGE", "35")
    monkeypatch.setenv("COUNSEL_RECHECK_INTERVAL_DAYS", '{"cas": 90}')
    app = create_app(_minimal(tmp_path))
    assert app.config["PER_PAGE"] == 35
    assert app.config["RECHECK_INTERVAL_DAYS"] == {"cas": 90}


def test_test_overrides_win_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNSEL_PER_PAGE", "35")
    app = create_app(_minimal(tmp_path, PER_PAGE=7))
    assert app.config["PER_PAGE"] == 7


def test_database_url_is_read_from_the_plain_environment_variable(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'from-env.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    config = _minimal(tmp_path)
    del config["DATABASE_URL"]
    assert create_app(config).config["DATABASE_URL"] == url


def test_development_secrets_are_written_once_and_kept(tmp_path):
    assert write_dev_secrets(tmp_path) is True
    first = (tmp_path / "secrets.py").read_text()
    assert "SECRET_KEY" in first and "RESIDENT_ID_SECRET" in first
    assert write_dev_secrets(tmp_path) is False
    assert (tmp_path / "secrets.py").read_text() == first
    assert oct((tmp_path / "secrets.py").stat().st_mode & 0o777) == "0o600"


def test_a_test_app_ignores_the_developers_instance_folder(tmp_path):
    app = create_app(_minimal(tmp_path, TESTING=True))
    assert app.config["DEV_PAGES"] is False


def test_background_jobs_translate_into_the_default_language(tmp_path):
    from flask_babel import gettext

    app = create_app(_minimal(tmp_path, TESTING=True))
    with app.app_context():
        assert gettext("Counsel Directory") == "心理咨询师名录"
