"""A contract's returns (included under contracts/<int:pk>/returns/, so every view gets `pk`)."""

from django.urls import path

from . import compare, lists, views

app_name = "returns"

urlpatterns = [
    path("", lists.return_list, name="list"),
    path("open/", lists.return_open, name="open"),
    path("<int:return_id>/", views.return_detail, name="detail"),
    path("<int:return_id>/edit/", views.return_edit, name="edit"),
    path("<int:return_id>/changes/", compare.return_changes, name="changes"),
    path("<int:return_id>/submit/", views.return_submit, name="submit"),
    path("<int:return_id>/request-changes/", views.return_request_changes, name="request_changes"),
    path("<int:return_id>/approve/", views.return_approve, name="approve"),
    path("<int:return_id>/reopen/", views.return_reopen, name="reopen"),
    path("<int:return_id>/comments/<str:code>/", views.indicator_comment, name="comment"),
    path("<int:return_id>/attachments/", views.attachment_add, name="attach"),
    path(
        "<int:return_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:return_id>/attachments/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="remove_attachment",
    ),
]
