from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.openapi_document, name="openapi"),
    path("v1/years/", views.years, name="years"),
    path("v1/regions/", views.regions, name="regions"),
    path("v1/reports/", views.reports, name="reports"),
    path("v1/reports/<str:department_code>/<int:year>/", views.report, name="report"),
    path("v1/reports/<str:department_code>/<int:year>/versions/<int:number>/", views.version, name="version"),
    path(
        "v1/reports/<str:department_code>/<int:year>/versions/<int:number>/tables/<int:table>/",
        views.table,
        name="table",
    ),
]
