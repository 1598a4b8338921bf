from django.urls import path

from disclosures.views import documents, workbook

from . import views, views_checks

app_name = "review"

urlpatterns = [
    path("", views.ReviewIndexView.as_view(), name="index"),
    path("reports/<int:pk>/", views.ReviewReportView.as_view(), name="report"),
    path("reports/<int:pk>/checklist/<int:no>/", views_checks.ChecklistReviewView.as_view(), name="checklist_review"),
    path("reports/<int:pk>/tables.xlsx", workbook.ReviewWorkbookView.as_view(), name="workbook"),
    path("reports/<int:pk>/template.xlsx", workbook.ReviewTemplateView.as_view(), name="workbook_template"),
    path("documents/<int:pk>/retry/", documents.DocumentRetryView.as_view(), name="document_retry"),
]
