from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("sante/", views.health, name="health"),
]
