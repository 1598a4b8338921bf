"""The directory in the admin: an upload shows every change and writes nothing until confirmed;
a confirmation after the database moved shows the new changes instead of applying old ones."""

import re

import pytest

from disclosures.models import Department, Region
from portal.accounts.models import Role
from tests.disclosures.directory.files import many_units, unit, upload, xlsx
from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/admin/disclosures/department/import/"


def _upload(client, data, name="目录.xlsx"):
    return client.post(URL, {"file": upload(data, name)})


def _token(page):
    return re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(Role.ADMIN))
    return client


def test_an_upload_previews_every_change_and_writes_only_when_confirmed(admin_client):
    region = Region.objects.create(code="420114", name="蔡甸区")
    Department.objects.create(region=region, code="420114000001", name="旧名称局", contact_phone="027-1")
    response = _upload(admin_client, xlsx(many_units(12)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "将新建 <strong>11</strong> 个单位、更新 <strong>1</strong> 个单位" in page
    assert "旧名称局" in page and "蔡甸区测试局1" in page and "027-84941001" in page  # before and after, side by side
    assert "420114000012" in page  # every new unit is listed
    assert Department.objects.count() == 1  # nothing written yet

    response = admin_client.post(URL, {"confirm": "确认导入", "token": _token(page)})
    assert response.status_code == 302 and response.url.endswith("/admin/disclosures/department/")
    assert Department.objects.count() == 12
    updated = Department.objects.get(code="420114000001")
    assert (updated.name, updated.contact_phone, updated.alias_list()) == ("蔡甸区测试局1", "027-84941001", ["旧名称局"])
    # the same token cannot apply twice
    response = admin_client.post(URL, {"confirm": "确认导入", "token": _token(page)}, follow=True)
    assert "预览已过期" in response.content.decode()


def test_problems_are_listed_and_nothing_is_written(admin_client):
    rows = many_units(3)
    rows[2][9] = "坏邮箱"
    page = _upload(admin_client, xlsx(rows)).content.decode()
    assert "导入失败，未写入任何数据" in page
    assert "工作表“单位目录”第4行“电子邮箱”列（J4）：电子邮箱“坏邮箱”格式不对" in page
    assert Department.objects.count() == 0 and Region.objects.count() == 0


def test_a_confirmation_after_the_database_changed_shows_the_new_preview(admin_client):
    page = _upload(admin_client, xlsx([unit("A1", "甲局")])).content.decode()
    Department.objects.create(region=Region.objects.create(code="420114", name="蔡甸区"), code="A1", name="别人刚建的甲")
    response = admin_client.post(URL, {"confirm": "确认导入", "token": _token(page)})
    page = response.content.decode()
    assert response.status_code == 200 and "预览之后单位或区域已有变动" in page
    assert Department.objects.get(code="A1").name == "别人刚建的甲"  # not applied
    assert "别人刚建的甲" in page  # the new preview shows the rename
    admin_client.post(URL, {"confirm": "确认导入", "token": _token(page)})
    assert Department.objects.get(code="A1").name == "甲局"


def test_only_administrators_reach_the_import(client):
    client.force_login(make_user(Role.ACCOUNTANT))
    assert client.get(URL).status_code == 302  # sent to the admin's sign-in
    assert client.post(URL, {"file": upload(xlsx(many_units(1)), "x.xlsx")}).status_code == 302
    assert Department.objects.count() == 0


def test_the_admin_carries_the_portal_name_in_chinese(admin_client):
    for url in ("/admin/", "/admin/disclosures/department/", URL):
        page = admin_client.get(url).content.decode()
        assert "部门决算公开平台" in page, url
        assert "Django" not in page, url
    index = admin_client.get("/admin/").content.decode()
    for url in (URL, "/admin/disclosures/reportingyear/open/", "/admin/accounts/user/add/", "/admin/disclosures/department/contact-accounts/"):
        assert f'href="{url}"' in index, url  # the year's work, first on the admin's index
