"""Builds the demo site; safe to run again: existing pages are updated in place."""

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    MenuItem,
    NavigationSettings,
    ResourceIndexPage,
    ResourcePage,
    StandardPage,
)
from engage.models import SiteSettings

from . import content

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def translated(values, language):
    """The text for ``language``, or English when none was written."""
    return values.get(language) or values["en"]


def set_translations(instance, field, values, wrap=None):
    for code in LANGUAGE_CODES:
        value = values.get(code, "") if code != "en" else values["en"]
        if wrap and value:
            value = wrap(value)
        setattr(instance, build_localized_fieldname(field, code), value)


def get_or_build(model, parent, slug):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    return (page, False) if page else (model(slug=slug), True)


def save_page(page, parent, created):
    if created:
        parent.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    return page


def build_body(blocks, language):
    """A StreamField value in one language from the demo's block list."""
    stream = []
    for block_type, value in blocks:
        if block_type in {"heading"}:
            stream.append(
                ("heading", {"text": translated(value, language), "level": "h2"})
            )
        elif block_type == "paragraph":
            stream.append(("paragraph", RichText(translated(value, language))))
        elif block_type == "quote":
            stream.append(
                (
                    "quote",
                    {
                        "quote": translated(value, language),
                        "attribution": translated(value["attribution"], language),
                    },
                )
            )
        elif block_type == "faq":
            stream.append(
                (
                    "faq",
                    {
                        "title": "",
                        "items": [
                            {
                                "question": translated(question, language),
                                "answer": RichText(translated(answer, language)),
                            }
                            for question, answer in value
                        ],
                    },
                )
            )
        elif block_type == "call_to_action":
            stream.append(
                (
                    "call_to_action",
                    {
                        "title": translated(value["title"], language),
                        "text": translated(value["text"], language),
                        "button_label": translated(value["button_label"], language),
                        "page": ContactPage.objects.first(),
                        "external_url": "",
                    },
                )
            )
    return stream


def set_body(page, blocks):
    for code in LANGUAGE_CODES:
        setattr(page, build_localized_fieldname("body", code), build_body(blocks, code))


@transaction.atomic
def build(stdout=None):
    """Create or update the demo home page, pages, settings and menu."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    created = home is None
    if created:
        # Wagtail's placeholder "Welcome" page holds the slug we want; the site
        # record points at it, so both go and the site is re-made below.
        placeholders = Page.objects.filter(depth=2, content_type__model="page")
        Site.objects.filter(root_page__in=placeholders).delete()
        placeholders.delete()
        home = HomePage(slug="home")
    set_translations(home, "title", content.HOME["title"])
    set_translations(home, "intro", content.HOME["intro"])
    if created:
        root.refresh_from_db()
        root.add_child(instance=home)
    home.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = home
    site.site_name = content.SITE["organization_name"]["en"]
    site.save()

    contact = build_contact(home)
    about = build_about(home)
    resources = build_resources(home)
    build_settings(site)
    build_menu(site, [about, resources, contact])
    return home


def build_about(home):
    data = content.ABOUT
    page, created = get_or_build(StandardPage, home, data["slug"])
    set_translations(page, "title", data["title"])
    set_translations(page, "intro", data["intro"])
    set_body(page, data["body"])
    return save_page(page, home, created)


def build_resources(home):
    data = content.RESOURCE_INDEX
    index, created = get_or_build(ResourceIndexPage, home, data["slug"])
    set_translations(index, "title", data["title"])
    set_translations(index, "intro", data["intro"])
    save_page(index, home, created)
    for item in content.RESOURCES:
        page, created = get_or_build(ResourcePage, index, item["slug"])
        for field in ("title", "summary", "who_it_helps", "hours"):
            set_translations(page, field, item[field])
        page.category = item["category"]
        page.phone = item["phone"]
        page.address = item["address"]
        page.website = item["website"]
        page.languages_served = item["languages"]
        save_page(page, index, created)
    return index


def build_contact(home):
    data = content.CONTACT
    page, created = get_or_build(ContactPage, home, data["slug"])
    set_translations(page, "title", data["title"])
    set_translations(page, "intro", data["intro"])
    set_translations(page, "thank_you_text", data["thank_you_text"])
    page.to_address = "engagement@example.org"
    page.from_address = "forums@example.org"
    page.subject = "Message from the Engage contact form"
    fields = []
    for order, spec in enumerate(data["fields"]):
        field = ContactFormField(
            sort_order=order,
            field_type=spec["field_type"],
            required=spec["required"],
            clean_name=spec["label"]["en"].lower().replace(" ", "_"),
        )
        set_translations(field, "label", spec["label"])
        set_translations(field, "help_text", spec.get("help_text", {"en": ""}))
        set_translations(field, "choices", spec.get("choices", {"en": ""}))
        set_translations(field, "default_value", {"en": ""})
        fields.append(field)
    page.form_fields = fields
    return save_page(page, home, created)


def build_settings(site):
    site_settings = SiteSettings.for_site(site)
    for field, values in content.SITE.items():
        set_translations(site_settings, field, values)
    site_settings.contact_email = "engagement@example.org"
    site_settings.contact_phone = "555-0100"
    site_settings.timezone = settings.TIME_ZONE
    site_settings.save()


def build_menu(site, pages):
    """Menu items for the given pages, keeping any an editor added by hand."""
    navigation = NavigationSettings.for_site(site)
    existing = {item.link_page_id for item in navigation.menu_items.all()}
    new_items = [
        MenuItem(link_page=page, sort_order=100 + order)
        for order, page in enumerate(pages)
        if page.pk not in existing
    ]
    if new_items:
        navigation.menu_items.add(*new_items)
        navigation.save()
