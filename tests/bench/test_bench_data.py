import pytest
from django.core.management import CommandError, call_command

from bench.management.commands import bench_data
from forums.models import RSVP, ForumPage, RSVPStatus
from outcomes.models import DepartmentMember
from pledges.models import PledgePage, ProgressUpdatePage
from surveys.models import Response, SurveyPage
from surveys.results import compute_results


def test_bench_data_fills_every_app_in_proportion(home):
    call_command(bench_data.Command(), scale=0.02)
    assert ForumPage.objects.live().count() == 1
    assert RSVP.objects.count() == 100
    # One forum of 80 seats holds all 100 RSVPs: the rest wait in line.
    assert RSVP.objects.filter(status=RSVPStatus.CONFIRMED).count() == 80
    assert RSVP.objects.filter(status=RSVPStatus.WAITLISTED).count() == 20
    assert Response.objects.count() == 200
    # Counted into the running results too, as a response through the form is.
    assert compute_results(SurveyPage.objects.get()).total == 200
    assert PledgePage.objects.live().count() == 1
    assert ProgressUpdatePage.objects.live().count() == 4
    assert DepartmentMember.objects.count() == 20


def test_bench_data_runs_once(home):
    call_command(bench_data.Command(), scale=0.01)
    with pytest.raises(CommandError):
        call_command(bench_data.Command(), scale=0.01)
