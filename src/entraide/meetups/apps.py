from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetupsConfig(AppConfig):
    name = "entraide.meetups"
    verbose_name = _("Meetups")

    def ready(self):
        from .feedback import register_kind

        register_kind()
