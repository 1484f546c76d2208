"""Last step of the move to the outcomes app: the models leave this app's state.
Nothing changes in the database; the tables belong to ``outcomes`` since its
0001, and pledges' link to action items points there since its 0004."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0004_outcomes_tables_renamed"),
        ("outcomes", "0001_initial"),
        ("pledges", "0004_action_items_in_outcomes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name=name)
                for name in (
                    "Delivery",
                    "Distribution",
                    "DepartmentMember",
                    "SummaryPhoto",
                    "SummaryDocument",
                    "ActionItem",
                    "ForumSummaryPage",
                    "DepartmentUnit",
                )
            ]
        )
    ]
