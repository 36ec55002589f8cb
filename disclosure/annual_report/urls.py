from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("staff/reports/", views.staff_list, name="staff_list"),
    path("staff/reports/<int:year>/", views.staff_report, name="staff_report"),
    path("staff/reports/<int:year>/draft/", views.generate_draft, name="generate_draft"),
    path("staff/reports/<int:year>/records/", views.records, name="records"),
    path("staff/reports/<int:year>/preview.pdf", views.staff_preview_pdf, name="preview_pdf"),
    path("reports/<int:year>/", views.public_report, name="public_report"),
    path("reports/<int:year>/pdf/", views.public_report_pdf, name="public_report_pdf"),
]
