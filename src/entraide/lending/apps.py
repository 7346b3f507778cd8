from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LendingConfig(AppConfig):
    name = "entraide.lending"
    verbose_name = _("Lending and sharing")

    def ready(self):
        from .feedback import register_kind

        register_kind()
