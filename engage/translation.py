from modeltranslation.translator import TranslationOptions, register

from .models import Area, SiteSettings


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("organization_name", "tagline", "footer_text")
