from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("q/<slug:code>/", views.submit, name="submit"),
    path("q/<slug:code>/received/", views.received, name="received"),
    path("questions/screen/<slug:key>/", views.screen, name="screen"),
]
