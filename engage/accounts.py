from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Site

from .i18n import normalize_language
from .links import absolute_url
from .mail import send_serialized_email, serialize_message
from .models import SiteSettings


class AccountAdapter(DefaultAccountAdapter):
    """Account emails go through the background queue like every other email."""

    def send_mail(self, template_prefix, email, context):
        # The greeting names the organisation (Site settings): the Site record's
        # name that allauth would use is empty ("Hello from !").
        site = Site.objects.filter(is_default_site=True).first()
        name = SiteSettings.for_site(site).organization_name
        context = {
            **context,
            # allauth's messages also name ``current_site`` ("register an
            # account on {{ site_domain }}"): the organisation and SITE_URL's host.
            "current_site": SimpleNamespace(
                name=name, domain=urlsplit(settings.SITE_URL).netloc
            ),
            "organization_name": name,
            "site_address": absolute_url("/"),
        }
        message = self.render_mail(template_prefix, email, context)
        send_serialized_email.enqueue(serialize_message(message))

    def get_login_redirect_url(self, request):
        """Signed-in residents carry on in the language they chose."""
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", "")
        return translate_url(url, normalize_language(language)) if language else url

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.preferred_language = user.preferred_language or translation.get_language()
        if commit:
            user.save()
        return user
