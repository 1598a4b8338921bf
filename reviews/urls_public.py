"""The public check of one published PDF, /check/ (reviews/views_public_check.py)."""

from django.urls import path

from . import views_public_check

app_name = "check"

urlpatterns = [
    path("", views_public_check.PublicCheckView.as_view(), name="index"),
    path("keep/", views_public_check.PublicCheckKeepView.as_view(), name="keep"),
    path("results/<str:token>/", views_public_check.PublicCheckResultView.as_view(), name="result"),
]
