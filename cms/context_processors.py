"""The site menu, which every page's header shows."""

from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from engage.cache import for_this_version

from .models import MenuItem


def site_menu(request):
    """The menu items of the request's site, loaded only when a template uses them."""
    current = translation.get_language()

    def menu_items():
        site = Site.find_for_request(request)

        def read():
            # One query, not two: the items are found through their settings' site.
            rows = MenuItem.objects.filter(settings__site=site).select_related(
                "link_page"
            )
            return [
                {
                    "url": item.url_for(request),
                    "text": item.text,
                    "attributes": item.text_attributes(),
                    "page_id": item.link_page_id,
                }
                for item in rows.order_by("sort_order", "pk")
            ]

        return for_this_version(("menu", site.pk if site else None, current), read)

    return {"menu_items": SimpleLazyObject(menu_items)}
