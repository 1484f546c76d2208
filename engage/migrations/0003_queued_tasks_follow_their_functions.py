from django.db import migrations

# Tasks now live next to the functions they run; jobs queued before the move
# still name the old modules, so the worker could not find them.
MOVED = {
    "engage.tasks.send_serialized_email": "engage.mail.send_serialized_email",
    "forums.tasks.send_forum_reminders": "forums.services.send_forum_reminders",
    "forums.tasks.purge_rsvp_personal_data": "forums.services.purge_rsvp_personal_data",
    "forums.tasks.send_distribution": "outcomes.sending.send_distribution",
    "forums.tasks.resume_distributions": "outcomes.sending.resume_distributions",
    "forums.tasks.send_distribution_reminders": (
        "outcomes.reminders.send_distribution_reminders"
    ),
    "forums.tasks.notify_summary_residents": (
        "outcomes.notifications.notify_summary_residents"
    ),
}


def rename(apps, mapping):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in mapping.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


def forward(apps, schema_editor):
    rename(apps, MOVED)


def backward(apps, schema_editor):
    rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("engage", "0002_sitesettings_from_cms"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, backward)]
