"""The distribution report: totals, rates and a per-unit breakdown."""

from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Delivery, DeliveryStatus
from .models.deliveries import REACHED
from .sending import INTERRUPTED_ERROR


def _counts(prefix=""):
    def q(**lookups):
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    return {
        "total": Count("pk"),
        "sent": Count("pk", filter=q(sent_at__isnull=False)),
        "delivered": Count("pk", filter=q(status__in=REACHED)),
        "opened": Count("pk", filter=q(status=DeliveryStatus.OPENED)),
        "bounced": Count("pk", filter=q(status=DeliveryStatus.BOUNCED)),
        "complained": Count("pk", filter=q(status=DeliveryStatus.COMPLAINED)),
        "failed": Count("pk", filter=q(status=DeliveryStatus.FAILED)),
        "waiting": Count(
            "pk", filter=q(status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING))
        ),
        "retrying": Count(
            "pk", filter=q(status=DeliveryStatus.PENDING, attempts__gt=0)
        ),
        "unconfirmed": Count(
            "pk", filter=q(status=DeliveryStatus.FAILED, last_error=INTERRUPTED_ERROR)
        ),
        "acknowledged": Count("pk", filter=q(acknowledged_at__isnull=False)),
        "reminded": Count("pk", filter=q(reminder_sent_at__isnull=False)),
    }


RATES = ("sent", "delivered", "bounced", "acknowledged")


def _with_rates(row):
    total = row["total"]
    for name in RATES:
        row[f"{name}_rate"] = row[name] / total if total else 0
    return row


def distribution_report(distribution):
    """Totals, rates and a per-unit breakdown, all aggregated in the database."""
    deliveries = Delivery.objects.filter(distribution=distribution)
    totals = _with_rates(deliveries.aggregate(**_counts()))
    by_unit = [
        _with_rates(row)
        for row in deliveries.order_by()
        .values("member__unit__name")
        .annotate(**_counts())
        .order_by("member__unit__name")
    ]
    problems = (
        deliveries.filter(
            Q(status=DeliveryStatus.FAILED)
            | Q(status=DeliveryStatus.PENDING, attempts__gt=0)
        )
        .order_by()
        .values("status", "last_error")
        .annotate(
            count=Count("pk"), attempts=Max("attempts"), next_retry=Min("retry_after")
        )
        .order_by("status", "-count")
    )
    return {
        "totals": totals,
        "by_unit": by_unit,
        "problems": list(problems[:20]),
        "bounced": list(
            deliveries.filter(status=DeliveryStatus.BOUNCED)
            .select_related("member__unit")
            .order_by("member__unit__name", "member__name")
        ),
    }


# Exports ---------------------------------------------------------------------------

# Lazy: the headings are in the organizer's language, not the one at start-up.
REPORT_COLUMNS = (
    ("total", gettext_lazy("Members")),
    ("sent", gettext_lazy("Sent")),
    ("delivered", gettext_lazy("Delivered")),
    ("opened", gettext_lazy("Opened")),
    ("bounced", gettext_lazy("Bounced")),
    ("complained", gettext_lazy("Marked as spam")),
    ("failed", gettext_lazy("Failed")),
    ("waiting", gettext_lazy("Waiting")),
    ("acknowledged", gettext_lazy("Acknowledged")),
    ("reminded", gettext_lazy("Reminded")),
)


def _report_row(name, row):
    return (
        [name]
        + [row[key] for key, _label in REPORT_COLUMNS]
        + [round(row[f"{key}_rate"] * 100, 1) for key in ("delivered", "acknowledged")]
    )


def report_rows(report):
    """The per-unit table of the CSV and XLSX exports, headings first.

    Unit names come from the roster file: the writers in ``engage.exports``
    keep them from running as formulas.
    """
    header = [_("Unit")] + [str(label) for _key, label in REPORT_COLUMNS]
    header += [_("Delivered (%)"), _("Acknowledged (%)")]
    rows = [header]
    for row in report["by_unit"]:
        rows.append(_report_row(row["member__unit__name"], row))
    rows.append(_report_row(_("All units"), report["totals"]))
    return rows
