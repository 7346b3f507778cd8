from django.urls import path

from . import views

app_name = "lending"

urlpatterns = [
    path("pret/", views.catalogue, name="catalogue"),
]
