from django.urls import path

import engage.converters  # noqa: F401  (registers <id:...>)

from . import views

app_name = "forums"

urlpatterns = [
    path("rsvp/<str:token>/", views.manage_rsvp, name="rsvp_manage"),
    path("rsvp/<str:token>/cancel/", views.cancel_rsvp, name="rsvp_cancel"),
    path("rsvp/<str:token>/accept/", views.accept_offer, name="rsvp_accept"),
    path("calendar/forums.ics", views.all_calendar, name="calendar_all"),
    path(
        "calendar/forum-series/<slug:slug>.ics",
        views.series_calendar,
        name="calendar_series",
    ),
    path(
        "calendar/forum/<id:forum_id>.ics", views.forum_calendar, name="calendar_forum"
    ),
]
