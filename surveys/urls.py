from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("survey-trends/<slug:key>/", views.trend, name="trend"),
    path(
        "survey-data/<int:page_id>/results.<str:fmt>",
        views.results_data,
        name="results_data",
    ),
]
