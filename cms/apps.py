from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self):
        from . import kept_documents, signals  # deferred: they import models

        signals.connect()
        kept_documents.connect()
