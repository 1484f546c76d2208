"""First step of moving summaries, the roster and distributions to the outcomes
app: their tables (and many-to-many tables) take the outcomes_ prefix here, with
the rows in them; ``outcomes.0001`` then takes the models over in Django's state
and ``0005`` drops them from this app's state. Index and constraint names keep
their forums_ prefix: they are names only, and renaming them would rebuild
indexes for nothing."""

from django.db import migrations

MOVED = (
    "departmentunit",
    "departmentmember",
    "forumsummarypage",
    "actionitem",
    "summaryphoto",
    "summarydocument",
    "distribution",
    "delivery",
)


class Migration(migrations.Migration):
    dependencies = [("forums", "0003_series_organizers")]

    operations = [
        migrations.AlterModelTable(name=name, table=f"outcomes_{name}")
        for name in MOVED
    ]
