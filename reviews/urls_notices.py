"""Every signed-in user's notices, /notices/."""

from django.urls import path

from . import views_notices

app_name = "notices"

urlpatterns = [
    path("", views_notices.NoticeListView.as_view(), name="index"),
    path("read-all/", views_notices.NoticeReadAllView.as_view(), name="read_all"),
    path("<int:notice_id>/read/", views_notices.NoticeReadView.as_view(), name="read"),
]
