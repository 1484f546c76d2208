"""Changing a series' rule or skip dates: the organizer reads a plan (kept, moved,
cancelled, added, with registrants), applies it in one transaction, registrants
get proper calendar updates, and a series never has two forums in one month."""

import datetime

import icalendar
import pytest
from dateutil import rrule
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from forums import series_plan
from forums.generation import generate_forums
from forums.models import (
    ForumCalendarEntry,
    ForumPage,
    ForumSeriesExclusion,
    ForumStatus,
)
from forums.models.series import Weekday
from tests.factories.forums import RSVPFactory
from tests.helpers import sign_in


def nth_weekday(month_start, weekday, position, months=3):
    """The dates of one rule, computed independently of the code under test."""
    rule = rrule.rrule(
        rrule.MONTHLY,
        dtstart=month_start,
        count=months,
        byweekday=rrule.weekdays[weekday](position),
    )
    return [moment.date() for moment in rule]


@pytest.fixture
def month_start():
    """The first day of next month: every date of the tests is still to come."""
    today = timezone.localdate()
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def forums(series, month_start):
    series.starts_on = month_start
    series.save()
    created = generate_forums(series, 3, after=month_start)
    assert [forum.occurrence_date for forum in created] == nth_weekday(
        month_start, Weekday.TUESDAY, 2
    )
    return created


@pytest.fixture
def registrants(forums):
    # The first forum is full, so its waitlist stays a waitlist.
    ForumPage.objects.filter(pk=forums[0].pk).update(capacity=1)
    forums[0].capacity = 1
    return {
        "first": [
            RSVPFactory(forum=forums[0], language="es"),
            RSVPFactory(forum=forums[0], status="waitlisted"),
            RSVPFactory(forum=forums[0], status="cancelled"),
        ],
        "second": [RSVPFactory(forum=forums[1])],
    }


def to_third_thursday(series):
    series.week_position = 3
    series.weekday = Weekday.THURSDAY
    series.save()


def upcoming_dates(series):
    return [
        timezone.localtime(forum.start).date()
        for forum in ForumPage.objects.live()
        .filter(series=series)
        .exclude(status=ForumStatus.CANCELLED)
        .order_by("start")
    ]


def test_rule_change_plans_moves_with_registrant_counts(
    series, forums, registrants, month_start
):
    to_third_thursday(series)
    plan = series_plan.build_plan(series)
    new = nth_weekday(month_start, Weekday.THURSDAY, 3)
    old = [forum.occurrence_date for forum in forums]
    assert [
        (step.action, step.forum, step.old_date, step.new_date, step.registrants)
        for step in plan.steps
    ] == [
        ("move", forums[0], old[0], new[0], 2),
        ("move", forums[1], old[1], new[1], 1),
        ("move", forums[2], old[2], new[2], 0),
    ]
    # Nothing changed yet: saving the series leaves the forums as they were.
    assert upcoming_dates(series) == old


def test_applied_plan_moves_forums_and_sends_updated_invitations(
    series, forums, registrants, month_start
):
    to_third_thursday(series)
    plan = series_plan.build_plan(series)
    series_plan.apply_plan(series, plan.fingerprint)
    new = nth_weekday(month_start, Weekday.THURSDAY, 3)
    # Only the new dates are listed: no old forum stays live beside them.
    assert upcoming_dates(series) == new
    assert ForumPage.objects.filter(series=series).count() == 3
    moved = ForumPage.objects.get(pk=forums[0].pk)
    assert moved.occurrence_date == new[0]
    assert timezone.localtime(moved.start).time() == datetime.time(18, 30)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [registrants["first"][0].email, registrants["first"][1].email]
        + [registrants["second"][0].email]
    )
    message = next(m for m in mail.outbox if m.to == [registrants["first"][0].email])
    _, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar; method=REQUEST"
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == moved.start
    assert str(event["UID"]) == ForumCalendarEntry.objects.get(forum=moved).ical_uid
    # Applied once: the plan is now empty.
    assert series_plan.build_plan(series).changes == []


def test_skip_date_cancels_the_forum_with_method_cancel(series, forums, registrants):
    ForumSeriesExclusion.objects.create(
        series=series, date=forums[0].occurrence_date, reason="Holiday"
    )
    plan = series_plan.build_plan(series)
    assert [(step.action, step.forum, step.registrants) for step in plan.steps] == [
        ("cancel", forums[0], 2),
        ("keep", forums[1], 1),
        ("keep", forums[2], 0),
    ]
    series_plan.apply_plan(series, plan.fingerprint)
    cancelled = ForumPage.objects.get(pk=forums[0].pk)
    assert cancelled.status == ForumStatus.CANCELLED
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        rsvp.email for rsvp in registrants["first"][:2]
    )
    for message in mail.outbox:
        _, content, mimetype = message.attachments[0]
        calendar = icalendar.Calendar.from_ical(content)
        assert mimetype == "text/calendar; method=CANCEL"
        assert str(calendar["METHOD"]) == "CANCEL"
        (event,) = calendar.walk("VEVENT")
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1
    # The cancelled month is not filled again by generation, skipped or not.
    ForumSeriesExclusion.objects.filter(series=series).delete()
    assert generate_forums(series, 3, after=forums[0].occurrence_date) == []


