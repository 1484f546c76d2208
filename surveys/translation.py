from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question, SurveyIndexPage, SurveyPage


@register(SurveyIndexPage)
class SurveyIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(SurveyPage)
class SurveyPageTranslation(TranslationOptions):
    fields = ("intro", "thank_you_text")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
