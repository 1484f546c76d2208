"""Action items moved to the outcomes app. State only: the table this key
points to was renamed by ``forums.0004`` and the constraint followed it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_initial"),
        ("pledges", "0003_commitmentactionitem_commitmentsurveyquestion"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commitmentactionitem",
                    name="action_item",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="outcomes.actionitem",
                        verbose_name="action item",
                    ),
                ),
            ]
        )
    ]
