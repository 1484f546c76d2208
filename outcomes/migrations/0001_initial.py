"""Summaries, the department roster and distributions, moved from the forums
app with their rows. The tables are already here (``forums.0004`` renamed them),
so this only takes the models over in Django's state, and moves their content
types so that pages, revisions, permissions and log entries keep theirs."""

import cms.pages
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import modelcluster.fields
import modelsearch.index
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


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


def _move_content_types(apps, old_label, new_label):
    """Relabel each moved model's content type, keeping its id.

    A content type already made for the new label (by a ``migrate`` run that
    created it before this migration, as a test database does) has nothing
    pointing at it that matters more than the rows of the old one, so it goes.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        ContentType.objects.filter(app_label=new_label, model=model).delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move_content_types(apps, "forums", "outcomes")


def backwards(apps, schema_editor):
    _move_content_types(apps, "outcomes", "forums")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("forums", "0004_outcomes_tables_renamed"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DepartmentUnit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                max_length=200, unique=True, verbose_name="name"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "department unit",
                        "verbose_name_plural": "department units",
                        "ordering": ["name"],
                        "constraints": [
                            models.UniqueConstraint(
                                django.db.models.functions.text.Lower("name"),
                                name="forums_unit_name_ci",
                            )
                        ],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="DepartmentMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "email",
                            models.EmailField(
                                help_text="Stored in lower case; one per member.",
                                max_length=254,
                                unique=True,
                                verbose_name="email",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="role or rank"
                            ),
                        ),
                        (
                            "preferred_language",
                            models.CharField(
                                choices=[
                                    ("en", "English"),
                                    ("es", "Español"),
                                    ("zh-hans", "简体中文"),
                                    ("vi", "Tiếng Việt"),
                                    ("ar", "العربية"),
                                    ("ko", "한국어"),
                                ],
                                default="en",
                                max_length=10,
                                verbose_name="preferred language",
                            ),
                        ),
                        (
                            "active",
                            models.BooleanField(
                                default=True,
                                help_text="Inactive members receive no distributions.",
                                verbose_name="active",
                            ),
                        ),
                        (
                            "address_needs_attention",
                            models.BooleanField(
                                default=False,
                                help_text="Set when an email to this address bounced permanently.",
                                verbose_name="address needs attention",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="added"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated"),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="outcomes.departmentunit",
                                verbose_name="unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "department member",
                        "verbose_name_plural": "department members",
                        "ordering": ["name", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Distribution",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="created"
                            ),
                        ),
                        (
                            "completed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="completed"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("sending", "Sending"),
                                    ("completed", "Completed"),
                                ],
                                default="sending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sent by",
                            ),
                        ),
                        (
                            "units",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Empty means every active member.",
                                related_name="+",
                                to="outcomes.departmentunit",
                                verbose_name="units",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "distribution",
                        "verbose_name_plural": "distributions",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Delivery",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(max_length=254, verbose_name="email"),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[
                                    ("en", "English"),
                                    ("es", "Español"),
                                    ("zh-hans", "简体中文"),
                                    ("vi", "Tiếng Việt"),
                                    ("ar", "العربية"),
                                    ("ko", "한국어"),
                                ],
                                max_length=10,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting to be sent"),
                                    ("sending", "Being sent"),
                                    ("sent", "Sent"),
                                    ("deferred", "Delayed by the receiving server"),
                                    ("delivered", "Delivered"),
                                    ("opened", "Opened"),
                                    ("bounced", "Bounced"),
                                    ("complained", "Marked as spam"),
                                    ("failed", "Failed"),
                                ],
                                db_index=True,
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "claim",
                            models.UUIDField(blank=True, editable=False, null=True),
                        ),
                        (
                            "claimed_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        (
                            "esp_message_id",
                            models.CharField(
                                blank=True,
                                db_index=True,
                                max_length=200,
                                verbose_name="provider message id",
                            ),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="attempts"
                            ),
                        ),
                        (
                            "last_error",
                            models.TextField(blank=True, verbose_name="last error"),
                        ),
                        (
                            "retry_after",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="retry after"
                            ),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="sent"
                            ),
                        ),
                        (
                            "status_changed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="status changed"
                            ),
                        ),
                        (
                            "acknowledged_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="acknowledged"
                            ),
                        ),
                        (
                            "reminder_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="reminder sent"
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="outcomes.departmentmember",
                                verbose_name="member",
                            ),
                        ),
                        (
                            "distribution",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="outcomes.distribution",
                                verbose_name="distribution",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "delivery",
                        "verbose_name_plural": "deliveries",
                        "ordering": ["distribution", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ForumSummaryPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "residents_attended",
                            models.PositiveIntegerField(
                                default=0,
                                validators=[
                                    django.core.validators.MaxValueValidator(100000)
                                ],
                                verbose_name="residents who RSVPed and came",
                            ),
                        ),
                        (
                            "walk_ins",
                            models.PositiveIntegerField(
                                default=0,
                                validators=[
                                    django.core.validators.MaxValueValidator(100000)
                                ],
                                verbose_name="walk-ins",
                            ),
                        ),
                        (
                            "officers_attended",
                            models.PositiveIntegerField(
                                default=0,
                                validators=[
                                    django.core.validators.MaxValueValidator(100000)
                                ],
                                verbose_name="department members present",
                            ),
                        ),
                        (
                            "officers_present",
                            models.TextField(
                                blank=True,
                                help_text="Rank and name, one per line.",
                                verbose_name="officers present",
                            ),
                        ),
                        (
                            "topics",
                            wagtail.fields.RichTextField(
                                blank=True, verbose_name="topics discussed"
                            ),
                        ),
                        (
                            "topics_en",
                            wagtail.fields.RichTextField(
                                blank=True, null=True, verbose_name="topics discussed"
                            ),
                        ),
                        (
                            "topics_es",
                            wagtail.fields.RichTextField(
                                blank=True, null=True, verbose_name="topics discussed"
                            ),
                        ),
                        (
                            "topics_zh_hans",
                            wagtail.fields.RichTextField(
                                blank=True, null=True, verbose_name="topics discussed"
                            ),
                        ),
                        (
                            "topics_vi",
                            wagtail.fields.RichTextField(
                                blank=True, null=True, verbose_name="topics discussed"
                            ),
                        ),
                        (
                            "topics_ar",
                            wagtail.fields.RichTextField(
                                blank=True, null=True, verbose_name="topics discussed"
                            ),
                        ),
                        (
                            "topics_ko",
                            wagtail.fields.RichTextField(
                                blank=True, null=True, verbose_name="topics discussed"
                            ),
                        ),
                        (
                            "concerns",
                            wagtail.fields.RichTextField(
                                blank=True, verbose_name="community concerns raised"
                            ),
                        ),
                        (
                            "concerns_en",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="community concerns raised",
                            ),
                        ),
                        (
                            "concerns_es",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="community concerns raised",
                            ),
                        ),
                        (
                            "concerns_zh_hans",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="community concerns raised",
                            ),
                        ),
                        (
                            "concerns_vi",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="community concerns raised",
                            ),
                        ),
                        (
                            "concerns_ar",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="community concerns raised",
                            ),
                        ),
                        (
                            "concerns_ko",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="community concerns raised",
                            ),
                        ),
                        (
                            "responses",
                            wagtail.fields.RichTextField(
                                blank=True, verbose_name="the department's responses"
                            ),
                        ),
                        (
                            "responses_en",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="the department's responses",
                            ),
                        ),
                        (
                            "responses_es",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="the department's responses",
                            ),
                        ),
                        (
                            "responses_zh_hans",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="the department's responses",
                            ),
                        ),
                        (
                            "responses_vi",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="the department's responses",
                            ),
                        ),
                        (
                            "responses_ar",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="the department's responses",
                            ),
                        ),
                        (
                            "responses_ko",
                            wagtail.fields.RichTextField(
                                blank=True,
                                null=True,
                                verbose_name="the department's responses",
                            ),
                        ),
                        (
                            "highlights",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("image", 6),
                                    ("call_to_action", 12),
                                    ("quote", 15),
                                    ("document", 19),
                                    ("faq", 25),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Text",
                                            "template": "blocks/paragraph.html",
                                        },
                                    ),
                                    4: (
                                        "wagtail.images.blocks.ImageBlock",
                                        [],
                                        {"label": "Image"},
                                    ),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Caption",
                                            "max_length": 300,
                                            "required": False,
                                        },
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 200},
                                    ),
                                    8: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Text", "required": False},
                                    ),
                                    9: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button label", "max_length": 80},
                                    ),
                                    10: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    11: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {
                                            "label": "Or a web address",
                                            "required": False,
                                        },
                                    ),
                                    12: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("title", 7),
                                                ("text", 8),
                                                ("button_label", 9),
                                                ("page", 10),
                                                ("external_url", 11),
                                            ]
                                        ],
                                        {},
                                    ),
                                    13: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Quote"},
                                    ),
                                    14: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Attribution", "required": False},
                                    ),
                                    15: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 13), ("attribution", 14)]],
                                        {},
                                    ),
                                    16: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Leave empty to use the document's title.",
                                            "label": "Link text",
                                            "required": False,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Description", "required": False},
                                    ),
                                    19: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("document", 16),
                                                ("title", 17),
                                                ("description", 18),
                                            ]
                                        ],
                                        {},
                                    ),
                                    20: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "required": False},
                                    ),
                                    21: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Question", "max_length": 300},
                                    ),
                                    22: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Answer",
                                        },
                                    ),
                                    23: (
                                        "wagtail.blocks.StructBlock",
                                        [[("question", 21), ("answer", 22)]],
                                        {},
                                    ),
                                    24: (
                                        "wagtail.blocks.ListBlock",
                                        (23,),
                                        {"label": "Questions"},
                                    ),
                                    25: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 20), ("items", 24)]],
                                        {},
                                    ),
                                },
                                verbose_name="highlights",
                            ),
                        ),
                        (
                            "highlights_en",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("image", 6),
                                    ("call_to_action", 12),
                                    ("quote", 15),
                                    ("document", 19),
                                    ("faq", 25),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Text",
                                            "template": "blocks/paragraph.html",
                                        },
                                    ),
                                    4: (
                                        "wagtail.images.blocks.ImageBlock",
                                        [],
                                        {"label": "Image"},
                                    ),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Caption",
                                            "max_length": 300,
                                            "required": False,
                                        },
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 200},
                                    ),
                                    8: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Text", "required": False},
                                    ),
                                    9: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button label", "max_length": 80},
                                    ),
                                    10: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    11: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {
                                            "label": "Or a web address",
                                            "required": False,
                                        },
                                    ),
                                    12: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("title", 7),
                                                ("text", 8),
                                                ("button_label", 9),
                                                ("page", 10),
                                                ("external_url", 11),
                                            ]
                                        ],
                                        {},
                                    ),
                                    13: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Quote"},
                                    ),
                                    14: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Attribution", "required": False},
                                    ),
                                    15: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 13), ("attribution", 14)]],
                                        {},
                                    ),
                                    16: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Leave empty to use the document's title.",
                                            "label": "Link text",
                                            "required": False,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Description", "required": False},
                                    ),
                                    19: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("document", 16),
                                                ("title", 17),
                                                ("description", 18),
                                            ]
                                        ],
                                        {},
                                    ),
                                    20: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "required": False},
                                    ),
                                    21: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Question", "max_length": 300},
                                    ),
                                    22: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Answer",
                                        },
                                    ),
                                    23: (
                                        "wagtail.blocks.StructBlock",
                                        [[("question", 21), ("answer", 22)]],
                                        {},
                                    ),
                                    24: (
                                        "wagtail.blocks.ListBlock",
                                        (23,),
                                        {"label": "Questions"},
                                    ),
                                    25: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 20), ("items", 24)]],
                                        {},
                                    ),
                                },
                                null=True,
                                verbose_name="highlights",
                            ),
                        ),
                        (
                            "highlights_es",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("image", 6),
                                    ("call_to_action", 12),
                                    ("quote", 15),
                                    ("document", 19),
                                    ("faq", 25),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Text",
                                            "template": "blocks/paragraph.html",
                                        },
                                    ),
                                    4: (
                                        "wagtail.images.blocks.ImageBlock",
                                        [],
                                        {"label": "Image"},
                                    ),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Caption",
                                            "max_length": 300,
                                            "required": False,
                                        },
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 200},
                                    ),
                                    8: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Text", "required": False},
                                    ),
                                    9: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button label", "max_length": 80},
                                    ),
                                    10: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    11: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {
                                            "label": "Or a web address",
                                            "required": False,
                                        },
                                    ),
                                    12: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("title", 7),
                                                ("text", 8),
                                                ("button_label", 9),
                                                ("page", 10),
                                                ("external_url", 11),
                                            ]
                                        ],
                                        {},
                                    ),
                                    13: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Quote"},
                                    ),
                                    14: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Attribution", "required": False},
                                    ),
                                    15: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 13), ("attribution", 14)]],
                                        {},
                                    ),
                                    16: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Leave empty to use the document's title.",
                                            "label": "Link text",
                                            "required": False,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Description", "required": False},
                                    ),
                                    19: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("document", 16),
                                                ("title", 17),
                                                ("description", 18),
                                            ]
                                        ],
                                        {},
                                    ),
                                    20: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "required": False},
                                    ),
                                    21: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Question", "max_length": 300},
                                    ),
                                    22: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Answer",
                                        },
                                    ),
                                    23: (
                                        "wagtail.blocks.StructBlock",
                                        [[("question", 21), ("answer", 22)]],
                                        {},
                                    ),
                                    24: (
                                        "wagtail.blocks.ListBlock",
                                        (23,),
                                        {"label": "Questions"},
                                    ),
                                    25: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 20), ("items", 24)]],
                                        {},
                                    ),
                                },
                                null=True,
                                verbose_name="highlights",
                            ),
                        ),
                        (
                            "highlights_zh_hans",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("image", 6),
                                    ("call_to_action", 12),
                                    ("quote", 15),
                                    ("document", 19),
                                    ("faq", 25),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Text",
                                            "template": "blocks/paragraph.html",
                                        },
                                    ),
                                    4: (
                                        "wagtail.images.blocks.ImageBlock",
                                        [],
                                        {"label": "Image"},
                                    ),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Caption",
                                            "max_length": 300,
                                            "required": False,
                                        },
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 200},
                                    ),
                                    8: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Text", "required": False},
                                    ),
                                    9: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button label", "max_length": 80},
                                    ),
                                    10: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    11: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {
                                            "label": "Or a web address",
                                            "required": False,
                                        },
                                    ),
                                    12: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("title", 7),
                                                ("text", 8),
                                                ("button_label", 9),
                                                ("page", 10),
                                                ("external_url", 11),
                                            ]
                                        ],
                                        {},
                                    ),
                                    13: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Quote"},
                                    ),
                                    14: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Attribution", "required": False},
                                    ),
                                    15: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 13), ("attribution", 14)]],
                                        {},
                                    ),
                                    16: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Leave empty to use the document's title.",
                                            "label": "Link text",
                                            "required": False,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Description", "required": False},
                                    ),
                                    19: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("document", 16),
                                                ("title", 17),
                                                ("description", 18),
                                            ]
                                        ],
                                        {},
                                    ),
                                    20: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "required": False},
                                    ),
                                    21: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Question", "max_length": 300},
                                    ),
                                    22: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Answer",
                                        },
                                    ),
                                    23: (
                                        "wagtail.blocks.StructBlock",
                                        [[("question", 21), ("answer", 22)]],
                                        {},
                                    ),
                                    24: (
                                        "wagtail.blocks.ListBlock",
                                        (23,),
                                        {"label": "Questions"},
                                    ),
                                    25: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 20), ("items", 24)]],
                                        {},
                                    ),
                                },
                                null=True,
                                verbose_name="highlights",
                            ),
                        ),
                        (
                            "highlights_vi",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("image", 6),
                                    ("call_to_action", 12),
                                    ("quote", 15),
                                    ("document", 19),
                                    ("faq", 25),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Text",
                                            "template": "blocks/paragraph.html",
                                        },
                                    ),
                                    4: (
                                        "wagtail.images.blocks.ImageBlock",
                                        [],
                                        {"label": "Image"},
                                    ),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Caption",
                                            "max_length": 300,
                                            "required": False,
                                        },
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 200},
                                    ),
                                    8: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Text", "required": False},
                                    ),
                                    9: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button label", "max_length": 80},
                                    ),
                                    10: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    11: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {
                                            "label": "Or a web address",
                                            "required": False,
                                        },
                                    ),
                                    12: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("title", 7),
                                                ("text", 8),
                                                ("button_label", 9),
                                                ("page", 10),
                                                ("external_url", 11),
                                            ]
                                        ],
                                        {},
                                    ),
                                    13: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Quote"},
                                    ),
                                    14: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Attribution", "required": False},
                                    ),
                                    15: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 13), ("attribution", 14)]],
                                        {},
                                    ),
                                    16: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Leave empty to use the document's title.",
                                            "label": "Link text",
                                            "required": False,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Description", "required": False},
                                    ),
                                    19: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("document", 16),
                                                ("title", 17),
                                                ("description", 18),
                                            ]
                                        ],
                                        {},
                                    ),
                                    20: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "required": False},
                                    ),
                                    21: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Question", "max_length": 300},
                                    ),
                                    22: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Answer",
                                        },
                                    ),
                                    23: (
                                        "wagtail.blocks.StructBlock",
                                        [[("question", 21), ("answer", 22)]],
                                        {},
                                    ),
                                    24: (
                                        "wagtail.blocks.ListBlock",
                                        (23,),
                                        {"label": "Questions"},
                                    ),
                                    25: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 20), ("items", 24)]],
                                        {},
                                    ),
                                },
                                null=True,
                                verbose_name="highlights",
                            ),
                        ),
                        (
                            "highlights_ar",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("image", 6),
                                    ("call_to_action", 12),
                                    ("quote", 15),
                                    ("document", 19),
                                    ("faq", 25),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Text",
                                            "template": "blocks/paragraph.html",
                                        },
                                    ),
                                    4: (
                                        "wagtail.images.blocks.ImageBlock",
                                        [],
                                        {"label": "Image"},
                                    ),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Caption",
                                            "max_length": 300,
                                            "required": False,
                                        },
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 200},
                                    ),
                                    8: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Text", "required": False},
                                    ),
                                    9: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button label", "max_length": 80},
                                    ),
                                    10: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    11: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {
                                            "label": "Or a web address",
                                            "required": False,
                                        },
                                    ),
                                    12: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("title", 7),
                                                ("text", 8),
                                                ("button_label", 9),
                                                ("page", 10),
                                                ("external_url", 11),
                                            ]
                                        ],
                                        {},
                                    ),
                                    13: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Quote"},
                                    ),
                                    14: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Attribution", "required": False},
                                    ),
                                    15: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 13), ("attribution", 14)]],
                                        {},
                                    ),
                                    16: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Leave empty to use the document's title.",
                                            "label": "Link text",
                                            "required": False,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Description", "required": False},
                                    ),
                                    19: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("document", 16),
                                                ("title", 17),
                                                ("description", 18),
                                            ]
                                        ],
                                        {},
                                    ),
                                    20: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "required": False},
                                    ),
                                    21: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Question", "max_length": 300},
                                    ),
                                    22: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Answer",
                                        },
                                    ),
                                    23: (
                                        "wagtail.blocks.StructBlock",
                                        [[("question", 21), ("answer", 22)]],
                                        {},
                                    ),
                                    24: (
                                        "wagtail.blocks.ListBlock",
                                        (23,),
                                        {"label": "Questions"},
                                    ),
                                    25: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 20), ("items", 24)]],
                                        {},
                                    ),
                                },
                                null=True,
                                verbose_name="highlights",
                            ),
                        ),
                        (
                            "highlights_ko",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("image", 6),
                                    ("call_to_action", 12),
                                    ("quote", 15),
                                    ("document", 19),
                                    ("faq", 25),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Text",
                                            "template": "blocks/paragraph.html",
                                        },
                                    ),
                                    4: (
                                        "wagtail.images.blocks.ImageBlock",
                                        [],
                                        {"label": "Image"},
                                    ),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Caption",
                                            "max_length": 300,
                                            "required": False,
                                        },
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 200},
                                    ),
                                    8: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Text", "required": False},
                                    ),
                                    9: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button label", "max_length": 80},
                                    ),
                                    10: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    11: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {
                                            "label": "Or a web address",
                                            "required": False,
                                        },
                                    ),
                                    12: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("title", 7),
                                                ("text", 8),
                                                ("button_label", 9),
                                                ("page", 10),
                                                ("external_url", 11),
                                            ]
                                        ],
                                        {},
                                    ),
                                    13: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Quote"},
                                    ),
                                    14: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Attribution", "required": False},
                                    ),
                                    15: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 13), ("attribution", 14)]],
                                        {},
                                    ),
                                    16: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Leave empty to use the document's title.",
                                            "label": "Link text",
                                            "required": False,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.TextBlock",
                                        (),
                                        {"label": "Description", "required": False},
                                    ),
                                    19: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("document", 16),
                                                ("title", 17),
                                                ("description", 18),
                                            ]
                                        ],
                                        {},
                                    ),
                                    20: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "required": False},
                                    ),
                                    21: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Question", "max_length": 300},
                                    ),
                                    22: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "ol",
                                                "ul",
                                            ],
                                            "label": "Answer",
                                        },
                                    ),
                                    23: (
                                        "wagtail.blocks.StructBlock",
                                        [[("question", 21), ("answer", 22)]],
                                        {},
                                    ),
                                    24: (
                                        "wagtail.blocks.ListBlock",
                                        (23,),
                                        {"label": "Questions"},
                                    ),
                                    25: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 20), ("items", 24)]],
                                        {},
                                    ),
                                },
                                null=True,
                                verbose_name="highlights",
                            ),
                        ),
                        (
                            "forum",
                            models.OneToOneField(
                                editable=False,
                                help_text="The parent forum, kept so listings find it in one query.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="summary",
                                to="forums.forumpage",
                                verbose_name="forum",
                            ),
                        ),
                        (
                            "units_present",
                            modelcluster.fields.ParentalManyToManyField(
                                blank=True,
                                related_name="+",
                                to="outcomes.departmentunit",
                                verbose_name="units present",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "forum summary",
                        "verbose_name_plural": "forum summaries",
                    },
                    bases=(
                        cms.pages.EngagePageMixin,
                        wagtail.contrib.routable_page.models.RoutablePageMixin,
                        "wagtailcore.page",
                    ),
                ),
                migrations.AddField(
                    model_name="distribution",
                    name="summary",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="distributions",
                        to="outcomes.forumsummarypage",
                        verbose_name="summary",
                    ),
                ),
                migrations.CreateModel(
                    name="ActionItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "sort_order",
                            models.IntegerField(blank=True, editable=False, null=True),
                        ),
                        (
                            "description",
                            models.TextField(
                                max_length=2000, verbose_name="description"
                            ),
                        ),
                        (
                            "description_en",
                            models.TextField(
                                max_length=2000, null=True, verbose_name="description"
                            ),
                        ),
                        (
                            "description_es",
                            models.TextField(
                                max_length=2000, null=True, verbose_name="description"
                            ),
                        ),
                        (
                            "description_zh_hans",
                            models.TextField(
                                max_length=2000, null=True, verbose_name="description"
                            ),
                        ),
                        (
                            "description_vi",
                            models.TextField(
                                max_length=2000, null=True, verbose_name="description"
                            ),
                        ),
                        (
                            "description_ar",
                            models.TextField(
                                max_length=2000, null=True, verbose_name="description"
                            ),
                        ),
                        (
                            "description_ko",
                            models.TextField(
                                max_length=2000, null=True, verbose_name="description"
                            ),
                        ),
                        (
                            "responsible_person",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="responsible person",
                            ),
                        ),
                        ("due_date", models.DateField(verbose_name="due date")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("in_progress", "In progress"),
                                    ("done", "Done"),
                                    ("declined", "Declined"),
                                ],
                                db_index=True,
                                default="open",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "declined_reason",
                            models.TextField(
                                blank=True,
                                max_length=2000,
                                verbose_name="reason for declining",
                            ),
                        ),
                        (
                            "declined_reason_en",
                            models.TextField(
                                blank=True,
                                max_length=2000,
                                null=True,
                                verbose_name="reason for declining",
                            ),
                        ),
                        (
                            "declined_reason_es",
                            models.TextField(
                                blank=True,
                                max_length=2000,
                                null=True,
                                verbose_name="reason for declining",
                            ),
                        ),
                        (
                            "declined_reason_zh_hans",
                            models.TextField(
                                blank=True,
                                max_length=2000,
                                null=True,
                                verbose_name="reason for declining",
                            ),
                        ),
                        (
                            "declined_reason_vi",
                            models.TextField(
                                blank=True,
                                max_length=2000,
                                null=True,
                                verbose_name="reason for declining",
                            ),
                        ),
                        (
                            "declined_reason_ar",
                            models.TextField(
                                blank=True,
                                max_length=2000,
                                null=True,
                                verbose_name="reason for declining",
                            ),
                        ),
                        (
                            "declined_reason_ko",
                            models.TextField(
                                blank=True,
                                max_length=2000,
                                null=True,
                                verbose_name="reason for declining",
                            ),
                        ),
                        (
                            "responsible_unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="outcomes.departmentunit",
                                verbose_name="responsible unit",
                            ),
                        ),
                        (
                            "summary",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="action_items",
                                to="outcomes.forumsummarypage",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "action item",
                        "verbose_name_plural": "action items",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="SummaryDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "sort_order",
                            models.IntegerField(blank=True, editable=False, null=True),
                        ),
                        (
                            "title",
                            models.CharField(
                                blank=True,
                                help_text="Leave empty to use the document's title.",
                                max_length=200,
                                verbose_name="link text",
                            ),
                        ),
                        (
                            "title_en",
                            models.CharField(
                                blank=True,
                                help_text="Leave empty to use the document's title.",
                                max_length=200,
                                null=True,
                                verbose_name="link text",
                            ),
                        ),
                        (
                            "title_es",
                            models.CharField(
                                blank=True,
                                help_text="Leave empty to use the document's title.",
                                max_length=200,
                                null=True,
                                verbose_name="link text",
                            ),
                        ),
                        (
                            "title_zh_hans",
                            models.CharField(
                                blank=True,
                                help_text="Leave empty to use the document's title.",
                                max_length=200,
                                null=True,
                                verbose_name="link text",
                            ),
                        ),
                        (
                            "title_vi",
                            models.CharField(
                                blank=True,
                                help_text="Leave empty to use the document's title.",
                                max_length=200,
                                null=True,
                                verbose_name="link text",
                            ),
                        ),
                        (
                            "title_ar",
                            models.CharField(
                                blank=True,
                                help_text="Leave empty to use the document's title.",
                                max_length=200,
                                null=True,
                                verbose_name="link text",
                            ),
                        ),
                        (
                            "title_ko",
                            models.CharField(
                                blank=True,
                                help_text="Leave empty to use the document's title.",
                                max_length=200,
                                null=True,
                                verbose_name="link text",
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="wagtaildocs.document",
                                verbose_name="document",
                            ),
                        ),
                        (
                            "summary",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="documents",
                                to="outcomes.forumsummarypage",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "document",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="SummaryPhoto",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "sort_order",
                            models.IntegerField(blank=True, editable=False, null=True),
                        ),
                        (
                            "alt_text",
                            models.CharField(
                                help_text="Describe the photo for people who cannot see it.",
                                max_length=300,
                                verbose_name="alt text",
                            ),
                        ),
                        (
                            "alt_text_en",
                            models.CharField(
                                help_text="Describe the photo for people who cannot see it.",
                                max_length=300,
                                null=True,
                                verbose_name="alt text",
                            ),
                        ),
                        (
                            "alt_text_es",
                            models.CharField(
                                help_text="Describe the photo for people who cannot see it.",
                                max_length=300,
                                null=True,
                                verbose_name="alt text",
                            ),
                        ),
                        (
                            "alt_text_zh_hans",
                            models.CharField(
                                help_text="Describe the photo for people who cannot see it.",
                                max_length=300,
                                null=True,
                                verbose_name="alt text",
                            ),
                        ),
                        (
                            "alt_text_vi",
                            models.CharField(
                                help_text="Describe the photo for people who cannot see it.",
                                max_length=300,
                                null=True,
                                verbose_name="alt text",
                            ),
                        ),
                        (
                            "alt_text_ar",
                            models.CharField(
                                help_text="Describe the photo for people who cannot see it.",
                                max_length=300,
                                null=True,
                                verbose_name="alt text",
                            ),
                        ),
                        (
                            "alt_text_ko",
                            models.CharField(
                                help_text="Describe the photo for people who cannot see it.",
                                max_length=300,
                                null=True,
                                verbose_name="alt text",
                            ),
                        ),
                        (
                            "caption",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="caption"
                            ),
                        ),
                        (
                            "caption_en",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="caption",
                            ),
                        ),
                        (
                            "caption_es",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="caption",
                            ),
                        ),
                        (
                            "caption_zh_hans",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="caption",
                            ),
                        ),
                        (
                            "caption_vi",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="caption",
                            ),
                        ),
                        (
                            "caption_ar",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="caption",
                            ),
                        ),
                        (
                            "caption_ko",
                            models.CharField(
                                blank=True,
                                max_length=300,
                                null=True,
                                verbose_name="caption",
                            ),
                        ),
                        (
                            "image",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="wagtailimages.image",
                                verbose_name="image",
                            ),
                        ),
                        (
                            "summary",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="photos",
                                to="outcomes.forumsummarypage",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "photo",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
                migrations.AddIndex(
                    model_name="departmentmember",
                    index=models.Index(
                        fields=["active", "unit"], name="forums_member_unit"
                    ),
                ),
                migrations.AddIndex(
                    model_name="delivery",
                    index=models.Index(
                        fields=["distribution", "status", "retry_after"],
                        name="forums_delivery_queue",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="delivery",
                    constraint=models.UniqueConstraint(
                        fields=("distribution", "member"),
                        name="forums_one_delivery_per_member",
                    ),
                ),
            ]
        ),
        migrations.RunPython(forwards, backwards),
    ]
