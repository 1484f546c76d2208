from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("forum summaries")  # an existing msgid: the catalogs stay complete

    def ready(self):
        from . import signals  # noqa: F401  deferred: needs the loaded models
