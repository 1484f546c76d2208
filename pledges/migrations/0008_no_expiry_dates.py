"""Clear the expiry dates that pledges, commitments and progress updates were
given before they were refused (``pledges.models.no_expiry``): each would have
had ``publish_scheduled`` take a public record down, asking no one."""

from django.db import migrations


def clear_expiry_dates(apps, schema_editor):
    for name in ("PledgePage", "CommitmentPage", "ProgressUpdatePage"):
        model = apps.get_model("pledges", name)
        model.objects.exclude(expire_at=None).update(expire_at=None)


class Migration(migrations.Migration):
    dependencies = [("pledges", "0007_updates_by_date")]

    operations = [migrations.RunPython(clear_expiry_dates, migrations.RunPython.noop)]
