"""Each commitment's latest published update, kept as updates are published
(``pledges.models.latest``), filled here from the updates already published."""

import django.db.models.deletion
from django.db import migrations, models

# As ``pledges.models.latest.LATEST_FIRST`` was when this was written.
LATEST_FIRST = ("-update_date", "-first_published_at", "-pk")


def point_to_latest_updates(apps, schema_editor):
    updates = apps.get_model("pledges", "ProgressUpdatePage").objects
    latest = {}
    published = updates.filter(live=True, commitment__isnull=False)
    for commitment_id, update_id in published.order_by(*LATEST_FIRST).values_list(
        "commitment_id", "pk"
    ):
        latest.setdefault(commitment_id, update_id)
    rows = apps.get_model("pledges", "LatestUpdate")
    rows.objects.bulk_create(
        [
            rows(commitment_id=commitment_id, update_id=update_id)
            for commitment_id, update_id in latest.items()
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("pledges", "0008_no_expiry_dates")]

    operations = [
        migrations.CreateModel(
            name="LatestUpdate",
            fields=[
                (
                    "commitment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="latest_published_update",
                        serialize=False,
                        to="pledges.commitmentpage",
                        verbose_name="commitment",
                    ),
                ),
                (
                    "update",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="pledges.progressupdatepage",
                        verbose_name="progress update",
                    ),
                ),
            ],
            options={"verbose_name": "latest update of a commitment"},
        ),
        migrations.RunPython(point_to_latest_updates, migrations.RunPython.noop),
    ]
