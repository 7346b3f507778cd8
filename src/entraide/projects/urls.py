from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projets/", views.index, name="index"),
    path("projets/appels/<slug:slug>/", views.call_detail, name="call"),
    path("projets/appels/<slug:slug>/candidater/", views.apply, name="apply"),
    path("projets/appels/<slug:slug>/formulaire-papier/", views.paper_form, name="paper_form"),
    path("projets/candidatures/<uuid:public_id>/", views.edit_application, name="edit_application"),
    path("projets/mes-candidatures/", views.mine, name="mine"),
    path("projets/accompagnement/", views.support, name="support"),
    path("projets/accompagnement/<uuid:public_id>/", views.support_follow, name="support_follow"),
    path("projets/guides/", views.guides, name="guides"),
    path("projets/guides/<slug:slug>/", views.guide, name="guide"),
    path("projets/resultats.json", views.results_json, name="results_json"),
    path("projets/<slug:slug>/", views.detail, name="detail"),
    path("projets/<slug:slug>/journal/", views.diary, name="diary"),
    path("accueil/projets/", views.desk, name="desk"),
    path("accueil/projets/appels/nouveau/", views.call_create, name="call_create"),
    path("accueil/projets/appels/<slug:slug>/", views.call_review, name="call_review"),
    path("accueil/projets/appels/<slug:slug>/sur-papier/", views.paper, name="paper"),
    path("accueil/projets/appels/<slug:slug>/modifier/", views.call_edit, name="call_edit"),
    path("accueil/projets/candidatures/<uuid:public_id>/", views.review, name="review"),
    path("accueil/projets/candidatures/<uuid:public_id>/conflit/", views.conflict, name="conflict"),
    path("accueil/projets/candidatures/<uuid:public_id>/decision/", views.decide, name="decide"),
    path("accueil/projets/candidatures/<uuid:public_id>/versement/", views.payment, name="payment"),
    path("accueil/projets/accompagnement/", views.support_desk, name="support_desk"),
    path("accueil/projets/guides/nouveau/", views.guide_edit, name="guide_create"),
    path("accueil/projets/guides/<slug:slug>/", views.guide_edit, name="guide_edit"),
    path("accueil/projets/financements/", views.funding, name="funding"),
    path("accueil/projets/financements/<uuid:public_id>/", views.funding_edit, name="funding_edit"),
    path("accueil/projets/bilan/", views.funding_summary, name="funding_summary"),
    path("accueil/projets/bilan.pdf", views.funding_summary_pdf, name="funding_summary_pdf"),
    path("accueil/projets/bilan.csv", views.funding_summary_csv, name="funding_summary_csv"),
]
