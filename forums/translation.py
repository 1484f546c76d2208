from modeltranslation.translator import TranslationOptions, register

from .models import ForumIndexPage, ForumPage, ForumSeries, Venue


@register(ForumIndexPage)
class ForumIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(ForumPage)
class ForumPageTranslation(TranslationOptions):
    fields = ("intro", "description", "agenda")


@register(ForumSeries)
class ForumSeriesTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "accessibility_notes", "transit_and_parking")
