from django.urls import path

from ..views import workspace

app_name = "workspace"

urlpatterns = [
    path("", workspace.WorkspaceIndexView.as_view(), name="index"),
    path("reports/<int:pk>/", workspace.WorkspaceReportView.as_view(), name="report"),
]
