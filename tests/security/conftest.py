"""Shared set-up for the security tests: one of each public form, built small."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import Site

from cms.models import ContactFormField, ContactPage
from engage.models import User
from forums.models import RSVP, ForumPage, ForumSeries, RSVPStatus
from forums.roles import LEAD_ORGANIZERS, ORGANIZERS, ensure_roles
from outcomes import sending
from pledges.models import PledgeFollower, PledgePage
from tests.factories.forums import VenueFactory, make_forum, make_index, make_series
from tests.factories.outcomes import COUNTING, make_members, make_summary
from tests.factories.pledges import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
)
from tests.factories.surveys import ALL_KINDS, add_responses, make_survey
from tests.factories.surveys import make_index as make_survey_index
from tests.snapshots import BUILDERS, SNAPSHOT, WANTED_BY, WORLD, build_home


def make_series_forum(forum_index, series):
    """An upcoming forum in the series that takes RSVPs, with interpretation on
    offer."""
    return make_forum(
        forum_index,
        venue=VenueFactory(),
        series=series,
        title="Eastside forum",
        capacity=500,
    )


def make_other_forum(forum_index):
    """A forum outside the series: someone else's to manage."""
    return make_forum(forum_index, title="Westside forum", slug="westside-forum")


def make_area_survey(survey_index):
    """An anonymous survey open to anyone, with every kind of question and the
    area question."""
    return make_survey(survey_index, ALL_KINDS, title="Everything", ask_area=True)


@pytest.fixture
def series_forum(forum_index, series):
    return make_series_forum(forum_index, series)


@pytest.fixture
def rsvp(series_forum):
    return RSVP.objects.create(
        forum=series_forum,
        name="Ana Pérez",
        email="ana@example.org",
        language="es",
        status=RSVPStatus.CONFIRMED,
    )


@pytest.fixture
def other_forum(forum_index):
    return make_other_forum(forum_index)


@pytest.fixture
def area_survey(survey_index):
    return make_area_survey(survey_index)


CONTACT_FIELDS = [
    ("Your name", "singleline", True, ""),
    ("Your email", "email", True, ""),
    ("Topic", "dropdown", False, "Forums\nSurveys\nOther"),
    ("Your message", "multiline", True, ""),
    ("Age", "number", False, ""),
    ("Date of the incident", "date", False, ""),
    ("Website of your group", "url", False, ""),
]


