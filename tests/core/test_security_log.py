import logging

from tests.factories.accounts import PASSWORD


def test_sign_in_and_failed_sign_in_are_logged_without_the_password(client, official, caplog):
    with caplog.at_level(logging.INFO, logger="kotaku.security"):
        client.post("/accounts/login/", {"username": official.username, "password": "salah-sekali"})
        client.post("/accounts/login/", {"username": official.username, "password": PASSWORD})
    messages = [r.getMessage() for r in caplog.records if r.name == "kotaku.security"]
    assert any(m.startswith(f"login-failed user={official.username}") for m in messages)
    assert any(m.startswith(f"login user={official.username}") for m in messages)
    assert not any("salah-sekali" in m or PASSWORD in m for m in messages)


def test_lockout_after_repeated_failures_is_refused_and_logged(client, official, caplog):
    """django-axes locks the username+IP pair after AXES_FAILURE_LIMIT failures, even for the right password."""
    with caplog.at_level(logging.INFO, logger="kotaku.security"):
        for _ in range(5):
            client.post("/accounts/login/", {"username": official.username, "password": "salah"})
        response = client.post("/accounts/login/", {"username": official.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    refused = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]
    # The fifth failure reaches the limit and is itself answered 429, then the right password is refused too.
    assert refused == ["refused status=429 method=POST path=/accounts/login/ user=- ip=127.0.0.1"] * 2


def test_lockout_is_per_username_and_ip_so_other_users_still_sign_in(client, official, researcher):
    for _ in range(5):
        client.post("/accounts/login/", {"username": official.username, "password": "salah"})
    response = client.post("/accounts/login/", {"username": researcher.username, "password": PASSWORD})
    assert response.status_code == 302