def test_generation_never_makes_a_second_forum_in_a_month(series, forums, month_start):
    """The adversary: the rule changes and nobody applies the plan, then dates are
    generated again (the admin button, the cron command)."""
    to_third_thursday(series)
    created = generate_forums(series, 5, after=month_start)
    assert [forum.occurrence_date for forum in created] == nth_weekday(
        month_start, Weekday.THURSDAY, 3, months=5
    )[3:]
    months = [
        (forum.occurrence_date.year, forum.occurrence_date.month)
        for forum in ForumPage.objects.filter(series=series)
    ]
    assert len(months) == len(set(months)) == 5


def test_existing_duplicates_are_reconciled(series, forums, month_start):
    """A series already showing two forums in one month (the old bug) gets one."""
    to_third_thursday(series)
    third_thursday = nth_weekday(month_start, Weekday.THURSDAY, 3)[0]
    duplicate = series_plan.create_forum(series, third_thursday)
    RSVPFactory(forum=duplicate)
    plan = series_plan.build_plan(series)
    assert [(step.action, step.forum) for step in plan.steps[:2]] == [
        ("cancel", forums[0]),
        ("keep", duplicate),
    ]
    series_plan.apply_plan(series, plan.fingerprint)
    assert upcoming_dates(series) == nth_weekday(month_start, Weekday.THURSDAY, 3)


def test_plan_adds_months_a_new_interval_opens(series, forums, month_start):
    series.interval_months = 2
    series.save()
    ForumPage.objects.filter(pk=forums[1].pk).update(status=ForumStatus.CANCELLED)
    series.interval_months = 1
    series.save()
    assert series_plan.build_plan(series).changes == []  # a cancelled month stays
    ForumPage.objects.filter(pk=forums[1].pk).delete()
    plan = series_plan.build_plan(series)
    assert [(step.action, step.new_date) for step in plan.changes] == [
        ("add", forums[1].occurrence_date)
    ]
    series_plan.apply_plan(series, plan.fingerprint)
    assert upcoming_dates(series) == [forum.occurrence_date for forum in forums]


def test_a_stale_plan_is_refused_and_a_failure_changes_nothing(
    series, forums, registrants, monkeypatch
):
    to_third_thursday(series)
    stale = series_plan.build_plan(series).fingerprint
    series.week_position = 4
    series.save()
    with pytest.raises(series_plan.PlanChanged):
        series_plan.apply_plan(series, stale)
    ForumPage.objects.filter(pk=forums[1].pk).delete()
    plan = series_plan.build_plan(series)
    assert [step.action for step in plan.steps] == ["move", "add", "move"]

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(series_plan, "create_forum", fail)
    with pytest.raises(RuntimeError):
        series_plan.apply_plan(series, plan.fingerprint)
    # All or nothing: the move made before the failure is rolled back.
    assert upcoming_dates(series) == [
        forums[0].occurrence_date,
        forums[2].occurrence_date,
    ]
    assert ForumCalendarEntry.objects.get(forum=forums[0]).sequence == 0


# Through the admin, as a series office user (not a superuser) ------------------


@pytest.fixture
def office(django_user_model, client, forum_index):
    group = Group.objects.create(name="Forum office")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_forumseries"),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=forum_index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user("office", "office@example.org", "pw")
    user.groups.add(group)
    return sign_in(client, user)


def form_data(form):
    """What the browser would post back for an unchanged edit form."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "on" if value is True else str(value)
    for prefix, formset in getattr(form, "formsets", {}).items():
        management = formset.management_form
        for name in management.fields:
            data[f"{prefix}-{name}"] = str(management[name].value())
        for child in formset.forms:
            for name, value in form_data(child).items():
                data[f"{child.prefix}-{name}"] = value
    return data


def test_organizer_edits_the_rule_reads_the_plan_and_applies_it(
    office, series, forums, registrants, month_start
):
    edit_url = reverse("wagtailsnippets_forums_forumseries:edit", args=[series.pk])
    data = form_data(office.get(edit_url).context["form"])
    data.update(week_position="3", weekday=str(Weekday.THURSDAY))
    response = office.post(edit_url, data)
    plan_url = reverse("forums_admin:series_plan", args=[series.pk])
    assert response.status_code == 302
    assert response["Location"] == plan_url

    page = office.get(plan_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<td>Moved</td>") == 3
    new = nth_weekday(month_start, Weekday.THURSDAY, 3)
    assert new[0].strftime("%B %-d, %Y") in html
    fingerprint = page.context["plan"].fingerprint

    response = office.post(plan_url, {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_explore", args=[series.index_page_id]
    )
    assert upcoming_dates(series) == new
    assert len(mail.outbox) == 3
    # Posting the same plan again changes nothing more.
    response = office.post(plan_url, {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert response["Location"] == plan_url
    assert len(mail.outbox) == 3


def test_only_those_who_may_publish_apply(
    office, series, forums, registrants, django_user_model, client
):
    to_third_thursday(series)
    plan_url = reverse("forums_admin:series_plan", args=[series.pk])
    GroupPagePermission.objects.filter(
        group__name="Forum office", permission__codename="publish_page"
    ).delete()
    page = office.get(plan_url)
    assert "Only someone who may publish these forums" in page.content.decode()
    fingerprint = page.context["plan"].fingerprint
    response = office.post(plan_url, {"fingerprint": fingerprint})
    # Wagtail turns PermissionDenied in its admin into a redirect to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert upcoming_dates(series) == [forum.occurrence_date for forum in forums]
