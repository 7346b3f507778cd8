from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("compte/profil/", views.profile, name="profile"),
    path("compte/mes-donnees/", views.my_data, name="my_data"),
    path("compte/mes-donnees/export.json", views.my_data_export, name="my_data_export"),
    path("compte/mes-donnees/lire/", views.my_data_page, name="my_data_page"),
    path("accueil/personnes/", views.people_list, name="list"),
    path("accueil/personnes/nouvelle/", views.assisted_person_create, name="assisted_create"),
    path("accueil/personnes/<uuid:public_id>/", views.person_detail, name="person"),
    path("accueil/personnes/<uuid:public_id>/identifiant/", views.give_login, name="give_login"),
    path("accueil/personnes/<uuid:public_id>/donnees.json", views.person_data_export, name="person_export"),
    path("accueil/personnes/<uuid:public_id>/supprimer/", views.person_erase, name="person_erase"),
]
