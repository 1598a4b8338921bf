from django.urls import include, path

"""The accountant's area, /workspace/: disclosures' pages (tables, text, upload) and the
workflow's and checks' pages of reviews, under one namespace."""

from disclosures.views import carry_over, narrative, table_edit, workbook

from . import views_checks, views_workspace

app_name = "workspace"

urlpatterns = [
    path("", views_workspace.WorkspaceIndexView.as_view(), name="index"),
    path("reports/<int:pk>/", views_workspace.WorkspaceReportView.as_view(), name="report"),
    path("reports/<int:pk>/tables/<int:number>/", table_edit.TableEditView.as_view(), name="table_edit"),
    path("reports/<int:pk>/codes/", table_edit.CodeLookupView.as_view(), name="codes"),
    path("reports/<int:pk>/upload/", workbook.WorkbookUploadView.as_view(), name="workbook_upload"),
    path("reports/<int:pk>/tables.xlsx", workbook.WorkspaceWorkbookView.as_view(), name="workbook"),
    path("reports/<int:pk>/template.xlsx", workbook.WorkspaceTemplateView.as_view(), name="workbook_template"),
    path("reports/<int:pk>/performance/", include("disclosures.performance.urls")),
    path("reports/<int:pk>/checks/", views_checks.WorkspaceChecksView.as_view(), name="checks"),
    path("reports/<int:pk>/checks/findings/<int:finding_id>/", views_checks.FindingExplainView.as_view(), name="finding_explain"),
    path("reports/<int:pk>/checks/checklist/", views_checks.ChecklistAnswerView.as_view(), name="checklist"),
    path("reports/<int:pk>/checks/rounding/", views_checks.RoundingExplainView.as_view(), name="rounding_explain"),
    path("reports/<int:pk>/submit/", views_workspace.SubmitView.as_view(), name="submit"),
    path("reports/<int:pk>/withdraw/", views_workspace.WithdrawView.as_view(), name="withdraw"),
    path("reports/<int:pk>/correction/", views_workspace.CorrectionStartView.as_view(), name="correction"),
    path("reports/<int:pk>/history/", views_workspace.WorkspaceHistoryView.as_view(), name="history"),
    path("reports/<int:pk>/carry-over/", carry_over.CarryOverView.as_view(), name="carry_over"),
    path("reports/<int:pk>/narrative/", narrative.NarrativeIndexView.as_view(), name="narrative"),
    path("reports/<int:pk>/narrative/prior-year/", narrative.PriorYearTotalsView.as_view(), name="narrative_prior_year"),
    path("reports/<int:pk>/narrative/<str:key>/", narrative.SectionEditView.as_view(), name="narrative_section"),
    path("reports/<int:pk>/narrative/<str:key>/draft/", narrative.SectionDraftView.as_view(), name="narrative_draft"),
]
