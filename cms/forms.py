"""Forms the product apps share."""

from django import forms

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
