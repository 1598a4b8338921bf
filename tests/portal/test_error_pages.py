"""With DEBUG off, errors are Chinese pages in the site's frame with a way back, and the footer
carries the site's identity from the settings."""

import pytest
from django.test import Client

from portal.accounts.models import Role
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def test_a_missing_page_is_a_chinese_404_in_the_frame(client, production):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在（404）" in html and 'href="/">回到首页</a>' in html and "部门决算公开平台" in html
    assert "Not Found" not in html


def test_a_page_outside_ones_role_is_a_chinese_403_naming_who_to_ask(client, production):
    department = make_department(make_region())
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    response = client.get("/review/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "没有权限（403）" in html and "系统管理员" in html and 'href="/workspace/">填报工作台</a>' in html
    assert "403 Forbidden" not in html


def test_a_form_posted_without_its_csrf_token_says_nothing_was_saved(production):
    department = make_department(make_region())
    report, _ = make_report(department, complete=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    response = client.post(f"/workspace/reports/{report.pk}/tables/3/", {"action": "save"})
    html = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in html and "没有保存" in html


@pytest.mark.urls("tests.portal.error_urls")
def test_a_server_error_is_a_chinese_500_that_shows_nothing_of_the_error(production):
    response = Client(raise_request_exception=False).get("/fail/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错（500）" in html and "没有保存" in html and 'href="/">回到首页</a>' in html
    assert "postgres" not in html and "ConnectionError" not in html


def test_the_footer_shows_the_identity_the_settings_give(client, settings):
    assert "主办单位" not in client.get("/").content.decode()
    settings.SITE_IDENTITY = {
        "organiser": "武汉市蔡甸区财政局",
        "phone": "027-84941234",
        "site_code": "4201140001",
        "icp": "鄂ICP备12345678号",
        "request_url": "https://www.caidian.gov.cn/ysqgk/",
        "accessibility_url": "",
    }
    html = client.get("/years/").content.decode()
    assert "主办单位：武汉市蔡甸区财政局" in html and "网站标识码：4201140001" in html
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">鄂ICP备12345678号</a>' in html
    assert '<a href="https://www.caidian.gov.cn/ysqgk/">依申请公开</a>' in html and "无障碍说明" not in html
