from django.contrib import admin
from django.urls import include, path

from disclosures.sitemaps import sitemap_index, sitemap_section
from portal.accounts.views import SignInView
from portal.display import display_switch

admin.autodiscover()  # not at django.setup() (portal/admin_app.py): a command needs no admin

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("portal.accounts.urls")),
    path("workspace/", include("reviews.urls_workspace")),
    path("review/", include("reviews.urls")),
    path("notices/", include("reviews.urls_notices")),
    path("api/", include("disclosures.api.urls")),
    path("check/", include("reviews.urls_public")),
    path("display/", display_switch, name="display"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
    path("", include("disclosures.urls.public")),
]
