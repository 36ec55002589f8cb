from django.urls import path

from . import views
from .concerns import views as concern_views
from .letters import views as letter_views

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
    # Letters (答复书 and notices): before the catch-all action route.
    path("requests/status/<str:reference>/letters/<int:letter_pk>/", letter_views.status_letter, name="status_letter"),
    path("staff/requests/<int:pk>/reply-letter/", letter_views.reply_draft_new, name="reply_new"),
    path("staff/requests/<int:pk>/reply-letter/<int:draft_pk>/", letter_views.reply_draft_detail, name="reply_draft"),
    path(
        "staff/requests/<int:pk>/reply-letter/<int:draft_pk>/approve/",
        letter_views.reply_draft_approve,
        name="reply_draft_approve",
    ),
    path(
        "staff/requests/<int:pk>/reply-letter/<int:draft_pk>/issue/",
        letter_views.reply_draft_issue,
        name="reply_draft_issue",
    ),
    path(
        "staff/requests/<int:pk>/letters/<int:letter_pk>/", letter_views.staff_letter_print, name="staff_letter_print"
    ),
    path(
        "staff/requests/<int:pk>/letters/<int:letter_pk>/text/",
        letter_views.staff_letter_text,
        name="staff_letter_text",
    ),
    path(
        "staff/requests/<int:pk>/letters/<int:letter_pk>/pdf/", letter_views.staff_letter_pdf, name="staff_letter_pdf"
    ),
    path(
        "requests/status/<str:reference>/letters/<int:letter_pk>/pdf/",
        letter_views.status_letter_pdf,
        name="status_letter_pdf",
    ),
    path(
        "staff/requests/<int:pk>/letters/<int:letter_pk>/correct/",
        letter_views.staff_letter_correct,
        name="staff_letter_correct",
    ),
    path("staff/requests/<int:pk>/third-party-notice/", letter_views.third_party_notice, name="third_party_notice"),
    path("staff/requests/<int:pk>/<str:action>/", views.staff_action, name="staff_action"),
    # The concern register (舆情台账).
    path("staff/concerns/", concern_views.concern_list, name="concern_list"),
    path("staff/concerns/new/", concern_views.concern_new, name="concern_new"),
    path("staff/concerns/<int:pk>/", concern_views.concern_detail, name="concern_detail"),
    path("staff/concerns/<int:pk>/edit/", concern_views.concern_edit, name="concern_edit"),
    path("staff/concerns/<int:pk>/<str:action>/", concern_views.concern_action, name="concern_action"),
]
