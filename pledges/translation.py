"""Which pledge fields are written in every language, and how code writes them."""

from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname

from engage.i18n import LANGUAGE_CODES

from .models import (
    CommitmentPage,
    PledgeIndexPage,
    PledgePage,
    ProgressUpdatePage,
    UpdateEvidence,
)


def set_translations(instance, field_name, values):
    """Write each language's text; languages without one fall back to English."""
    for code in LANGUAGE_CODES:
        setattr(
            instance, build_localized_fieldname(field_name, code), values.get(code, "")
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
