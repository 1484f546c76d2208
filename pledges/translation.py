from modeltranslation.translator import TranslationOptions, register

from .models import (
    CommitmentPage,
    PledgeIndexPage,
    PledgePage,
    ProgressUpdatePage,
    UpdateEvidence,
)


@register(PledgeIndexPage)
class PledgeIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(PledgePage)
class PledgePageTranslation(TranslationOptions):
    fields = ("city", "intro", "local_context")


@register(CommitmentPage)
class CommitmentPageTranslation(TranslationOptions):
    fields = ("description", "responsible_office")


@register(ProgressUpdatePage)
class ProgressUpdatePageTranslation(TranslationOptions):
    fields = ("explanation",)


@register(UpdateEvidence)
class UpdateEvidenceTranslation(TranslationOptions):
    fields = ("title",)
