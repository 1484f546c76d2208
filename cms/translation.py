from modeltranslation.translator import TranslationOptions, register

from .models import (
    ContactFormField,
    ContactPage,
    HomePage,
    MenuItem,
    ResourceIndexPage,
    ResourcePage,
    StandardPage,
)


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(StandardPage)
class StandardPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(ResourceIndexPage)
class ResourceIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(ResourcePage)
class ResourcePageTranslation(TranslationOptions):
    fields = ("summary", "who_it_helps", "body", "hours")


@register(ContactPage)
class ContactPageTranslation(TranslationOptions):
    fields = ("intro", "thank_you_text")


@register(ContactFormField)
class ContactFormFieldTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices", "default_value")


@register(MenuItem)
class MenuItemTranslation(TranslationOptions):
    fields = ("label",)
