from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path(
        "forum-summary/acknowledge/<str:token>/",
        views.acknowledge,
        name="summary_ack",
    ),
    path(
        "forum-summary/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="summary_unsubscribe",
    ),
    path(
        "forum-summary/unit/<str:token>/",
        views.unit_status,
        name="unit_status",
    ),
]
