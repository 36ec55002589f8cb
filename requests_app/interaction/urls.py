from django.urls import path

from . import views

app_name = "messages"

urlpatterns = [
    path("messages/new/", views.message_new, name="new"),
    path("messages/new/done/", views.message_done, name="done"),
    path("messages/status/", views.status_lookup, name="status"),
    path("messages/status/<str:number>/", views.status_detail, name="status_detail"),
    path("staff/messages/", views.staff_queue, name="staff_queue"),
    path("staff/messages/export.csv", views.staff_export, name="staff_export"),
    path("staff/messages/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/messages/<int:pk>/<str:step>/", views.staff_step, name="staff_step"),
]
