"""Site settings moved from cms to engage without losing a site's own values."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from engage.models import SiteSettings

BEFORE = [("engage", "0001_initial"), ("cms", "0002_page_translation_fields")]

# The flush after the test would remove the root page the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets=None):
    """Migrate to ``targets`` (default: every app's latest); the state's models."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_settings_and_their_content_type_survive_the_move():
    old = migrate(BEFORE)
    Site = old.get_model("wagtailcore", "Site")
    Page = old.get_model("wagtailcore", "Page")
    ContentType = old.get_model("contenttypes", "ContentType")
    old_type, _created = ContentType.objects.get_or_create(
        app_label="cms", model="sitesettings"
    )
    site = Site.objects.create(
        hostname="riverton.example.org", port=443, root_page=Page.objects.first()
    )
    old.get_model("cms", "SiteSettings").objects.create(
        site=site,
        # Historical models have no translation descriptors: fill the columns.
        organization_name="Riverton Forums",
        organization_name_en="Riverton Forums",
        organization_name_es="Foros de Riverton",
        timezone="America/Denver",
        contact_email="forums@riverton.example.org",
    )

    migrate()

    moved = SiteSettings.objects.get(site_id=site.pk)
    assert moved.organization_name == "Riverton Forums"
    assert moved.organization_name_es == "Foros de Riverton"
    assert moved.timezone == "America/Denver"
    assert moved.contact_email == "forums@riverton.example.org"
    old_type.refresh_from_db()
    assert (old_type.app_label, old_type.model) == ("engage", "sitesettings")
