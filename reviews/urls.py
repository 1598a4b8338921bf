from django.urls import path

from disclosures.views import documents, workbook

from . import views, views_checks, views_dashboard, views_inspections, views_workflow

app_name = "review"

urlpatterns = [
    path("", views_dashboard.DashboardView.as_view(), name="index"),
    path("dashboard.xlsx", views_dashboard.DashboardExcelView.as_view(), name="dashboard_excel"),
    path("dashboard/bulk/", views_dashboard.DashboardBulkView.as_view(), name="dashboard_bulk"),
    path("reports/<int:pk>/", views.ReviewReportView.as_view(), name="report"),
    path("reports/<int:pk>/checklist/<int:no>/", views_checks.ChecklistReviewView.as_view(), name="checklist_review"),
    path("reports/<int:pk>/tables.xlsx", workbook.ReviewWorkbookView.as_view(), name="workbook"),
    path("reports/<int:pk>/template.xlsx", workbook.ReviewTemplateView.as_view(), name="workbook_template"),
    path("documents/<int:pk>/retry/", documents.DocumentRetryView.as_view(), name="document_retry"),
    path("reports/<int:pk>/return/", views_workflow.ReturnView.as_view(), name="return"),
    path("reports/<int:pk>/approve/", views_workflow.ApproveView.as_view(), name="approve"),
    path("reports/<int:pk>/approve/preview.json", views_workflow.PreviewStatusView.as_view(), name="approve_preview"),
    path("reports/<int:pk>/history/", views_workflow.ReviewHistoryView.as_view(), name="history"),
    path("reports/<int:pk>/opinion.pdf", views_workflow.ReviewOpinionView.as_view(), name="opinion"),
    path("inspections/", views_inspections.InspectionIndexView.as_view(), name="inspections"),
    path("inspections/upload/", views_inspections.InspectionUploadView.as_view(), name="inspection_upload"),
    path("inspections/<int:inspection>/", views_inspections.InspectionView.as_view(), name="inspection"),
    path("inspections/<int:inspection>/progress.json", views_inspections.InspectionProgressView.as_view(), name="inspection_progress"),
    path("inspections/<int:inspection>/results.xlsx", views_inspections.InspectionWorkbookView.as_view(), name="inspection_workbook"),
    path("inspections/<int:inspection>/notice/", views_inspections.InspectionNoticeView.as_view(), name="inspection_notice"),
    path("inspections/<int:inspection>/recheck/", views_inspections.InspectionRecheckView.as_view(), name="inspection_recheck"),
    path("inspections/files/<int:file>/", views_inspections.InspectedFileView.as_view(), name="inspected_file"),
    path("inspections/files/<int:file>/document.pdf", views_inspections.InspectedFilePdfView.as_view(), name="inspected_file_pdf"),
    path("inspections/files/<int:file>/confirm/", views_inspections.InspectedFileConfirmView.as_view(), name="inspected_file_confirm"),
    path("inspections/files/<int:file>/recheck/", views_inspections.InspectedFileRecheckView.as_view(), name="inspected_file_recheck"),
    path("inspections/files/<int:file>/delete/", views_inspections.InspectedFileDeleteView.as_view(), name="inspected_file_delete"),
]
