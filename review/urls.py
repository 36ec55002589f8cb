from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("staff/review/", views.workbench, name="workbench"),
    path("staff/review/new/", views.item_create, name="item_create"),
    path("staff/review/queue/office/", views.office_queue_view, name="office_queue"),
    path("staff/review/queue/legal/", views.legal_queue_view, name="legal_queue"),
    path("staff/review/published/", views.published_view, name="published"),
    path("staff/review/items/<int:pk>/", views.item_detail, name="item"),
    path("staff/review/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("staff/review/items/<int:pk>/history/", views.item_history_view, name="history"),
    path("staff/review/items/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("staff/review/items/<int:pk>/attachments/<int:att>/", views.attachment_download, name="attachment"),
    path(
        "staff/review/items/<int:pk>/attachments/<int:att>/delete/", views.attachment_delete, name="attachment_delete"
    ),
    path("staff/review/items/<int:pk>/submit/", views.item_submit, name="submit"),
    path("staff/review/steps/<int:pk>/clear/", views.step_clear, name="clear"),
    path("staff/review/steps/<int:pk>/return/", views.step_return, name="return"),
    path("staff/review/steps/<int:pk>/refer/", views.step_refer, name="refer"),
    path("staff/review/steps/<int:pk>/secret/", views.step_secret, name="secret"),
    path("staff/review/steps/<int:pk>/determine/", views.step_determine, name="determine"),
    path("staff/review/referrals/<int:pk>/answer/", views.referral_answer, name="answer"),
    path("staff/review/items/<int:pk>/publish/", views.item_publish_now, name="publish_now"),
    path("staff/review/items/<int:pk>/withdraw/", views.item_withdraw, name="withdraw"),
    path("staff/review/items/<int:pk>/repeal/", views.item_repeal, name="repeal"),
    path("staff/review/items/<int:pk>/reevaluate/", views.item_reevaluate, name="reevaluate"),
    path("editor-files/<str:name>", views.editor_file, name="editor_file"),
]
