from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.contrib.auth import views as auth_views
from django.urls import include, path

from disclosures.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("portal.accounts.urls")),
    path("workspace/", include("disclosures.urls.workspace")),
    path("review/", include("reviews.urls")),
    path("api/", include("disclosures.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("disclosures.urls.public")),
]
