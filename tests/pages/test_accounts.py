import pytest

from tests.factories.accounts import PASSWORD


def test_pages_speak_indonesian_by_default(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert "Masuk" in response.content.decode()


def test_language_switch_to_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert "Sign in" in body
    assert "Masuk" not in body


def test_login_page_and_wrong_password_message_in_indonesian(client, official):
    response = client.post("/accounts/login/", {"username": official.username, "password": "salah"})
    assert response.status_code == 200
    assert "nama pengguna dan sandi yang benar" in response.content.decode().lower()


def test_login_and_logout(client, official):
    response = client.post("/accounts/login/", {"username": official.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == official
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_password_change_requires_login(client, db):
    response = client.get("/accounts/password-change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_password_change_rejects_a_weak_password(client, official):
    client.force_login(official)
    response = client.post(
        "/accounts/password-change/",
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    official.refresh_from_db()
    assert official.check_password(PASSWORD)


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_pages_send_a_strict_content_security_policy(client, db, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "id"
    assert "Masuk" in response.content.decode()
