"""The password rules: long enough, not among the most common, not the email address."""

from __future__ import annotations

from counsel_dir.accounts.passwords import (
    common_passwords,
    hash_password,
    password_problem,
    verify_password,
)


def test_common_password_list_ships_with_chinese_favourites():
    common = common_passwords()
    assert len(common) > 1000
    for favourite in ("woaini1314", "qwertyuiop", "1234567890", "a123456789"):
        assert favourite in common
    assert all(len(password) >= 10 for password in common)


def test_rules_state_the_problem():
    assert password_problem("short") == "Use at least 10 characters."
    assert "most common" in password_problem("WoAiNi1314")
    assert "most common" in password_problem("aaaaaaaaaaaa")
    assert "email" in password_problem("zhangsan88@qq.com", "zhangsan88@qq.com")
    assert password_problem("x" * 129) == "Use at most 128 characters."
    assert password_problem("plum-river-4471-lantern", "someone@example.com") is None


def test_hashes_verify_and_malformed_hashes_never_raise():
    hashed = hash_password("plum-river-4471-lantern")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "plum-river-4471-lantern")
    assert not verify_password(hashed, "plum-river-4471-lanterN")
    assert not verify_password("!", "anything")
