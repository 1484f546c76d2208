"""Small page factories: English text only unless a test sets another language."""

import factory
import wagtail_factories

from cms.models import (
    ResourceCategory,
    ResourceIndexPage,
    ResourcePage,
    StandardPage,
)


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
