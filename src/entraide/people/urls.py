from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("compte/profil/", views.profile, name="profile"),
    path("accueil/personnes/", views.people_list, name="list"),
    path("accueil/personnes/nouvelle/", views.assisted_person_create, name="assisted_create"),
    path("accueil/personnes/<uuid:public_id>/", views.person_detail, name="person"),
    path("accueil/personnes/<uuid:public_id>/identifiant/", views.give_login, name="give_login"),
]
