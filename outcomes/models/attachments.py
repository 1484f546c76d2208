"""What a forum summary shows besides its text: photos, published only with the
agreement of the people in them, and documents. What a published summary shows
keeps its file."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, ReferenceIndex

NO_CONSENT = _(
    "Publish a photo only once everyone who can be recognised in it has agreed. "
    "Tick the box when they have, or remove the photo."
)


class SummaryPhoto(Orderable):
    summary = ParentalKey(
        "outcomes.ForumSummaryPage", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    consent_given = models.BooleanField(
        _("everyone who can be recognised in it agreed to its publication"),
        default=False,
        help_text=_(
            "A resident seen at a police forum may have reasons not to be seen "
            "there. Ask everyone who can be recognised before publishing."
        ),
    )

    panels = [
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldPanel("caption"),
        FieldPanel("consent_given"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")

    def clean(self):
        super().clean()
        if not self.consent_given:
            raise ValidationError({"consent_given": NO_CONSENT})


class SummaryDocument(Orderable):
    summary = ParentalKey(
        "outcomes.ForumSummaryPage", on_delete=models.CASCADE, related_name="documents"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("link text"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the document's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")

    @property
    def link_text(self):
        return self.title or self.document.title


DOCUMENT_KEPT = _(
    "This document is shown on a published forum summary, so it cannot be "
    "replaced or deleted: the summary goes on offering what the department and "
    "residents were given. Upload the new file as a document of its own."
)
IMAGE_KEPT = _(
    "This image is shown on a published forum summary, so it cannot be replaced "
    "or deleted: the summary goes on showing what residents were shown. Upload "
    "the new picture as an image of its own."
)


def published_summary_shows(item):
    """Whether a summary once published shows ``item`` (an image or a
    document): as a photo, an attached document or in its highlights, as
    Wagtail's reference index holds its published version. It keeps its file
    (``cms.kept_files``)."""
    summaries = apps.get_model("outcomes", "ForumSummaryPage")
    pages = ReferenceIndex.get_references_to(item).filter(
        content_type=ContentType.objects.get_for_model(summaries)
    )
    keys = [int(key) for key in pages.values_list("object_id", flat=True)]
    return summaries.objects.filter(
        pk__in=keys, first_published_at__isnull=False
    ).exists()
