from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngageConfig(AppConfig):
    name = "engage"
    verbose_name = _("Engage")

    def ready(self):
        from . import page_cache  # deferred: it imports models, not loaded yet

        page_cache.connect()
