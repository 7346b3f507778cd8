from django.urls import path

from . import navigation, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("mon-espace/", views.my_space, name="my_space"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("confidentialite/", views.privacy_policy, name="privacy_policy"),
    path("guide-de-style/", views.style_guide, name="style_guide"),
    path("plan-du-site/", navigation.site_map, name="site_map"),
    path("recherche/", navigation.site_search, name="search"),
    path("accessibilite/", navigation.accessibility, name="accessibility"),
]
