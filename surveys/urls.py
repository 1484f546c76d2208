from django.urls import path

import engage.converters  # noqa: F401  (registers <id:...>)

from . import views

app_name = "surveys"

urlpatterns = [
    path("survey-trends/<slug:key>/", views.trend, name="trend"),
    path(
        "survey-data/<id:page_id>/results.<str:fmt>",
        views.results_data,
        name="results_data",
    ),
]
