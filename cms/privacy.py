"""What the contact form keeps: the messages residents send."""

from django.utils.translation import gettext as _
from wagtail.contrib.forms.models import FormSubmission

from .models import ContactPage


def _submissions(emails):
    """Messages that give one of ``emails`` in any field, checked in Python
    because the fields are whatever the editors built."""
    if not emails:
        return []
    wanted = set(emails)
    submissions = FormSubmission.objects.filter(
        page__in=ContactPage.objects.all()
    ).only("pk", "form_data", "submit_time")
    return [
        submission
        for submission in submissions.iterator()
        if any(
            isinstance(value, str) and value.strip().lower() in wanted
            for value in (submission.form_data or {}).values()
        )
    ]


def privacy_section(request):
    if not ContactPage.objects.live().exists():
        return None
    return {
        "heading": _("The contact form"),
        "collected": _("What you write in the form, including your contact details."),
        "purpose": _("So that organizers can read your message and answer you."),
        "kept": _(
            "Messages are emailed to the organizers and kept until they delete "
            "them, or until you delete your account."
        ),
        "fields": ["wagtailforms.FormSubmission.form_data"],
    }


def personal_data(user, emails):
    return {
        "contact_messages": [
            {"sent_at": submission.submit_time, **(submission.form_data or {})}
            for submission in _submissions(emails)
        ]
    }


def erase_personal_data(user, emails):
    FormSubmission.objects.filter(pk__in=[s.pk for s in _submissions(emails)]).delete()
