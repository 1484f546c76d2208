from django_tasks import task

from .mail import deserialize_message


@task()
def send_serialized_email(data):
    """Send one rendered email; the worker retries by re-running failed tasks."""
    return deserialize_message(data).send()
