from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from config import views as platform_views
from frontend_map import views as shell_views

urlpatterns = [
    path("healthz", platform_views.healthz, name="healthz"),
    # browsers ask for /favicon.ico on pages that name no icon (the admin's)
    path("favicon.ico", RedirectView.as_view(url=static("frontend_map/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("api.urls")),
    path("", shell_views.home, name="home"),
    path("about/data", shell_views.data_attribution, name="data-attribution"),
    # Each app's own pages.
    path("", include("addresses.urls")),
    path("", include("intake.urls")),
    path("", include("organization.urls")),
    path("", include("workflow.urls")),
    path("", include("tiles.urls")),
    path("", include("clustering.urls")),
    path("", include("reports.urls")),
]

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
