"""Add each survey's totals per language and month beside its result cells, so
the unfiltered results read those rows alone: the cells of every survey with
responses are recounted from the answers, as migration 0005 first did (the
recount now includes the totals)."""

from importlib import import_module

from django.db import migrations

count_totals = import_module(
    "surveys.migrations.0005_count_result_cells"
).count_existing


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_question_kinds")]

    operations = [migrations.RunPython(count_totals, migrations.RunPython.noop)]
