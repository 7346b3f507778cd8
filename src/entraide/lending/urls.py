from django.urls import path

from entraide.core.cache import cached_for_anonymous

from . import views

app_name = "lending"

urlpatterns = [
    # Kept for anonymous visitors like the other public lists (core.cache).
    path("pret/", cached_for_anonymous(views.catalogue), name="catalogue"),
    path("pret/preter-un-objet/", views.add_item, name="add"),
    path("pret/mes-prets/", views.mine, name="mine"),
    path("pret/mes-prets/nouvelle-adresse/", views.revoke_feed, name="revoke_feed"),
    path("pret/agenda-prive/<str:token>/prets.ics", views.private_feed, name="private_feed"),
    path("pret/reservations/<uuid:public_id>/", views.booking, name="booking"),
    path("pret/reservations/<uuid:public_id>/<str:action>/", views.booking_action, name="booking_action"),
    path("pret/<slug:slug>/", views.item_detail, name="item"),
    path("pret/<slug:slug>/photo.jpg", views.photo, name="photo"),
    path("pret/<slug:slug>/calendrier.ics", views.item_feed, name="item_feed"),
    path("pret/<slug:slug>/liste-d-attente/", views.wait, name="wait"),
    path("pret/<slug:slug>/support/", views.ask_support, name="support"),
    path("pret/<slug:slug>/modifier/", views.edit_item, name="edit"),
    path("pret/<slug:slug>/retirer/", views.withdraw_item, name="withdraw"),
    path("accueil/pret/", views.desk, name="desk"),
    path("accueil/pret/ajouter/", views.add_item, {"desk": True}, name="desk_add"),
    path("accueil/pret/<slug:slug>/reserver/", views.desk_book, name="desk_book"),
    path("accueil/pret/series/<uuid:series>/<str:action>/", views.series_action, name="series_action"),
    path("accueil/pret/supports/<uuid:public_id>/", views.handle_support, name="handle_support"),
]
