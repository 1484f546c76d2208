"""Forms the product apps share, and every document's and image's edit form."""

from django import forms
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .kept_files import refuse_changes_to_kept
from .withdrawal import MAX_REASON_LENGTH


def withdrawal_reason(label, help_text, required):
    """The field asking why something the public has read is taken down: the
    reason is shown to the public exactly as written."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_REASON_LENGTH,
        help_text=help_text,
        error_messages={"required": required},
    )


class KeptDocumentForm(BaseDocumentForm):
    """Every document's edit form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): refuses a
    new file for a document the record shows (``cms.kept_files``), before
    Wagtail's form deletes the old file from storage."""

    def clean_file(self):
        if self.instance.pk and "file" in self.changed_data:
            refuse_changes_to_kept("document", self.instance)
        return self.cleaned_data.get("file")


class KeptImageForm(BaseImageForm):
    """Every image's edit form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), as above."""

    def clean_file(self):
        if self.instance.pk and "file" in self.changed_data:
            refuse_changes_to_kept("image", self.instance)
        return self.cleaned_data.get("file")
