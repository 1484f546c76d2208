from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .i18n import language_links, switch_language_url


def site_chrome(request):
    """What the header and footer of every page need, loaded only when used."""

    def languages():
        return language_links(lambda code: switch_language_url(request, code))

    return {
        "site_languages": SimpleLazyObject(languages),
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
