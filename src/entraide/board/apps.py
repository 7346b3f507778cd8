from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "entraide.board"
    verbose_name = _("Mutual-aid board")

    def ready(self):
        from .feedback import register_kind

        register_kind()
