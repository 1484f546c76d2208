"""Pledge page factories: English text unless a test sets another language."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from pledges.models import CommitmentPage, PledgeIndexPage, PledgePage, Principle


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")

    class Meta:
        model = get_user_model()


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
        lambda: datetime.date.today() - datetime.timedelta(days=30)
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
