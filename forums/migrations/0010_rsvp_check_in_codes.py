"""Every RSVP gets a random check-in code; existing ones are given theirs here,
one by one, so no two in a forum share one."""

from django.db import migrations, models

import forums.models.rsvps


def give_codes(apps, schema_editor):
    RSVP = apps.get_model("forums", "RSVP")
    taken = set()
    for rsvp in RSVP.objects.order_by("pk").only("pk", "forum_id"):
        code = forums.models.rsvps.new_check_in_code()
        while (rsvp.forum_id, code) in taken:
            code = forums.models.rsvps.new_check_in_code()
        taken.add((rsvp.forum_id, code))
        RSVP.objects.filter(pk=rsvp.pk).update(check_in_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0009_registrant_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="rsvp",
            name="check_in_code",
            field=models.CharField(
                default="", editable=False, max_length=7, verbose_name="check-in code"
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rsvp",
            name="check_in_code",
            field=models.CharField(
                default=forums.models.rsvps.new_check_in_code,
                editable=False,
                max_length=7,
                verbose_name="check-in code",
            ),
        ),
        migrations.AddConstraint(
            model_name="rsvp",
            constraint=models.UniqueConstraint(
                fields=("forum", "check_in_code"), name="forums_one_rsvp_per_code"
            ),
        ),
    ]
