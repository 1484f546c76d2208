import datetime
import zoneinfo

from django.core.management import call_command
from django.utils import translation

from forums.generation import generate_forums
from forums.models import ForumPage, ForumSeriesExclusion
from forums.models.series import RecurrenceKind, Weekday

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_second_tuesday_across_month_and_year_boundaries(series):
    series.starts_on = datetime.date(2025, 10, 1)
    assert series.occurrence_dates(6) == [
        datetime.date(2025, 10, 14),
        datetime.date(2025, 11, 11),
        datetime.date(2025, 12, 9),
        datetime.date(2026, 1, 13),
        datetime.date(2026, 2, 10),
        datetime.date(2026, 3, 10),
    ]


def test_occurrences_start_after_a_given_date(series):
    # 2026-03-10 is the second Tuesday: asked from the 11th, April comes first.
    dates = series.occurrence_dates(2, after=datetime.date(2026, 3, 11))
    assert dates == [datetime.date(2026, 4, 14), datetime.date(2026, 5, 12)]
    assert series.occurrence_dates(1, after=datetime.date(2026, 3, 10)) == [
        datetime.date(2026, 3, 10)
    ]


def test_last_weekday_of_the_month(series):
    series.week_position = -1
    series.weekday = Weekday.THURSDAY
    assert series.occurrence_dates(3) == [
        datetime.date(2026, 1, 29),
        datetime.date(2026, 2, 26),
        datetime.date(2026, 3, 26),
    ]


def test_monthly_by_day_skips_months_without_that_day(series):
    series.kind = RecurrenceKind.MONTH_DAY
    series.month_day = 31
    assert series.occurrence_dates(3) == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 5, 31),
    ]


def test_every_other_month_and_end_date(series):
    series.interval_months = 2
    series.ends_on = datetime.date(2026, 6, 30)
    assert series.occurrence_dates(10) == [
        datetime.date(2026, 1, 13),
        datetime.date(2026, 3, 10),
        datetime.date(2026, 5, 12),
    ]


def test_excluded_dates_are_skipped(series):
    ForumSeriesExclusion.objects.create(
        series=series, date=datetime.date(2026, 2, 10), reason="Holiday"
    )
    assert series.occurrence_dates(3) == [
        datetime.date(2026, 1, 13),
        datetime.date(2026, 3, 10),
        datetime.date(2026, 4, 14),
    ]


def test_wall_clock_time_holds_across_daylight_saving(series):
    # Chicago springs forward on 2026-03-08, between these two forums.
    feb_start, feb_end = series.times_on(datetime.date(2026, 2, 10), CHICAGO)
    mar_start, _ = series.times_on(datetime.date(2026, 3, 10), CHICAGO)
    assert (feb_start.hour, feb_start.minute) == (mar_start.hour, mar_start.minute)
    assert feb_start.astimezone(datetime.UTC).hour == 0  # 18:30 CST = 00:30 UTC
    assert mar_start.astimezone(datetime.UTC).hour == 23  # 18:30 CDT = 23:30 UTC
    assert feb_end - feb_start == datetime.timedelta(hours=1, minutes=30)
    # And back in November.
    nov_start, _ = series.times_on(datetime.date(2026, 11, 10), CHICAGO)
    assert nov_start.astimezone(datetime.UTC).hour == 0


def test_end_time_after_midnight_ends_next_day(series):
    series.start_time = datetime.time(22, 0)
    series.end_time = datetime.time(0, 30)
    start, end = series.times_on(datetime.date(2026, 1, 13), CHICAGO)
    assert end - start == datetime.timedelta(hours=2, minutes=30)


def test_generation_is_idempotent(series, forum_index):
    series.venue = None
    after = datetime.date(2026, 1, 1)
    created = generate_forums(series, 3, after=after)
    assert [forum.occurrence_date for forum in created] == [
        datetime.date(2026, 1, 13),
        datetime.date(2026, 2, 10),
        datetime.date(2026, 3, 10),
    ]
    assert generate_forums(series, 3, after=after) == []
    assert len(generate_forums(series, 5, after=after)) == 2
    assert ForumPage.objects.filter(series=series).count() == 5
    forum = ForumPage.objects.get(occurrence_date=datetime.date(2026, 3, 10))
    assert forum.live
    assert forum.get_parent().pk == forum_index.pk
    assert forum.capacity == 40
    assert forum.start.astimezone(CHICAGO).time() == datetime.time(18, 30)


def test_a_moved_date_is_not_generated_again(series):
    after = datetime.date(2026, 1, 1)
    (first,) = generate_forums(series, 1, after=after)
    first.start += datetime.timedelta(days=2)
    first.end += datetime.timedelta(days=2)
    first.save_revision().publish()
    assert generate_forums(series, 1, after=after) == []


def test_generated_titles_in_every_language(series):
    series.title_es = "Foros del Este"
    series.save()
    (forum,) = generate_forums(series, 1, after=datetime.date(2026, 1, 1))
    # The titles are the series'; the date shown beside them comes from the start.
    assert (forum.title_en, forum.title_es) == ("Eastside forums", "Foros del Este")
    with translation.override("en"):
        assert forum.display_title == "Eastside forums: January 13, 2026"
    with translation.override("es"):
        assert forum.display_title == "Foros del Este: 13 de enero de 2026"
    with translation.override("ko"):
        assert forum.display_title == "Eastside forums: 2026년 1월 13일"
    assert forum.slug == "eastside-2026-01"


def test_generate_command(series):
    call_command("generate_forums", "--series", "eastside", "--count", "2")
    call_command("generate_forums", "--count", "2")
    assert ForumPage.objects.filter(series=series).count() == 2
