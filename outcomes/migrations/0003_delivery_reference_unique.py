"""Every delivery has its reference now: new ones get a random one, all unique."""

from django.db import migrations, models

import outcomes.models.deliveries


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0002_delivery_reference"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delivery",
            name="reference",
            field=models.CharField(
                default=outcomes.models.deliveries.new_delivery_reference,
                editable=False,
                max_length=24,
                unique=True,
            ),
        ),
    ]
