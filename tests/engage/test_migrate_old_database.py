"""A database made before outcomes had its own app, and before site settings
moved from cms to engage, migrates forward with every row of every moved table,
and its pages and settings keep their content types.

One test covers both moves: each migrates the database backwards and forwards,
and doing that once keeps the suite's transactional tests independent."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Page, Revision

from engage.models import SiteSettings
from outcomes.models import ForumSummaryPage

BEFORE = [
    ("forums", "0003_series_organizers"),
    ("outcomes", None),
    ("engage", "0001_initial"),
    ("cms", "0002_page_translation_fields"),
]
# Model names of every moved table, and the many-to-many tables that go with them.
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
THROUGH = (("forumsummarypage", "units_present"), ("distribution", "units"))

# The flush after the test would remove the root page the migrations made.
pytestmark = [
    pytest.mark.rewinds_migrations(renumbers_content_types=True),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def migrate(targets=None):
    """Migrate to ``targets`` (default: every app's latest); the models of the
    state the database is then in."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    applied = [
        key
        for key in executor.loader.applied_migrations
        if key in executor.loader.graph.nodes
    ]
    return executor.loader.project_state(applied).apps


def row_counts(apps, app_label):
    counts = {name: apps.get_model(app_label, name).objects.count() for name in MOVED}
    for name, field in THROUGH:
        through = apps.get_model(app_label, name)._meta.get_field(field)
        counts[f"{name}.{field}"] = through.remote_field.through.objects.count()
    return counts


def add_page(apps, model, content_type, parent_path, **fields):
    """A page row made the way the tree would make it, without treebeard."""
    locale = apps.get_model("wagtailcore", "Locale").objects.order_by("pk").first()
    siblings = apps.get_model("wagtailcore", "Page").objects.filter(
        path__startswith=parent_path, depth=len(parent_path) // 4 + 1
    )
    path = parent_path + f"{siblings.count() + 900:04d}"
    return model.objects.create(
        path=path,
        depth=len(path) // 4,
        numchild=0,
        content_type=content_type,
        locale_id=locale.pk,
        live=True,
        draft_title=fields["title"],
        url_path=f"/{fields['slug']}/",
        **fields,
    )


def fill_old_tables(old):
    """One row (at least) in every table the move touches, through old models."""
    ContentType_ = old.get_model("contenttypes", "ContentType")
    forum_type = ContentType_.objects.get_or_create(
        app_label="forums", model="forumpage"
    )[0]
    summary_type = ContentType_.objects.get_or_create(
        app_label="forums", model="forumsummarypage"
    )[0]
    root = old.get_model("wagtailcore", "Page").objects.get(depth=1)
    start = timezone.now() - datetime.timedelta(days=3)
    forum = add_page(
        old,
        old.get_model("forums", "ForumPage"),
        forum_type,
        root.path,
        title="Old forum",
        slug="old-forum",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    summary = add_page(
        old,
        old.get_model("forums", "ForumSummaryPage"),
        summary_type,
        forum.path,
        title="Summary: Old forum",
        slug="summary",
        forum_id=forum.pk,
        residents_attended=12,
    )
    revision = old.get_model("wagtailcore", "Revision").objects.create(
        content_type=summary_type,
        base_content_type=ContentType_.objects.get(
            app_label="wagtailcore", model="page"
        ),
        object_id=str(summary.pk),
        created_at=timezone.now(),
        object_str=summary.title,
        content={"pk": summary.pk, "title": summary.title},
    )
    old.get_model("wagtailcore", "Page").objects.filter(pk=summary.pk).update(
        latest_revision=revision, live_revision=revision
    )

    unit = old.get_model("forums", "DepartmentUnit").objects.create(name="Patrol")
    member = old.get_model("forums", "DepartmentMember").objects.create(
        name="Officer Lee", email="lee@police.example", unit=unit
    )
    units_present = summary._meta.get_field("units_present").remote_field.through
    units_present.objects.create(forumsummarypage_id=summary.pk, departmentunit=unit)
    old.get_model("forums", "ActionItem").objects.create(
        summary=summary,
        description="Patrol Market Street at school times.",
        responsible_unit=unit,
        due_date=datetime.date(2026, 12, 1),
        sort_order=0,
    )
    collection = old.get_model("wagtailcore", "Collection").objects.order_by("pk")[0]
    image = old.get_model("wagtailimages", "Image").objects.create(
        title="Forum",
        file="original_images/forum.jpg",
        width=8,
        height=8,
        collection=collection,
    )
    old.get_model("forums", "SummaryPhoto").objects.create(
        summary=summary, image=image, alt_text="Residents talking", sort_order=0
    )
    document = old.get_model("wagtaildocs", "Document").objects.create(
        title="Minutes", file="documents/minutes.pdf", collection=collection
    )
    old.get_model("forums", "SummaryDocument").objects.create(
        summary=summary, document=document, sort_order=0
    )
    distribution = old.get_model("forums", "Distribution").objects.create(
        summary=summary
    )
    distribution.units.add(unit)
    old.get_model("forums", "Delivery").objects.create(
        distribution=distribution,
        member=member,
        email=member.email,
        language="en",
        status="delivered",
    )
    return summary.pk, summary_type.pk, revision.pk


@pytest.fixture
def old_database():
    """The models of the database before the move; every app is back at its
    latest afterwards, even if the test fails, so the flush can empty it."""
    try:
        yield migrate(BEFORE)
    finally:
        migrate()
        ContentType.objects.clear_cache()


def fill_old_site_settings(old):
    """A site with its own settings, as cms kept them."""
    settings_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="cms", model="sitesettings"
    )[0]
    site = old.get_model("wagtailcore", "Site").objects.create(
        hostname="riverton.example.org",
        port=443,
        root_page=old.get_model("wagtailcore", "Page").objects.first(),
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
    return site.pk, settings_type.pk


def test_every_moved_row_and_content_type_survives_the_move(old_database):
    old = old_database
    summary_id, summary_type_id, revision_id = fill_old_tables(old)
    site_id, settings_type_id = fill_old_site_settings(old)
    before = row_counts(old, "forums")
    assert all(before.values()), before

    new = migrate()
    ContentType.objects.clear_cache()

    assert row_counts(new, "outcomes") == before
    summary_type = ContentType.objects.get(pk=summary_type_id)
    assert (summary_type.app_label, summary_type.model) == (
        "outcomes",
        "forumsummarypage",
    )
    assert not ContentType.objects.filter(app_label="forums", model__in=MOVED).exists()
    page = Page.objects.get(pk=summary_id).specific
    assert isinstance(page, ForumSummaryPage)
    assert page.residents_attended == 12
    assert [unit.name for unit in page.units_present.all()] == ["Patrol"]
    assert page.action_items.get().responsible_unit.name == "Patrol"
    assert page.distributions.get().deliveries.get().member.name == "Officer Lee"
    revision = Revision.objects.get(pk=revision_id)
    assert revision.content_type_id == summary_type_id
    assert revision.content_type.model_class() is ForumSummaryPage

    moved = SiteSettings.objects.get(site_id=site_id)
    assert moved.organization_name == "Riverton Forums"
    assert moved.organization_name_es == "Foros de Riverton"
    assert moved.timezone == "America/Denver"
    assert moved.contact_email == "forums@riverton.example.org"
    settings_type = ContentType.objects.get(pk=settings_type_id)
    assert (settings_type.app_label, settings_type.model) == ("engage", "sitesettings")
