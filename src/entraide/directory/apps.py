from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "entraide.directory"
    verbose_name = _("Directory of initiatives")

    def ready(self):
        from . import signals

        signals.connect()
