"""The header's menu and language switcher, written here rather than through
templates: every page shows them, the menu twice, and a template loop per item
cost more than the rest of a plain page's header and footer together. The
footer, which shows the site settings only, is drawn once per site, language
and content version."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Site

from engage.cache import for_this_version

register = template.Library()

# An item's link, its language marked when its text is shown untranslated.
MENU_ITEM = '<li><a href="{}"{}>{}</a></li>'
MENU_ITEM_CURRENT = '<li><a href="{}"{} aria-current="page">{}</a></li>'
# A language's link, by (written right to left, the current language).
LANGUAGE_LINK = {
    (False, False): '<li><a href="{}" lang="{}" hreflang="{}">{}</a></li>',
    (True, False): '<li><a href="{}" lang="{}" hreflang="{}" dir="rtl">{}</a></li>',
    (False, True): (
        '<li><a href="{}" lang="{}" hreflang="{}" aria-current="true">{}</a></li>'
    ),
    (True, True): (
        '<li><a href="{}" lang="{}" hreflang="{}" dir="rtl" aria-current="true">'
        "{}</a></li>"
    ),
}


def _joined(pieces):
    """Pieces already made safe by ``format_html``, joined."""
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _menu_links(context):
    """Each menu item's link as written, and as written on the page it leads to
    (``aria-current``), with the page it leads to: kept per site, language and
    content version, as the menu items are (``cms.context_processors``)."""

    def write():
        return [
            (
                item["page_id"],
                format_html(MENU_ITEM, item["url"], item["attributes"], item["text"]),
                format_html(
                    MENU_ITEM_CURRENT, item["url"], item["attributes"], item["text"]
                ),
            )
            for item in context.get("menu_items") or ()
        ]

    request = context.get("request")
    if request is None:
        return write()
    site = Site.find_for_request(request)
    key = ("menu-links", site.pk if site else None, translation.get_language())
    return for_this_version(key, write)


@register.simple_tag(takes_context=True)
def site_menu(context, menu_class):
    """The menu items (``menu_items``, from ``cms.context_processors``), then
    search and the account link."""
    current = getattr(context.get("page"), "pk", None)
    # Safe: each link was written by format_html (above).
    items = mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(
            on_page if page_id and page_id == current else link
            for page_id, link, on_page in _menu_links(context)
        )
    )
    user = context.get("user")
    if user is not None and user.is_authenticated:
        account = (reverse("account_profile"), gettext("Your account"))
    else:
        account = (reverse("account_login"), gettext("Sign in"))
    return format_html(
        '<ul class="{}">{}<li><a href="{}">{}</a></li><li><a href="{}">{}</a></li>'
        "</ul>",
        menu_class,
        items,
        reverse("search"),
        gettext("Search"),
        *account,
    )


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """A link to this page in each language, each named in its own language."""
    links = _joined(
        format_html(
            LANGUAGE_LINK[bool(language["bidi"]), bool(language["current"])],
            language["url"],
            language["code"],
            language["code"],
            language["name"],
        )
        for language in context["site_languages"]
    )
    return format_html(
        '<nav class="language-switcher" aria-label="{}"><ul>{}</ul></nav>',
        gettext("Choose a language"),
        links,
    )


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """The page in every other language, for search engines."""
    return format_html_join(
        "",
        '<link rel="alternate" hreflang="{}" href="{}">',
        (
            (language["code"], language["url"])
            for language in context["site_languages"]
            if not language["current"]
        ),
    )


@register.simple_tag(takes_context=True)
def site_footer(context):
    """``includes/footer.html``, drawn once per site, language and content
    version (a settings change moves the version on): it shows the site
    settings and links, nothing of the page or the reader."""
    request = context.get("request")
    if request is None:
        return render_to_string("includes/footer.html", context.flatten())
    site = Site.find_for_request(request)
    key = ("footer", site.pk if site else None, translation.get_language())
    return for_this_version(
        key,
        lambda: render_to_string(
            "includes/footer.html", {"settings": context.get("settings")}
        ),
    )
