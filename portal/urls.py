from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from disclosures.sitemaps import SITEMAPS
from portal.accounts.views import SignInView

admin.autodiscover()  # not at django.setup() (portal/admin_app.py): a command needs no admin

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("portal.accounts.urls")),
    path("workspace/", include("reviews.urls_workspace")),
    path("review/", include("reviews.urls")),
    path("api/", include("disclosures.api.urls")),
    path("check/", include("reviews.urls_public")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("disclosures.urls.public")),
]