def make_contact(home):
    """The contact page, with a field of every kind a resident fills in."""
    page = ContactPage(
        title="Contact",
        slug="contact",
        to_address="engagement@example.org",
        from_address="site@example.org",
        subject="A message from the website",
    )
    page.form_fields = [
        ContactFormField(
            sort_order=order,
            label=label,
            field_type=kind,
            required=required,
            choices=choices,
        )
        for order, (label, kind, required, choices) in enumerate(CONTACT_FIELDS)
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return ContactPage.objects.get(pk=page.pk)


@pytest.fixture
def contact(home):
    return make_contact(home)


@pytest.fixture
def follower(pledge):
    return PledgeFollower.objects.create(
        pledge=pledge, email="follower@example.org", language="es"
    )


@pytest.fixture
def delivery(settings, forum_index):
    """One sent delivery of a published summary, for the acknowledgement link."""
    settings.EMAIL_BACKEND = COUNTING
    make_members(1)
    start = timezone.now() - datetime.timedelta(days=3)
    held = make_forum(forum_index, start=start, slug="held-forum")
    summary = make_summary(ForumPage.objects.get(pk=held.pk))
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    mail.outbox = []
    return created.deliveries.get()


# Roles for the permission matrix and the personal-data tests ------------------------
#
# One of everything the admin manages and a user per role: built once per worker
# as a snapshot (tests/snapshots.py), or in the test when no snapshot is open.


def build_world(home):
    """One of everything the admin manages, under one site; primary keys by name."""
    forum_index = make_index(home)
    series = make_series(forum_index)
    forum = make_series_forum(forum_index, series)
    other_forum = make_other_forum(forum_index)
    survey = make_area_survey(make_survey_index(home))
    pledge = PledgePageFactory(
        parent=PledgeIndexPageFactory(parent=home), city="Riverton"
    )
    contact = make_contact(home)
    ensure_roles()
    held = make_forum(
        forum_index,
        series=series,
        slug="held",
        start=timezone.now() - datetime.timedelta(days=3),
    )
    summary = make_summary(ForumPage.objects.get(pk=held.pk))
    make_members(2)
    sent = sending.create_distribution(summary, enqueue=False)
    city_b = PledgePageFactory(parent=pledge.get_parent(), city="Port Alder")
    commitment_a = CommitmentPageFactory(parent=pledge)
    add_responses(survey, 2, {"pick": "agree", "long": "I was stopped twice."})
    PledgeFollower.objects.create(pledge=pledge, email="fan@example.org")
    mine = RSVP.objects.create(
        forum=forum,
        name="Mina Park",
        email="mina@example.org",
        language="ko",
        status=RSVPStatus.CONFIRMED,
        access_needs="Step-free seat",
    )
    theirs = RSVP.objects.create(
        forum=other_forum,
        name="Tomas Lind",
        email="tomas@example.org",
        language="en",
        status=RSVPStatus.CONFIRMED,
        access_needs="Large print",
    )
    return {
        "forum": forum.pk,
        "other_forum": other_forum.pk,
        "index": forum_index.pk,
        "summary": summary.pk,
        "distribution": sent.pk,
        "survey": survey.pk,
        "pledge_a": pledge.pk,
        "pledge_b": city_b.pk,
        "commitment_a": commitment_a.pk,
        "contact": contact.pk,
        "series": series.pk,
        "mine": mine.pk,
        "theirs": theirs.pk,
        "site": Site.objects.get(is_default_site=True).pk,
    }


def _staff(username, groups=(), **fields):
    user = User.objects.create_user(
        username, f"{username}@example.org", "a-long-password", **fields
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    TOTP.activate(user, generate_totp_secret())
    return user


def build_users(world):
    """A user per role (None for the anonymous visitor), by role."""
    pledge_a = PledgePage.objects.get(pk=world["pledge_a"])
    pledge_b = PledgePage.objects.get(pk=world["pledge_b"])
    organizer = _staff("organizer", [ORGANIZERS])
    ForumSeries.objects.get(pk=world["series"]).organizers.add(organizer)
    return {
        "anonymous": None,
        "resident": User.objects.create_user("resident", "resident@example.org"),
        "organizer": organizer,
        "lead": _staff("lead", [LEAD_ORGANIZERS]),
        "office_a": _staff("office_a", [pledge_a.mayors_office.group.name]),
        "office_b": _staff("office_b", [pledge_b.mayors_office.group.name]),
        "admin": _staff("admin", is_staff=True, is_superuser=True),
    }


def _build_world_and_users():
    home = build_home()
    world = build_world(home)
    users = {role: user and user.pk for role, user in build_users(world).items()}
    return home, {"world": world, "users": users}


BUILDERS[WORLD] = _build_world_and_users
WANTED_BY[("world", __name__)] = WANTED_BY[("users", __name__)] = WORLD


@pytest.fixture
def world(home):
    """One of everything the admin manages: primary keys by name, and the series
    and both pledges as objects."""
    kept = SNAPSHOT.kept(WORLD)
    world = dict(kept["world"]) if kept else build_world(home)
    world["series_obj"] = ForumSeries.objects.get(pk=world["series"])
    world["pledge_obj"] = PledgePage.objects.get(pk=world["pledge_a"])
    world["city_b_obj"] = PledgePage.objects.get(pk=world["pledge_b"])
    return world


@pytest.fixture
def users(world):
    kept = SNAPSHOT.kept(WORLD)
    if not kept:
        return build_users(world)
    return {role: pk and User.objects.get(pk=pk) for role, pk in kept["users"].items()}
