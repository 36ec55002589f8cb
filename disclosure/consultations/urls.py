from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/<int:pk>/", views.consultation_detail, name="detail"),
    path("consultations/<int:pk>/thanks/", views.comment_thanks, name="thanks"),
    path("staff/consultations/", views.staff_list, name="staff_list"),
    path("staff/consultations/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/consultations/<int:pk>/comments/<int:comment_pk>/decide/", views.staff_decide, name="staff_decide"),
    path("staff/consultations/<int:pk>/feedback/", views.staff_feedback, name="staff_feedback"),
    path("staff/consultations/<int:pk>/finish/", views.staff_finish, name="staff_finish"),
    path("staff/consultations/<int:pk>/comments.csv", views.staff_export, name="staff_export"),
]
