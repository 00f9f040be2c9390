from datetime import UTC, datetime, timedelta

import pytest

from resugrow_gateway.domain.accounts import (
    AccountRuleError,
    RefreshRecord,
    RefreshVerdict,
    RevokedSubjects,
    VerifiedTokenCache,
    check_password,
    email_domain,
    judge_refresh,
    must_revoke_family,
    normalize_email,
    password_problems,
)

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_email_is_trimmed_and_lowercased_so_one_person_has_one_account():
    assert normalize_email("  Ann.Lee+jobs@Example.IO ") == "ann.lee+jobs@example.io"
    assert email_domain("ann@example.io") == "example.io"


@pytest.mark.parametrize(
    "raw", ["", "ann", "ann@", "@x.io", "ann@x", "a b@x.io", "ann@x..io", "a@" + "x" * 260 + ".io"]
)
def test_invalid_emails_are_refused_with_the_field_named(raw):
    with pytest.raises(AccountRuleError) as err:
        normalize_email(raw)
    assert err.value.field == "email"


def test_a_good_password_passes():
    check_password("correct horse battery", email="ann@x.io")


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short1", "at least"),
        ("a" * 129, "at most"),
        ("aaaaaaaaaaaa", "different characters"),
        ("Password123", "too common"),
        ("annlee-rocks-2026", "e-mail"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, fragment):
    problems = " ".join(password_problems(password, email="annlee@x.io"))
    assert fragment in problems
    with pytest.raises(AccountRuleError) as err:
        check_password(password, email="annlee@x.io")
    assert err.value.field == "password"


def _record(**kw):
    base = {
        "token_hash": "h",
        "user_id": "u",
        "family_id": "f",
        "issued_at": NOW,
        "expires_at": NOW + timedelta(days=1),
    }
    base.update(kw)
    return RefreshRecord(**base)


def test_fresh_refresh_token_is_valid_until_expiry():
    assert judge_refresh(_record(), now=NOW) == RefreshVerdict.VALID
    assert judge_refresh(_record(), now=NOW + timedelta(days=1)) == RefreshVerdict.EXPIRED


def test_reused_token_burns_the_family_even_after_expiry():
    used = _record(used_at=NOW)
    assert judge_refresh(used, now=NOW + timedelta(days=3)) == RefreshVerdict.REUSED
    assert must_revoke_family(RefreshVerdict.REUSED)
    assert must_revoke_family(judge_refresh(_record(revoked_at=NOW), now=NOW))
    assert not must_revoke_family(RefreshVerdict.EXPIRED)
    assert not must_revoke_family(RefreshVerdict.VALID)


def test_revoked_subjects_are_forgotten_after_tokens_can_no_longer_verify():
    revoked = RevokedSubjects(remember_s=100)
    revoked.add("u1", now=0)
    assert revoked.is_revoked("u1", now=99)
    assert not revoked.is_revoked("u1", now=101)
    assert not revoked.is_revoked("u2", now=0)


def test_verified_token_cache_never_outlives_the_token():
    cache = VerifiedTokenCache(max_size=2)
    cache.put("tok-a", "u1", expires_at=100, now=0)
    assert cache.get("tok-a", now=99) == "u1"
    assert cache.get("tok-a", now=100) is None  # expired: verify again (and fail)
    assert cache.get("tok-a-tampered", now=1) is None
    cache.put("already-expired", "u1", expires_at=5, now=10)
    assert cache.get("already-expired", now=10) is None
    for i in range(5):
        cache.put(f"t{i}", "u", expires_at=1000, now=0)
    assert cache.get("t4", now=1) == "u" and cache.get("t0", now=1) is None
