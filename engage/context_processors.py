from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .i18n import switch_language_url


def site_chrome(request):
    """What the header and footer of every page need, loaded only when used."""
    current = translation.get_language()

    def languages():
        return [
            {
                "code": code,
                "name": name,
                "url": switch_language_url(request, code),
                "current": code == current,
                "bidi": code in settings.LANGUAGES_BIDI,
            }
            for code, name in settings.LANGUAGES
        ]

    return {
        "site_languages": SimpleLazyObject(languages),
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
