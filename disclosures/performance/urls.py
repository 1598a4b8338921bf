"""Included by reviews/urls_workspace.py under reports/<int:pk>/performance/ (names in “workspace”)."""

from django.urls import path

from ..views import performance

urlpatterns = [
    path("", performance.PerformanceIndexView.as_view(), name="performance"),
    path("new/", performance.EvaluationEditView.as_view(), name="performance_new"),
    path("<int:eid>/", performance.EvaluationEditView.as_view(), name="performance_edit"),
    path("<int:eid>/delete/", performance.EvaluationDeleteView.as_view(), name="performance_delete"),
    path("department/", performance.DepartmentEvaluationEditView.as_view(), name="performance_department"),
    path("workbook/", performance.WorkbookDownloadView.as_view(), name="performance_workbook"),
    path("import/", performance.WorkbookImportView.as_view(), name="performance_import"),
]
