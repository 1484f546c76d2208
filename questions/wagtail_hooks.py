"""Live questions in the Wagtail admin (the moderators' screen and its actions)
and on the privacy page."""

from django.urls import include, path
from wagtail import hooks

from . import admin_views, privacy


@hooks.register("register_admin_urls")
def register_questions_admin_urls():
    patterns = [
        path("<int:forum_id>/", admin_views.moderate, name="moderate"),
        path("<int:forum_id>/open/", admin_views.open_board, name="open"),
        path("<int:forum_id>/close/", admin_views.close_board, name="close"),
        path(
            "<int:forum_id>/summary/",
            admin_views.add_to_summary,
            name="add_to_summary",
        ),
        path(
            "<int:forum_id>/<int:question_id>/action-item/",
            admin_views.make_action_item,
            name="action_item",
        ),
        path(
            "<int:forum_id>/<int:question_id>/<slug:action>/",
            admin_views.question_action,
            name="question",
        ),
    ]
    return [path("questions/", include((patterns, "questions_admin")))]


hooks.register("engage_privacy_sections", privacy.privacy_section)
