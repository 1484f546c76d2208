"""Shared set-up for the security tests: one of each public form, built small."""

import datetime
import time

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import Site

from cms.models import ContactFormField, ContactPage
from engage.models import User
from forums import distribution
from forums.models import RSVP, ForumPage, RSVPStatus
from forums.roles import LEAD_ORGANIZERS, ORGANIZERS, ensure_roles
from pledges.models import PledgeFollower
from tests.forums.factories import VenueFactory, make_forum, make_index, make_series
from tests.forums.outcome_helpers import make_members, make_summary
from tests.pledges.factories import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
)
from tests.surveys.conftest import ALL_KINDS
from tests.surveys.factories import add_responses, make_survey
from tests.surveys.factories import make_index as make_survey_index


@pytest.fixture
def forum_index(home):
    return make_index(home)


@pytest.fixture
def series(forum_index):
    return make_series(forum_index)


@pytest.fixture
def forum(forum_index, series):
    """An upcoming forum that takes RSVPs, with interpretation on offer."""
    return make_forum(
        forum_index,
        venue=VenueFactory(),
        series=series,
        title="Eastside forum",
        capacity=500,
    )


@pytest.fixture
def other_forum(forum_index):
    """A forum outside the series: someone else's to manage."""
    return make_forum(forum_index, title="Westside forum", slug="westside-forum")


@pytest.fixture
def survey_index(home):
    return make_survey_index(home)


@pytest.fixture
def survey(survey_index):
    """An anonymous survey open to anyone, with every kind of question."""
    return make_survey(survey_index, ALL_KINDS, title="Everything", ask_area=True)


CONTACT_FIELDS = [
    ("Your name", "singleline", True, ""),
    ("Your email", "email", True, ""),
    ("Topic", "dropdown", False, "Forums\nSurveys\nOther"),
    ("Your message", "multiline", True, ""),
    ("Age", "number", False, ""),
    ("Date of the incident", "date", False, ""),
    ("Website of your group", "url", False, ""),
]


@pytest.fixture
def contact(home):
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
def pledge(home):
    index = PledgeIndexPageFactory(parent=home)
    return PledgePageFactory(parent=index, city="Riverton")


@pytest.fixture
def follower(pledge):
    return PledgeFollower.objects.create(
        pledge=pledge, email="follower@example.org", language="es"
    )


@pytest.fixture
def delivery(settings, forum_index):
    """One sent delivery of a published summary, for the acknowledgement link."""
    settings.EMAIL_BACKEND = "tests.forums.outcome_helpers.CountingBackend"
    make_members(1)
    start = timezone.now() - datetime.timedelta(days=3)
    held = make_forum(forum_index, start=start, slug="held-forum")
    summary = make_summary(ForumPage.objects.get(pk=held.pk))
    created = distribution.create_distribution(summary, enqueue=False)
    distribution.send_pending(created)
    mail.outbox = []
    return created.deliveries.get()


# Roles for the permission matrix and the personal-data tests ------------------------


@pytest.fixture
def world(forum_index, series, forum, other_forum, survey, pledge, contact, home):
    """One of everything the admin manages, under one site."""
    ensure_roles()
    held = make_forum(
        forum_index,
        series=series,
        slug="held",
        start=timezone.now() - datetime.timedelta(days=3),
    )
    summary = make_summary(ForumPage.objects.get(pk=held.pk))
    make_members(2)
    sent = distribution.create_distribution(summary, enqueue=False)
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
        "series_obj": series,
        "pledge_obj": pledge,
        "city_b_obj": city_b,
    }


def _staff(username, groups=(), **fields):
    user = User.objects.create_user(
        username, f"{username}@example.org", "a-long-password", **fields
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def users(world):
    organizer = _staff("organizer", [ORGANIZERS])
    world["series_obj"].organizers.add(organizer)
    return {
        "anonymous": None,
        "resident": User.objects.create_user("resident", "resident@example.org"),
        "organizer": organizer,
        "lead": _staff("lead", [LEAD_ORGANIZERS]),
        "office_a": _staff("office_a", [world["pledge_obj"].mayors_office.group.name]),
        "office_b": _staff("office_b", [world["city_b_obj"].mayors_office.group.name]),
        "admin": _staff("admin", is_staff=True, is_superuser=True),
    }


def sign_in(client, user):
    """Sign in as allauth does after a password and a TOTP code."""
    if user is None:
        return client
    client.force_login(user)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.save()
    return client
