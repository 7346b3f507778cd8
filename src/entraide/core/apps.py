from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entraide.core"
    verbose_name = "Entraide"

    def ready(self) -> None:
        from .cache import connect_signals

        connect_signals()
