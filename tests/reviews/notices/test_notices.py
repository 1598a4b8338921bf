"""Notices in the portal: the bell with the unread count, the list, marking read; created by a
return, an approval and a publication (with e-mail), only ever shown to their own user."""

import re

import pytest
from django.core import mail

from disclosures.models import DocumentStatus, RenderedDocument, VersionState
from portal.accounts.models import Role
from reviews.models import Notice, NoticeKind
from reviews.workflow import report_publish, review_approve, review_return
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    region = make_region()
    department, other = make_department(region), make_department(region)
    report, version = make_report(department, state=VersionState.SUBMITTED)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    accountant.email = "kuaiji@example.gov.cn"
    accountant.save()
    colleague = make_user(Role.ACCOUNTANT, departments=[department])  # no e-mail address
    return {
        "report": report,
        "version": version,
        "accountant": accountant,
        "colleague": colleague,
        "outsider": make_user(Role.ACCOUNTANT, departments=[other]),
        "reviewer": make_user(Role.REVIEWER, region=region),
    }


def _bell(page):
    """The bell's label and count, as the header shows them; None without a bell."""
    found = re.search(r'<a class="bell[^"]*" id="notice-bell" href="/notices/"[^>]*aria-label="([^"]+)"', page)
    if found is None:
        return None
    count = re.search(r'<span class="bell-count">(\d+)</span>', page)
    return found.group(1), int(count.group(1)) if count else 0


def test_a_return_an_approval_and_a_publication_tell_the_departments_accountants(world, django_capture_on_commit_callbacks):
    version, reviewer = world["version"], world["reviewer"]
    with django_capture_on_commit_callbacks(execute=True):
        review_return(version=version, user=reviewer, reason="请核对公开09表")
    notices = Notice.objects.filter(kind=NoticeKind.RETURNED)
    assert sorted(n.user_id for n in notices) == sorted([world["accountant"].pk, world["colleague"].pk])
    notice = notices.first()
    assert notice.title == str(version) and "请核对公开09表" in notice.body and "第1次退回" in notice.body
    assert notice.link == f"/workspace/reports/{world['report'].pk}/" and notice.report == world["report"] and notice.unread
    # e-mail only where there is an address; the colleague has the notice alone
    assert [m.to for m in mail.outbox] == [["kuaiji@example.gov.cn"]] and mail.outbox[0].subject == f"【退回】{version}"

    version.refresh_from_db()
    version.state = VersionState.SUBMITTED
    version.save(update_fields=["state"])
    review_approve(version=version, user=reviewer)
    RenderedDocument.objects.filter(version=version, kind=RenderedDocument.Kind.PDF).update(status=DocumentStatus.DONE)
    assert report_publish(version=version)
    kinds = sorted(Notice.objects.filter(user=world["accountant"]).values_list("kind", flat=True))
    assert kinds == sorted([NoticeKind.RETURNED, NoticeKind.APPROVED, NoticeKind.PUBLISHED])
    published = Notice.objects.get(user=world["accountant"], kind=NoticeKind.PUBLISHED)
    assert version.get_absolute_url() in published.body
    assert not Notice.objects.filter(user__in=[world["outsider"], world["reviewer"]]).exists()


def test_the_bell_counts_the_unread_notices_and_the_list_marks_them_read(client, world):
    review_return(version=world["version"], user=world["reviewer"], reason="第一次退回")
    Notice.objects.create(user=world["accountant"], kind=NoticeKind.SUBMIT_DEADLINE, title="较新的通知", body="距报送截止还有3天")
    client.force_login(world["accountant"])
    assert _bell(client.get("/workspace/").content.decode()) == ("通知：2条未读", 2)

    page = client.get("/notices/").content.decode()
    assert page.index("较新的通知") < page.index("第一次退回")  # newest first
    assert "有2条未读" in page and page.count('class="notice-item unread"') == 2

    returned = Notice.objects.get(user=world["accountant"], kind=NoticeKind.RETURNED)
    response = client.post(f"/notices/{returned.pk}/read/", {"next": returned.link})
    assert response.status_code == 302 and response["Location"] == returned.link  # 查看: read, then the report
    returned.refresh_from_db()
    assert not returned.unread
    assert _bell(client.get("/notices/").content.decode()) == ("通知：1条未读", 1)
    # a `next` off the site is not followed
    newer = Notice.objects.get(user=world["accountant"], kind=NoticeKind.SUBMIT_DEADLINE)
    response = client.post(f"/notices/{newer.pk}/read/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/notices/"

    Notice.objects.filter(user=world["accountant"]).update(read_at=None)
    response = client.post("/notices/read-all/", follow=True)
    assert "已将2条通知标为已读" in response.content.decode()
    assert not Notice.objects.filter(user=world["accountant"], read_at__isnull=True).exists()
    assert _bell(client.get("/workspace/").content.decode()) == ("通知：没有未读", 0)
    # the colleague's notice of the same return is the colleague's own, still unread
    assert Notice.objects.get(user=world["colleague"]).unread


def test_only_the_owner_sees_or_marks_a_notice(client, world):
    review_return(version=world["version"], user=world["reviewer"], reason="只给本部门填报人")
    notice = Notice.objects.get(user=world["accountant"])
    for user in (world["outsider"], world["colleague"], world["reviewer"], make_user(Role.ADMIN)):
        client.force_login(user)
        assert client.post(f"/notices/{notice.pk}/read/").status_code == 404
        assert "只给本部门填报人" not in client.get("/notices/").content.decode() or user == world["colleague"]
        client.post("/notices/read-all/")
    notice.refresh_from_db()
    assert notice.unread  # nobody else's request touched it
    client.logout()
    response = client.get("/notices/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(f"/notices/{notice.pk}/read/").status_code == 302
    assert _bell(client.get("/").content.decode()) is None  # no bell for visitors
    assert Notice.objects.get(pk=notice.pk).unread


def test_the_reviewer_is_told_which_accountants_cannot_get_mail(client, world):
    client.force_login(world["reviewer"])
    page = client.get("/review/").content.decode()
    # the colleague and the outsider (in the reviewer's region) have no address; the accountant has
    assert "2位填报人没有电子邮箱，无法收到邮件通知" in page
    for user in (world["colleague"], world["outsider"]):
        assert f'href="/admin/accounts/user/{user.pk}/change/"' in page
    assert f"/admin/accounts/user/{world['accountant'].pk}/change/" not in page
    assert "/admin/accounts/user/?role__exact=accountant&amp;email=none" in page

    # the users page lists exactly them with that filter
    client.force_login(make_user(Role.ADMIN))
    listing = client.get("/admin/accounts/user/?role__exact=accountant&email=none").content.decode()
    assert world["colleague"].username in listing and world["outsider"].username in listing
    assert world["accountant"].username not in listing

    for user in (world["colleague"], world["outsider"]):
        user.email = f"{user.username}@example.gov.cn"
        user.save()
    client.force_login(world["reviewer"])
    assert "没有电子邮箱" not in client.get("/review/").content.decode()
