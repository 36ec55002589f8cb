from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("requests/new/", views.request_new, name="new"),
    path("requests/new/done/", views.request_done, name="done"),
    path("requests/status/", views.status_lookup, name="status"),
    path("requests/status/<str:reference>/", views.status_detail, name="status_detail"),
    path("requests/status/<str:reference>/documents/<int:pk>/", views.status_document, name="status_document"),
    path("staff/requests/", views.staff_queue_view, name="staff_queue"),
    path("staff/requests/new/", views.staff_register, name="staff_register"),
    path("staff/requests/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/requests/<int:pk>/assign/", views.staff_assign, name="staff_assign"),
    path("staff/requests/<int:pk>/letter/<int:event_pk>/", views.staff_letter, name="staff_letter"),
    path("staff/requests/<int:pk>/documents/<int:doc_pk>/", views.staff_document, name="staff_document"),
    path("staff/requests/<int:pk>/<str:action>/", views.staff_action, name="staff_action"),
]
