from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("retour/", views.give, name="give"),
    path("evaluation/", views.indicators, name="indicators"),
]
