from modeltranslation.translator import TranslationOptions, register

from .models import (
    ActionItem,
    ActionItemUpdate,
    ForumSummaryPage,
    SummaryDocument,
    SummaryPhoto,
)


@register(ForumSummaryPage)
class ForumSummaryPageTranslation(TranslationOptions):
    fields = ("topics", "concerns", "responses", "highlights")


@register(ActionItem)
class ActionItemTranslation(TranslationOptions):
    fields = ("description", "declined_reason", "closing_note")


@register(ActionItemUpdate)
class ActionItemUpdateTranslation(TranslationOptions):
    fields = ("note",)


@register(SummaryPhoto)
class SummaryPhotoTranslation(TranslationOptions):
    fields = ("alt_text", "caption")


@register(SummaryDocument)
class SummaryDocumentTranslation(TranslationOptions):
    fields = ("title",)
