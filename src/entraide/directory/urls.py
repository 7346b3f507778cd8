from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("initiatives/", views.initiative_list, name="list"),
    path("initiatives/carte/", views.initiative_map, name="map"),
    path("initiatives/integrer/", views.embed, name="embed"),
    path("initiatives/annuaire.pdf", views.directory_pdf, name="pdf"),
    path("initiatives/proposer/", views.propose, name="propose"),
    path("initiatives/a-valider/", views.queue, name="queue"),
    path("initiatives/a-verifier/", views.stale, name="stale"),
    path("initiatives/import/", views.import_file, name="import"),
    path("initiatives/import/<uuid:public_id>/", views.import_report, name="import_report"),
    path("initiatives/import/progression/<uuid:key>/", views.import_progress, name="import_progress"),
    path("initiatives/export/structures.json", views.export_structures, name="export_structures"),
    path("initiatives/export/services.json", views.export_services, name="export_services"),
    path("initiatives/export.geojson", views.export_geojson, name="export_geojson"),
    path("initiatives/export.csv", views.export_csv, name="export_csv"),
    path("initiatives/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("initiatives/corrections/<uuid:public_id>/", views.correction, name="correction"),
    path(
        "initiatives/porteurs/<uuid:public_id>/<str:decision>/",
        views.holder_decide,
        name="holder_decide",
    ),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="detail"),
    path("initiatives/<slug:slug>/modifier/", views.edit, name="edit"),
    path("initiatives/<slug:slug>/publier/", views.publish, name="publish"),
    path("initiatives/<slug:slug>/refuser/", views.refuse, name="refuse"),
    path("initiatives/<slug:slug>/a-jour/", views.confirm_up_to_date, name="confirm"),
    path("initiatives/<slug:slug>/je-m-en-occupe/", views.claim, name="claim"),
    path("initiatives/<slug:slug>/services/nouveau/", views.service_edit, name="service_add"),
    path("initiatives/<slug:slug>/services/<uuid:public_id>/", views.service_edit, name="service_edit"),
]
