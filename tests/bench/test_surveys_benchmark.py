"""The survey benchmark measures real views and rolls its responses back."""

import pytest
from django.core.management import call_command

from bench.management.commands import surveys_benchmark
from surveys.demo import build
from surveys.models import Response
from tests.factories.engage import UserFactory

pytestmark = pytest.mark.django_db


def test_benchmark_times_organizer_views_and_keeps_no_response(home, capsys, settings):
    settings.ENGAGE_STAFF_MFA_REQUIRED = True  # as in production
    build(home)
    UserFactory(is_staff=True, is_superuser=True)
    before = Response.objects.count()
    call_command(surveys_benchmark.Command(), "--responses", "300")
    out = capsys.readouterr().out
    timed = [line for line in out.splitlines() if "queries" in line]
    assert [line.split(":")[0] for line in timed] == [
        "Results page",
        "Results page, Spanish only",
        "Aggregate JSON",
        "All responses (CSV)",
        "All responses (XLSX)",
    ]
    assert all(line.endswith("status 200") for line in timed)
    assert Response.objects.count() == before
