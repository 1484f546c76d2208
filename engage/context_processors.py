from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .cache import versioned_key
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

    def menu_items():
        from wagtail.models import Site

        from cms.models import MenuItem

        site = Site.find_for_request(request)
        key = versioned_key("menu", site.pk if site else "none", current)
        items = cache.get(key)
        if items is None:
            # One query, not two: the items are found through their settings' site.
            rows = MenuItem.objects.filter(settings__site=site).select_related(
                "link_page"
            )
            items = [
                {"url": item.url, "text": item.text, "page_id": item.link_page_id}
                for item in rows.order_by("sort_order", "pk")
            ]
            cache.set(key, items, 3600)
        return items

    return {
        "site_languages": SimpleLazyObject(languages),
        "menu_items": SimpleLazyObject(menu_items),
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
