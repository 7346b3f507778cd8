from django.urls import path, register_converter

from . import views, who_can_help


class ReferenceConverter:
    """A post's short public code, e.g. B-7K2M (case-insensitive when typed)."""

    regex = "[Bb]-[0-9A-Za-z]{3,8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "reference")

app_name = "board"

urlpatterns = [
    path("tableau/", views.board, name="list"),
    path("tableau/flux.atom", views.feed, name="feed"),
    path("tableau/affiche.pdf", views.poster, name="poster"),
    path("tableau/nouvelle/", views.post_create, name="create"),
    path("tableau/mes-annonces/", views.mine, name="mine"),
    path("tableau/preferences/", views.preferences, name="preferences"),
    path("tableau/conversations/<uuid:public_id>/", views.conversation, name="conversation"),
    path("tableau/conversations/<uuid:public_id>/accepter/", views.conversation_accept, name="accept"),
    path("tableau/conversations/<uuid:public_id>/partager/", views.conversation_share, name="share"),
    path(
        "tableau/conversations/<uuid:public_id>/c-est-fait/",
        views.conversation_propose_done,
        name="propose_done",
    ),
    path("tableau/conversations/<uuid:public_id>/bloquer/", views.conversation_block, name="block"),
    path("tableau/qui-peut-aider/", who_can_help.helpers, name="helpers"),
    path("tableau/qui-peut-aider/<uuid:public_id>/", who_can_help.ask, name="ask_helper"),
    path("tableau/bloques/", views.blocked_people, name="blocked"),
    path("tableau/bloques/<uuid:public_id>/debloquer/", views.unblock, name="unblock"),
    path("tableau/messages/<uuid:public_id>/signaler/", views.message_report, name="message_report"),
    path("tableau/echanges/<uuid:public_id>/note/", views.exchange_note, name="exchange_note"),
    path("tableau/<reference:reference>/", views.post_detail, name="post"),
    path("tableau/<reference:reference>/affiche.pdf", views.flyer, name="flyer"),
    path("tableau/<reference:reference>/modifier/", views.post_edit, name="edit"),
    path("tableau/<reference:reference>/retirer/", views.post_withdraw, name="withdraw"),
    path("tableau/<reference:reference>/prolonger/", views.post_renew, name="renew"),
    path("tableau/<reference:reference>/repondre/", views.post_reply, name="reply"),
    path("tableau/<reference:reference>/fait/", views.post_done, name="done"),
    path("tableau/<reference:reference>/signaler/", views.post_report, name="report"),
    path("tableau/<reference:reference>/bloquer/", views.post_block, name="post_block"),
    path("accueil/", views.desk, name="desk"),
    path("accueil/annonces/nouvelle/", views.desk_post_create, name="desk_create"),
    path("accueil/boite/", views.desk_inbox, name="desk_inbox"),
    path("accueil/suivi/", views.desk_follow_up, name="desk_follow_up"),
    path("accueil/moderation/", views.desk_moderation, name="desk_moderation"),
    path("accueil/moderation/<reference:reference>/", views.desk_moderate, name="desk_moderate"),
    path("accueil/echanges/", views.desk_exchanges, name="desk_exchanges"),
]
