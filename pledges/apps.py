from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self):
        from wagtail.signals import page_published

        from .forms import register_link_choosers
        from .signals import on_page_published

        register_link_choosers()
        page_published.connect(on_page_published, dispatch_uid="pledges_published")
