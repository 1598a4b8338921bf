from django.urls import path

from ..views import browse, compare, documents, public, workbook

app_name = "public"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("reports/<str:department_code>/<int:year>/", public.ReportView.as_view(), name="report"),
    path(
        "reports/<str:department_code>/<int:year>/v<int:number>/",
        public.ReportView.as_view(),
        name="report_version",
    ),
    path("reports/<str:department_code>/<int:year>/report.pdf", documents.PublicReportPdfView.as_view(), name="report_pdf"),
    path(
        "reports/<str:department_code>/<int:year>/v<int:number>/report.pdf",
        documents.PublicReportPdfView.as_view(),
        name="report_version_pdf",
    ),
    path("reports/<str:department_code>/<int:year>/tables.xlsx", workbook.PublicWorkbookView.as_view(), name="workbook"),
    path(
        "reports/<str:department_code>/<int:year>/v<int:number>/tables.xlsx",
        workbook.PublicWorkbookView.as_view(),
        name="workbook_version",
    ),
    path("reports/<str:department_code>/<int:year>/tables/<int:table>.csv", public.table_csv, name="table_csv"),
    path(
        "reports/<str:department_code>/<int:year>/v<int:number>/tables/<int:table>.csv",
        public.table_csv,
        name="table_csv_version",
    ),
    path("search/", public.SearchView.as_view(), name="search"),
    path("years/", browse.YearsView.as_view(), name="years"),
    path("years/<int:year>/", browse.YearView.as_view(), name="year"),
    path("regions/", browse.RegionsView.as_view(), name="regions"),
    path("regions/<str:code>/", browse.RegionView.as_view(), name="region"),
    path("departments/<str:code>/", browse.DepartmentView.as_view(), name="department"),
    path("compare/departments/<str:code>/", compare.DepartmentTrendView.as_view(), name="compare_department"),
    path("compare/regions/<str:code>/<int:year>/", compare.RegionComparisonView.as_view(), name="compare_region"),
    path("compare/regions/<str:code>/<int:year>/compare.csv", compare.region_comparison_csv, name="compare_region_csv"),
    path("compare/regions/<str:code>/<int:year>/compare.xlsx", compare.region_comparison_xlsx, name="compare_region_xlsx"),
    path("documents/<int:pk>/report.pdf", documents.DocumentDownloadView.as_view(), name="document_download"),
]
