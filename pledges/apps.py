from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self):
        from . import forms, signals  # deferred: they import models, not ready yet

        forms.attach_admin_forms()
        signals.connect()
