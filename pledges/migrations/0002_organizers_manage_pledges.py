from django.db import migrations

ORGANIZER_GROUPS = ["Editors", "Moderators"]


def grant(apps, schema_editor):
    """Organizers (Wagtail's Editors and Moderators) may add and remove commitments
    and decide whether updates need approval; mayors' offices may not."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="pledges", model="pledgepage"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_pledges",
        defaults={
            "name": "Can add or remove pledge commitments and decide whether "
            "updates need approval"
        },
    )
    for group in Group.objects.filter(name__in=ORGANIZER_GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="pledges", codename="manage_pledges"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
