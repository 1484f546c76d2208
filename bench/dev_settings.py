"""Development settings plus the benchmark commands, for measuring organizer
actions on the local database:

    DJANGO_SETTINGS_MODULE=bench.dev_settings manage.py surveys_benchmark
"""

from engage.settings.dev import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
