"""What surveys keep about residents: the privacy page text, export and erasure.

Anonymous responses hold no user and no code, so nothing in them can be found
for, exported to, or erased for a person: they are kept as they are."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engage.privacy import email_q

from .models import Answer, InvitationCode, Response


def _responses(user, emails):
    """The resident's responses to surveys that are not anonymous."""
    return Response.objects.filter(Q(user=user) | email_q("code__email", emails))


def privacy_section(request):
    return {
        "heading": _("Surveys"),
        "collected": _(
            "Your answers, the language you answered in and the day. An anonymous "
            "survey stores no name, no account, no code, no time of day and no "
            "internet address with the answers; if you answer one while signed in, "
            "it records only that your account took part, so that no one answers "
            "twice. An invitation code is only marked as used: it keeps no time, "
            "no language and, for an anonymous survey, no email address. The link "
            "in an invitation carries the code after a “#”, which your browser "
            "does not send to us, so no server log or cache records it. A survey "
            "that says it is not anonymous links your answers to your account or "
            "your invitation code, with the time."
        ),
        "purpose": ngettext(
            "To count what residents think and publish the results. Groups of "
            "fewer than %(size)s answer are never shown, so no one can be singled "
            "out. A written answer is only quoted after staff remove personal "
            "details.",
            "To count what residents think and publish the results. Groups of "
            "fewer than %(size)s answers are never shown, so no one can be singled "
            "out. A written answer is only quoted after staff remove personal "
            "details.",
            settings.SURVEYS_MIN_GROUP_SIZE,
        )
        % {"size": settings.SURVEYS_MIN_GROUP_SIZE},
        "kept": _(
            "Answers are kept as the record of the survey. If you delete your "
            "account, the link between you and your answers is erased; the answers "
            "stay in the counts without your name. For a survey that is not "
            "anonymous, the address a code was sent to is kept until then. "
            "Invitation emails are written and sent at once and not kept; only a "
            "scrambled form of each address is kept, to make sure no one receives "
            "two codes. For an anonymous survey, the database keeps no order that "
            "could match answers to codes or people: with each new answer, the "
            "used codes and the list of who took part are stored again in a "
            "random order, and answers are shuffled in groups of at least "
            "%(size)s. Until a group is complete, its answers are shuffled only "
            "among themselves."
        )
        % {"size": settings.SURVEYS_MIN_GROUP_SIZE}
        + " "
        + _("The scrambled addresses are kept as long as the survey."),
        "fields": [
            "surveys.Response.user",
            "surveys.Participation.user",
            "surveys.InvitationCode.email",
            "surveys.CodeRecipient.email_hash",
            "surveys.Answer.text",
        ],
    }


def personal_data(user, emails):
    answers = (
        Answer.objects.filter(response__in=_responses(user, emails))
        .select_related("response__survey", "question", "choice")
        .order_by("response__submitted_on", "response_id", "question__sort_order")
    )
    codes = InvitationCode.objects.filter(email_q("email", emails)).select_related(
        "survey"
    )
    return {
        "survey_answers": [
            {
                "survey": answer.response.survey.title,
                "response": answer.response_id,
                "submitted_on": answer.response.submitted_on,
                "language": answer.response.language,
                "question": answer.question.text,
                "choice": answer.choice.label if answer.choice else "",
                "number": answer.number,
                "text": answer.text,
            }
            for answer in answers
        ],
        "survey_invitations": [
            {
                "survey": code.survey.title,
                "code": code.display_code,
                "email": code.email,
                "issued_on": code.issued_on,
                "used": code.used,
            }
            for code in codes.order_by("pk")
        ],
    }


def erase_personal_data(user, emails):
    """Detach the answers from the person; the answers stay in the counts."""
    _responses(user, emails).update(user=None, code=None, submitted_at=None)
    InvitationCode.objects.filter(email_q("email", emails)).update(email="")
