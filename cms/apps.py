from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self):
        from . import kept_files, signals  # deferred: they import models

        signals.connect()
        kept_files.connect()
