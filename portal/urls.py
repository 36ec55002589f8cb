from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from disclosure import views as disclosure_views
from review import views as review_views

from . import views
from .forms import ThrottledAuthenticationForm

admin.site.site_header = "政府信息公开平台管理后台"
admin.site.site_title = "政府信息公开平台"
admin.site.index_title = "系统管理"

portal_patterns = (
    [
        path(
            "staff/login/",
            auth_views.LoginView.as_view(
                template_name="portal/login.html", authentication_form=ThrottledAuthenticationForm
            ),
            name="login",
        ),
        path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("staff/", views.staff_home, name="staff_home"),
        path("staff/notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
        path("staff/notifications/<int:pk>/dismiss/", views.notification_dismiss, name="notification_dismiss"),
        path("staff/site-check/", views.site_check_page, name="site_check"),
    ],
    "portal",
)

urlpatterns = [
    # Unnamespaced "home" for LOGOUT_REDIRECT_URL and links from every app.
    path("", disclosure_views.home, name="home"),
    path("", include(portal_patterns)),
    # The admin has no sign-in of its own: /staff/login/ counts failures per account and
    # per client address, and the admin's page would be a way around that.
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
    # CKEditor 5 uploads go through review's view: signed-in drafters only (the package's
    # own view checks only is_staff).
    path("ckeditor5/image_upload/", review_views.editor_upload, name="ck_editor_5_upload_file"),
    path("", include("requests_app.urls")),
    path("", include("requests_app.interaction.urls")),
    path("", include("review.urls")),
    path("", include("disclosure.annual_report.urls")),
    path("", include("disclosure.consultations.urls")),
    path("", include("disclosure.urls")),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
