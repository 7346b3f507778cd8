from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("retour/", views.give, name="give"),
    path("evaluation/", views.indicators, name="indicators"),
    path("evaluation/bilan-<int:year>.pdf", views.report_pdf, name="report"),
    path("evaluation/donnees.csv", views.open_data, name="open_data"),
    path("evaluation/dictionnaire.csv", views.data_dictionary, name="data_dictionary"),
    path("evaluation/questionnaire/", views.survey, name="survey"),
    path("evaluation/questionnaire/papier/", views.survey_paper, name="survey_paper"),
    path("evaluation/recits/", views.stories, name="stories"),
    path("evaluation/recits/raconter/", views.tell, name="tell"),
    path("evaluation/recits/<uuid:public_id>/choisir/", views.story_choose, name="story_choose"),
    path("evaluation/recits/<uuid:public_id>/publier/", views.story_publish, name="story_publish"),
]
