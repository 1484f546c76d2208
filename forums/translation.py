from modeltranslation.translator import TranslationOptions, register

from .models import (
    ActionItem,
    ForumIndexPage,
    ForumPage,
    ForumSeries,
    ForumSummaryPage,
    SummaryDocument,
    SummaryPhoto,
    Venue,
)


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


@register(ForumSummaryPage)
class ForumSummaryPageTranslation(TranslationOptions):
    fields = ("topics", "concerns", "responses", "highlights")


@register(ActionItem)
class ActionItemTranslation(TranslationOptions):
    fields = ("description", "declined_reason")


@register(SummaryPhoto)
class SummaryPhotoTranslation(TranslationOptions):
    fields = ("alt_text", "caption")


@register(SummaryDocument)
class SummaryDocumentTranslation(TranslationOptions):
    fields = ("title",)
