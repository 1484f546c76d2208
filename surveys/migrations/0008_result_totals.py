"""Add each survey's totals per language and month beside its result cells, so
the unfiltered results read those rows alone; recounted from the answers, as
``rebuild_survey_results`` does."""

from django.db import migrations


def count_totals(apps, schema_editor):
    from surveys.tallies import cell_rows, recount

    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    ResultCell = apps.get_model("surveys", "ResultCell")
    surveys = Response.objects.order_by("survey_id").values_list("survey_id")
    for survey_id in surveys.distinct().values_list("survey_id", flat=True):
        ResultCell.objects.filter(survey_id=survey_id).delete()
        cells = recount(survey_id, responses=Response, answers=Answer)
        ResultCell.objects.bulk_create(cell_rows(survey_id, cells, model=ResultCell))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_question_kinds")]

    operations = [migrations.RunPython(count_totals, migrations.RunPython.noop)]
