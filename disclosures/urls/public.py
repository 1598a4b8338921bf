from django.urls import path

from ..views import public

app_name = "public"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("reports/<str:department_code>/<int:year>/", public.ReportView.as_view(), name="report"),
    path(
        "reports/<str:department_code>/<int:year>/v<int:number>/",
        public.ReportView.as_view(),
        name="report_version",
    ),
]
