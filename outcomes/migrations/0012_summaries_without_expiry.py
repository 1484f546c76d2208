"""Clear the expiry dates summaries were given before they were refused
(``outcomes.models.withdrawal``): each would have had ``publish_scheduled``
take a summary down without the reason every withdrawal now gives."""

from django.db import migrations


def clear_expiry_dates(apps, schema_editor):
    summaries = apps.get_model("outcomes", "ForumSummaryPage").objects
    summaries.exclude(expire_at=None).update(expire_at=None)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0011_summary_withdrawal_reason")]

    operations = [migrations.RunPython(clear_expiry_dates, migrations.RunPython.noop)]
