from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("coordination/", views.space, name="space"),
    path("coordination/reunions/", views.meetings, name="meetings"),
    path("coordination/agenda/nouvelle-adresse/", views.revoke_feed, name="revoke_feed"),
    path("coordination/agenda-prive/<str:token>/reunions.ics", views.private_feed, name="private_feed"),
    path("coordination/reunions/nouvelle/", views.plan, name="plan"),
    path("coordination/reunions/<uuid:public_id>/", views.meeting, name="meeting"),
    path("coordination/reunions/<uuid:public_id>/ordre-du-jour/", views.propose, name="propose"),
    path(
        "coordination/reunions/<uuid:public_id>/envoyer-ordre-du-jour/", views.send_agenda, name="send_agenda"
    ),
    path(
        "coordination/reunions/<uuid:public_id>/ordre-du-jour/<int:item_id>/",
        views.item_edit,
        name="item_edit",
    ),
    path(
        "coordination/reunions/<uuid:public_id>/ordre-du-jour/<int:item_id>/retirer/",
        views.item_withdraw,
        name="item_withdraw",
    ),
    path(
        "coordination/reunions/<uuid:public_id>/decisions/<int:decision_id>/",
        views.decision_edit,
        name="decision_edit",
    ),
    path(
        "coordination/reunions/<uuid:public_id>/decisions/<int:decision_id>/supprimer/",
        views.decision_remove,
        name="decision_remove",
    ),
    path("coordination/actions/<uuid:public_id>/corriger/", views.action_edit, name="action_edit"),
    path("coordination/actions/<uuid:public_id>/supprimer/", views.action_remove, name="action_remove"),
    path("coordination/reunions/<uuid:public_id>/presences/", views.attendance, name="attendance"),
    path("coordination/reunions/<uuid:public_id>/compte-rendu/", views.minutes, name="minutes"),
    path("coordination/reunions/<uuid:public_id>/compte-rendu/approuver/", views.approve, name="approve"),
    path("coordination/reunions/<uuid:public_id>/compte-rendu.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("coordination/reunions/<uuid:public_id>/decisions/", views.decision, name="decision"),
    path("coordination/reunions/<uuid:public_id>/actions/", views.action, name="action"),
    path("coordination/reunions/<uuid:public_id>/suivante/", views.plan_next, name="plan_next"),
    path("coordination/a-faire/", views.add_todo, name="add_todo"),
    path("coordination/a-faire/<uuid:public_id>/corriger/", views.todo_edit, name="todo_edit"),
    path("coordination/a-faire/<uuid:public_id>/supprimer/", views.todo_remove, name="todo_remove"),
    path("coordination/actions/<uuid:public_id>/fait/", views.tick, name="tick"),
    path("coordination/documents/nouveau/", views.document_form, name="document_add"),
    path("coordination/documents/<uuid:public_id>/", views.document, name="document"),
    path("coordination/documents/<uuid:public_id>/modifier/", views.document_form, name="document_edit"),
    path("coordination/membres/<uuid:public_id>/", views.member, name="member"),
    path("coordination/mandats/<uuid:public_id>/revu/", views.reviewed, name="reviewed"),
]
