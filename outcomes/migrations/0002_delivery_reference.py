"""Each delivery gets a random reference for the provider's metadata, in place
of its sequential id; existing rows get one each (made unique in 0003, in a
transaction of its own)."""

import secrets

from django.db import migrations, models


def fill_references(apps, schema_editor):
    Delivery = apps.get_model("outcomes", "Delivery")
    batch = []
    for delivery in Delivery.objects.filter(reference__isnull=True).only("pk"):
        delivery.reference = secrets.token_urlsafe(18)
        batch.append(delivery)
        if len(batch) == 1000:
            Delivery.objects.bulk_update(batch, ["reference"])
            batch = []
    Delivery.objects.bulk_update(batch, ["reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="reference",
            field=models.CharField(editable=False, max_length=24, null=True),
        ),
        migrations.RunPython(fill_references, migrations.RunPython.noop),
    ]
