from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0005_outcomes_moved_to_their_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="rsvp",
            name="people_arrived",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty when the whole party arrived.",
                null=True,
                verbose_name="people arrived",
            ),
        ),
        migrations.AddField(
            model_name="rsvp",
            name="calendar_sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
