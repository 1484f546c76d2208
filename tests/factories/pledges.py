"""Pledge page factories: English text unless a test sets another language."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import Group

from pledges.choices import Principle
from pledges.models import CommitmentPage, PledgeIndexPage, PledgePage

from .engage import StaffFactory


class PledgeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Mayoral pledges"
    slug = factory.Sequence(lambda n: f"pledges-{n}")

    class Meta:
        model = PledgeIndexPage


class PledgePageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda o: f"{o.city} pledge")
    slug = factory.Sequence(lambda n: f"pledge-{n}")
    city = factory.Sequence(lambda n: f"City {n}")
    mayor_name = "Sam Rivera"
    date_signed = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=365)
    )

    class Meta:
        model = PledgePage


class CommitmentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Commitment {n}")
    slug = factory.Sequence(lambda n: f"commitment-{n}")
    description = "What the city promised."
    principle = Principle.ACCOUNTABILITY
    responsible_office = "Office of the Mayor"
    weight = 1

    class Meta:
        model = CommitmentPage


def office_member(pledge):
    """A member of ``pledge``'s mayor's office."""
    user = StaffFactory()
    user.groups.add(pledge.mayors_office.group)
    return user


def group_member(name):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


def update_form(today, action="action-publish", **overrides):
    """The admin form for a new progress update, with one piece of evidence."""
    data = {
        "update_date": today.isoformat(),
        "status": "in_progress",
        "percentage": "40",
        "explanation_en": "The ordinance had its first reading.",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-title_en": "Council minutes",
        "evidence-0-url": "https://example.org/minutes",
        "evidence-0-document": "",
        "evidence-0-ORDER": "1",
        "evidence-0-DELETE": "",
        "evidence-0-id": "",
        "corrects": "",
        action: action,
    }
    data.update(overrides)
    return data


def add_update_url(commitment):
    return f"/admin/pages/add/pledges/progressupdatepage/{commitment.pk}/"


def commitment_form(commitment, items=(), questions=(), saved_items=()):
    """The admin form of ``commitment`` linking forum action ``items`` and survey
    ``questions``, after the links to items it has already (``saved_items``)."""
    data = {
        "title_en": commitment.title,
        "slug": commitment.slug,
        "principle": commitment.principle,
        "description_en": commitment.description,
        "responsible_office_en": commitment.responsible_office,
        "target_date": "",
        "weight": "1",
    }
    rows = {
        "related_action_items": [(link.action_item, link.pk) for link in saved_items]
        + [(item, "") for item in items],
        "related_questions": [(question, "") for question in questions],
    }
    saved = {"related_action_items": len(saved_items), "related_questions": 0}
    target = {"related_action_items": "action_item", "related_questions": "question"}
    for prefix, linked in rows.items():
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(linked)),
            f"{prefix}-INITIAL_FORMS": str(saved[prefix]),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for number, (obj, key) in enumerate(linked):
            data |= {
                f"{prefix}-{number}-{target[prefix]}": str(obj.pk),
                f"{prefix}-{number}-ORDER": str(number + 1),
                f"{prefix}-{number}-DELETE": "",
                f"{prefix}-{number}-id": str(key),
            }
    return data
