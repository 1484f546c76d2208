"""Background jobs a scheduler can enqueue, same as the management commands."""

from django_tasks import task

from . import services


@task()
def send_forum_reminders():
    return services.send_due_reminders()


@task()
def purge_rsvp_personal_data():
    return services.purge_personal_data()


@task()
def send_distribution(distribution_id):
    """Send what is pending; running it twice sends nobody a second copy."""
    from .distribution import send_pending

    return send_pending(distribution_id).sent


@task()
def resume_distributions():
    """For a scheduler: finish distributions whose retries are due."""
    from .distribution import send_all_pending

    return sum(report.sent for report in send_all_pending())


@task()
def send_distribution_reminders(distribution_id, days):
    from .distribution import send_reminders

    return send_reminders(distribution_id, days)


@task()
def notify_summary_residents(summary_id):
    from .models import ForumSummaryPage
    from .summaries import notify_residents

    summary = ForumSummaryPage.objects.filter(pk=summary_id).first()
    return notify_residents(summary) if summary else 0
