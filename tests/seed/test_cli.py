"""A developer runs ``flask seed`` and ``flask demo-accounts``."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy import func, select

from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from seed.generator import generate
from tests.seed.conftest import using


def run(app, *args, **kwargs):
    with using(app):
        return app.test_cli_runner().invoke(args=list(args), **kwargs)


def seed(app, *args, **kwargs):
    return run(app, "seed", *args, **kwargs)


def stored_counselors(app) -> int:
    with using(app):
        return session.scalar(select(func.count()).select_from(Counselor))


def test_seed_loads_the_data_writes_the_records_and_prints_a_summary(fresh_app, caplog):
    with caplog.at_level(logging.DEBUG):
        result = seed(fresh_app, "--count", "40", "--seed", "3")
    assert result.exit_code == 0, result.output
    for counselor in generate(40, 3).counselors:
        assert counselor.resident_id not in result.output + caplog.text
    assert "tier 1:" in result.output and "unclaimed:" in result.output
    assert stored_counselors(fresh_app) == 40
    records = json.loads(Path(fresh_app.config["SIMULATOR_RECORDS_PATH"]).read_text("utf-8"))
    assert records == generate(40, 3).issuer_records


def test_seed_refuses_a_database_that_holds_data(fresh_app):
    assert seed(fresh_app, "--count", "20").exit_code == 0
    again = seed(fresh_app, "--count", "30")
    assert again.exit_code != 0
    assert "--force" in again.output
    assert stored_counselors(fresh_app) == 20


def test_force_asks_before_wiping_and_stops_on_no(fresh_app):
    seed(fresh_app, "--count", "20")
    result = seed(fresh_app, "--count", "30", "--force", input="n\n")
    assert result.exit_code != 0
    assert "Continue?" in result.output
    assert stored_counselors(fresh_app) == 20


def test_force_with_yes_wipes_and_loads_again(fresh_app):
    seed(fresh_app, "--count", "20")
    result = seed(fresh_app, "--count", "30", "--force", "--yes")
    assert result.exit_code == 0, result.output
    assert "database wiped" in result.output
    assert stored_counselors(fresh_app) == 30


def test_a_count_too_small_for_the_mix_is_refused(fresh_app):
    assert seed(fresh_app, "--count", "3").exit_code != 0
    assert stored_counselors(fresh_app) == 0


def test_demo_accounts_prints_logins_password_and_the_listing_to_claim(fresh_app, caplog):
    seed(fresh_app, "--count", "20", "--seed", "11")
    claim = generate(20, 11).claim_me
    with caplog.at_level(logging.DEBUG):
        result = run(fresh_app, "demo-accounts")
    assert result.exit_code == 0, result.output
    for email in ("admin@", "moderator@", "counselor@", "supervisor@", "trainee@"):
        assert f"{email}demo.counsel" in result.output
    assert "demo-password-2026" in result.output
    assert claim.slug in result.output and claim.number in result.output
    assert claim.resident_id in result.output
    assert claim.resident_id not in caplog.text


def test_demo_accounts_without_demo_data_says_to_seed_first(fresh_app):
    result = run(fresh_app, "demo-accounts")
    assert result.exit_code != 0
    assert "flask seed" in result.output


def test_make_run_enrols_the_demo_moderator_and_shows_how_to_get_a_code(fresh_app):
    seed(fresh_app, "--count", "20")
    fresh_app.config["DEV_PAGES"] = True
    enrolled = run(fresh_app, "moderation", "enroll-demo")
    assert enrolled.exit_code == 0, enrolled.output
    result = run(fresh_app, "demo-accounts")
    assert "Moderator second factor" in result.output
    assert "pyotp.TOTP(" in result.output
