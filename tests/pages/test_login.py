import pytest
from django.conf import settings

from tests.factories import PASSWORD
from wenming.regions.roles import Role


def test_anonymous_is_redirected_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_login_page_is_chinese_and_has_the_form(client, db):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>登录 · 文明实践志愿服务平台</title>" in html
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_login_with_the_form_lands_on_home(client, county):
    response = client.post("/accounts/login/", {"username": Role.COUNTY_ADMIN, "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert response.context["user"] == county.users[Role.COUNTY_ADMIN]


def test_wrong_password_is_refused_in_chinese(client, county):
    response = client.post("/accounts/login/", {"username": Role.COUNTY_ADMIN, "password": "wrong-password"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_with_a_chinese_notice(client, county):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": Role.COUNTY_ADMIN, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": Role.COUNTY_ADMIN, "password": "wrong-password"})
    assert response.status_code == 429
    assert "账号已被暂时锁定" in response.content.decode()
    # then: even the right password is refused while locked, and the notice is shown again
    response = client.post("/accounts/login/", {"username": Role.COUNTY_ADMIN, "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("language", ["en"])
def test_language_switch_shows_english(client, county, language):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"}, follow=True)
    html = response.content.decode()
    assert "<title>Home · Civilization Practice Volunteer Platform</title>" in html
    assert 'lang="en"' in html
    assert "Log out" in html


def test_language_switch_names_each_language_in_itself(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert ">简体中文</button>" in html
    assert ">English</button>" in html
    assert ">英语</button>" not in html
