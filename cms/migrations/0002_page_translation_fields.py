from django.core.management import call_command
from django.db import migrations


def add_page_translation_columns(apps, schema_editor):
    """wagtail-modeltranslation adds title_es, seo_title_es… to Wagtail's page table
    outside migrations; doing it here means every migrate (tests, CI, production)
    gets them. `make run` still calls the command too, which is then a no-op."""
    call_command("sync_page_translation_fields", interactive=False, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(add_page_translation_columns, migrations.RunPython.noop),
    ]
