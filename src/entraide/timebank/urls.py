from django.urls import path

from . import views

app_name = "timebank"

urlpatterns = [
    path("banque-du-temps/", views.my_account, name="account"),
    path("banque-du-temps/rejoindre/", views.join, name="join"),
    path("banque-du-temps/declarer/", views.record_claim, name="claim"),
    path(
        "banque-du-temps/echanges/<uuid:public_id>/declarer/",
        views.claim_from_exchange,
        name="claim_exchange",
    ),
    path("banque-du-temps/heures/<uuid:public_id>/", views.claim_detail, name="claim_detail"),
    path("banque-du-temps/heures/<uuid:public_id>/confirmer/", views.confirm_claim, name="confirm"),
    path("banque-du-temps/heures/<uuid:public_id>/contester/", views.dispute_claim, name="dispute"),
    path("banque-du-temps/donner/", views.give, name="give"),
    path("banque-du-temps/releve.csv", views.my_statement, {"fmt": "csv"}, name="statement_csv"),
    path("banque-du-temps/releve.pdf", views.my_statement, {"fmt": "pdf"}, name="statement_pdf"),
    path("banque-du-temps/chiffres/", views.public_figures, name="figures"),
    path("accueil/banque-du-temps/", views.desk_accounts, name="desk_accounts"),
    path("accueil/banque-du-temps/comptes.csv", views.desk_accounts_csv, name="desk_accounts_csv"),
    path("accueil/banque-du-temps/comptes/<uuid:public_id>/", views.desk_account, name="desk_account"),
    path(
        "accueil/banque-du-temps/comptes/<uuid:public_id>/releve.csv",
        views.desk_statement,
        {"fmt": "csv"},
        name="desk_statement_csv",
    ),
    path(
        "accueil/banque-du-temps/comptes/<uuid:public_id>/releve.pdf",
        views.desk_statement,
        {"fmt": "pdf"},
        name="desk_statement_pdf",
    ),
    path("accueil/banque-du-temps/comptes/<uuid:public_id>/gel/", views.desk_freeze, name="desk_freeze"),
    path("accueil/banque-du-temps/comptes/<uuid:public_id>/ajuster/", views.desk_adjust, name="desk_adjust"),
    path("accueil/banque-du-temps/ouvrir/<uuid:public_id>/", views.desk_open_account, name="desk_open"),
    path("accueil/banque-du-temps/fonds/attribuer/", views.desk_grant, name="desk_grant"),
    path("accueil/banque-du-temps/cheque-temps/", views.desk_paper_cheque, name="desk_paper"),
    path(
        "accueil/banque-du-temps/transferts/<uuid:public_id>/annuler/",
        views.desk_reverse,
        name="desk_reverse",
    ),
    path("accueil/banque-du-temps/heures/", views.desk_claims, name="desk_claims"),
    path(
        "accueil/banque-du-temps/heures/<uuid:public_id>/regler/",
        views.desk_settle_claim,
        name="desk_settle",
    ),
    path(
        "accueil/banque-du-temps/heures/<uuid:public_id>/rejeter/",
        views.desk_reject_claim,
        name="desk_reject",
    ),
    path("accueil/banque-du-temps/journal/", views.desk_log, name="desk_log"),
    path("accueil/banque-du-temps/chiffres/", views.desk_figures, name="desk_figures"),
]
