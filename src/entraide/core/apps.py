from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entraide.core"
    verbose_name = "Entraide"
