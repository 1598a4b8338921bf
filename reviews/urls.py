from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.ReviewIndexView.as_view(), name="index"),
    path("reports/<int:pk>/", views.ReviewReportView.as_view(), name="report"),
]
