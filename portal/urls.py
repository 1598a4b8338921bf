from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("portal.accounts.urls")),
    path("workspace/", include("disclosures.urls.workspace")),
    path("review/", include("reviews.urls")),
    path("", include("disclosures.urls.public")),
]
