from django.contrib import admin
from django.urls import include, path

from disclosures.sitemaps import sitemap_index, sitemap_section
from portal.accounts.views import SignInView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("portal.accounts.urls")),
    path("workspace/", include("reviews.urls_workspace")),
    path("review/", include("reviews.urls")),
    path("api/", include("disclosures.api.urls")),
    path("check/", include("reviews.urls_public")),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
    path("", include("disclosures.urls.public")),
]
