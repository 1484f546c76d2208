"""Small page factories: English text only unless a test sets another language."""

import factory
import wagtail_factories

from cms.models import (
    ContactPage,
    ResourceCategory,
    ResourceIndexPage,
    ResourcePage,
    StandardPage,
)
from tests.factories.pages import add_page


class StandardPageFactory(wagtail_factories.PageFactory):
    title_en = factory.Sequence(lambda n: f"Standard page {n}")
    slug = factory.Sequence(lambda n: f"standard-{n}")
    intro_en = "An introduction in English."

    class Meta:
        model = StandardPage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title_en = "Help and resources"
    slug = factory.Sequence(lambda n: f"resources-{n}")

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title_en = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    category = ResourceCategory.LEGAL_SUPPORT
    summary_en = "Free advice for residents."
    languages_served = factory.LazyFunction(lambda: ["en", "es"])

    class Meta:
        model = ResourcePage


def make_contact_page(parent):
    """A live contact page with no form fields, under ``parent``."""
    return add_page(
        parent,
        ContactPage(
            title="Contact",
            slug="contact",
            to_address="organizers@example.org",
            from_address="site@example.org",
            subject="A message",
        ),
    )
