from django.urls import path

from . import views

app_name = "meetups"

urlpatterns = [
    path("rencontres/", views.meetup_list, name="list"),
    path("rencontres/mois/", views.month, name="month"),
    path("rencontres/proposer/", views.create, name="create"),
    path("rencontres/calendrier.ics", views.territory_feed, name="feed"),
    path("rencontres/programme.pdf", views.programme, name="programme"),
    path("rencontres/integrer/", views.embed, name="embed"),
    path("rencontres/mes-rencontres/", views.mine, name="mine"),
    path("rencontres/mes-rencontres/nouvelle-adresse/", views.revoke_feed, name="revoke_feed"),
    path("rencontres/agenda-prive/<str:token>/rencontres.ics", views.private_feed, name="private_feed"),
    path("rencontres/desinscription/<str:token>/", views.cancel_by_token, name="cancel_by_token"),
    path("rencontres/dates/<uuid:public_id>/inscription/", views.register, name="register"),
    path("rencontres/dates/<uuid:public_id>/participants/", views.attendees, name="attendees"),
    path("rencontres/dates/<uuid:public_id>/participants.csv", views.attendees_csv, name="attendees_csv"),
    path("rencontres/dates/<uuid:public_id>/emargement.pdf", views.signin_sheet, name="signin_sheet"),
    path("rencontres/dates/<uuid:public_id>/cloturer/", views.close, name="close"),
    path("rencontres/inscriptions/<uuid:public_id>/annuler/", views.cancel_registration, name="cancel"),
    path("rencontres/inscriptions/<uuid:public_id>/decider/", views.decide, name="decide"),
    path("rencontres/<slug:slug>/", views.detail, name="detail"),
    path("rencontres/<slug:slug>/rencontre.ics", views.meetup_feed, name="meetup_feed"),
    path("rencontres/<slug:slug>/affiche.pdf", views.flyer, name="flyer"),
    path("rencontres/<slug:slug>/modifier/", views.edit, name="edit"),
    path("rencontres/<slug:slug>/publier/", views.publish, name="publish"),
    path("rencontres/<slug:slug>/annuler-une-date/", views.cancel_date, name="cancel_date"),
    path("accueil/rencontres/", views.desk, name="desk"),
    path("accueil/rencontres/confiance/", views.trust, name="trust"),
]
