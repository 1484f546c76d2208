"""What outcomes keep about people: the police department's roster and the
record of each summary sent to its members (who have no account here)."""

from django.utils.translation import gettext as _


def privacy_section(request):
    return {
        "heading": _("Police department members"),
        "collected": _(
            "For members of the police department who receive forum summaries "
            "(they have no account on this site): name, work email address, unit, "
            "role or rank and language, as the department gives them to us. For "
            "each summary sent: the address it went to, whether it was delivered, "
            "opened or bounced as our email provider reports it, and when the "
            "member acknowledged it."
        ),
        "purpose": _(
            "To send each forum summary to the department, to show organizers who "
            "received and acknowledged it, and, after an acknowledgement deadline, "
            "to show each unit's commander who in their unit has not."
        ),
        "kept": _(
            "Until staff remove the member from the roster, which also deletes "
            "the record of every summary sent to them. A member marked inactive "
            "receives nothing more but stays on the roster until removed."
        ),
        "not_kept": _(
            "The email provider's reports are not kept as they arrive: only the "
            "latest status of each summary and, for a bounce, its reason."
        ),
        "fields": [
            "outcomes.DepartmentMember.name",
            "outcomes.DepartmentMember.email",
            "outcomes.DepartmentMember.address_needs_attention",
            "outcomes.Delivery.email",
            "outcomes.Delivery.acknowledged_at",
        ],
    }
