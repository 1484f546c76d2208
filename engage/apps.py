from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngageConfig(AppConfig):
    name = "engage"
    verbose_name = _("Engage")

    def ready(self):
        # deferred: these import models (or Wagtail's admin), not loaded yet
        from wagtail.admin.views.mixins import SpreadsheetExportMixin

        from . import (
            checks,  # noqa: F401 - its @register adds the deploy checks
            exports,
            multilingual,
            page_cache,
        )

        multilingual.keep_queryset_classes()

        page_cache.connect()
        exports.protect_wagtail_exports(SpreadsheetExportMixin)
