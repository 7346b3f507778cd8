from django.urls import path

from . import views

app_name = "diagnosis"

urlpatterns = [
    path("diagnostic/", views.diagnosis, name="diagnosis"),
    path("diagnostic/export.csv", views.diagnosis_csv, name="csv"),
    path("diagnostic/diagnostic.pdf", views.diagnosis_pdf, name="pdf"),
    path("diagnostic/instantanes/", views.snapshots, name="snapshots"),
    path("diagnostic/instantanes/<uuid:public_id>/", views.snapshot_detail, name="snapshot"),
    path("besoins/", views.need_list, name="needs"),
    path("besoins/nouveau/", views.need_create, name="need_create"),
    path("besoins/proposer/", views.need_suggest, name="need_suggest"),
    path("besoins/<uuid:public_id>/", views.need_edit, name="need"),
    path("besoins/<uuid:public_id>/supprimer/", views.need_delete, name="need_delete"),
]
