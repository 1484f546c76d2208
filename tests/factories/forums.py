"""Forums, venues, series and RSVPs."""

import datetime

import factory
from django.utils import timezone

from forums.models import (
    RSVP,
    ForumIndexPage,
    ForumPage,
    ForumSeries,
    RSVPStatus,
    Venue,
)

from .pages import add_page, next_number


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Branch library {n}")
    address = "1400 East Market Street"
    accessibility_notes = "Step-free entrance."
    transit_and_parking = "Bus 12."


def make_index(parent, slug="forums", title="Forums"):
    index = ForumIndexPage(title=title, slug=slug)
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_forum(index, publish=True, areas=(), **kwargs):
    """A published forum; publishing records its calendar entry, as the admin does."""
    start = kwargs.pop("start", timezone.now() + datetime.timedelta(days=10))
    start = start.replace(second=0, microsecond=0)
    defaults = {
        "title": "Eastside forum",
        "slug": f"forum-{ForumPage.objects.count() + 1}-{start:%Y%m%d%H%M%S%f}",
        "start": start,
        "end": start + datetime.timedelta(hours=1, minutes=30),
        "capacity": 10,
        "interpretation_languages": ["es", "vi"],
    }
    defaults.update(kwargs)
    forum = ForumPage(**defaults)
    index.add_child(instance=forum)
    if areas:
        forum.areas.set(areas)
    if publish:
        forum.save_revision().publish()
    return forum


def make_series(index, **kwargs):
    defaults = {
        "title": "Eastside forums",
        "slug": "eastside",
        "index_page": index,
        "starts_on": datetime.date(2026, 1, 1),
        "start_time": datetime.time(18, 30),
        "end_time": datetime.time(20, 0),
        "capacity": 40,
    }
    defaults.update(kwargs)
    return ForumSeries.objects.create(**defaults)


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    name = factory.Sequence(lambda n: f"Resident {n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    language = "en"
    party_size = 1
    status = RSVPStatus.CONFIRMED


def make_past_forum(home, title="Eastside forum", days_ago=1, **fields):
    """A published forum that started ``days_ago`` days ago, under the home page's
    forum index (made on first use)."""
    index = ForumIndexPage.objects.child_of(home).first()
    if index is None:
        index = add_page(home, ForumIndexPage(title="Forums", slug="forums"))
    start = timezone.now() - datetime.timedelta(days=days_ago)
    fields.setdefault("title_en", title)
    forum = ForumPage(
        slug=f"forum-{next_number()}",
        start=start,
        end=start + datetime.timedelta(hours=2),
        **fields,
    )
    return add_page(index, forum)


def make_rsvp(forum, email, language="en", attended=True, **fields):
    """A confirmed RSVP, attended unless ``attended`` is false."""
    fields.setdefault("status", RSVPStatus.CONFIRMED)
    return RSVP.objects.create(
        forum=forum,
        name=email.split("@")[0],
        email=email,
        language=language,
        attended_at=forum.start if attended else None,
        queued_at=timezone.now(),
        **fields,
    )


def rsvp_data(**overrides):
    """A valid RSVP form submission."""
    data = {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "phone": "",
        "language": "es",
        "party_size": "1",
        "interpretation_language": "",
        "childcare_children": "0",
        "access_needs": "",
        "other_needs": "",
        "website": "",
    }
    data.update(overrides)
    return data
