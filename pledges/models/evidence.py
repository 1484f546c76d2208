"""The evidence of progress updates: documents and links, and which documents
a published update keeps from being replaced or deleted."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable

EVIDENCE_KEPT = _(
    "This document is evidence for a published progress update, so it cannot be "
    "replaced or deleted: the update goes on showing what it showed when it was "
    "published. Upload the new file as a document of its own."
)


class EvidenceQuerySet(models.QuerySet):
    def published(self):
        """Evidence of updates that have been published, which never changes."""
        return self.filter(page__first_published_at__isnull=False)

    def holding(self, document):
        """Evidence that shows ``document``, as itself or as a link's saved copy."""
        return self.filter(models.Q(document=document) | models.Q(saved_copy=document))


def published_evidence_holds(document):
    """Whether ``document`` backs a published update, as itself or as a link's
    saved copy: it keeps its file (``cms.kept_files``)."""
    return UpdateEvidence.objects.published().holding(document).exists()


COPY_TYPES = {"pdf", "png", "jpg", "jpeg", "gif", "webp"}


class UpdateEvidence(Orderable):
    """A document or a link that backs up what an update says."""

    page = ParentalKey(
        "pledges.ProgressUpdatePage", on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=255)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("or a link"), max_length=500, blank=True)
    saved_copy = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("saved copy of the linked page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A PDF or an image of the linked page, so the evidence survives if the "
            "link stops working."
        ),
    )
    added_on = models.DateField(
        _("added on"), default=timezone.localdate, editable=False
    )

    objects = EvidenceQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("document"),
        FieldPanel("url"),
        FieldPanel("saved_copy"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(_("Choose a document or enter a link, not both."))
        if self.saved_copy_id and not self.url:
            raise ValidationError({"saved_copy": _("A saved copy goes with a link.")})
        if self.saved_copy and self.saved_copy.file_extension.lower() not in COPY_TYPES:
            raise ValidationError(
                {"saved_copy": _("A saved copy is a PDF or an image of the page.")}
            )

    @property
    def href(self):
        return self.document.url if self.document_id and self.document else self.url
