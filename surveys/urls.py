from django.urls import path

import engage.converters  # noqa: F401  (registers <id:...>)

from .views import paged, published

app_name = "surveys"

urlpatterns = [
    path("survey-trends/<slug:key>/", published.trend, name="trend"),
    path(
        "survey-data/<id:page_id>/results.<str:fmt>",
        published.results_data,
        name="results_data",
    ),
    path(
        "survey-resume/<id:page_id>/<str:token>/",
        paged.resume_survey,
        name="resume",
    ),
]
