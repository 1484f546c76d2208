"""Sending a summary again reaches only those who have not received it unless the
organizer chooses everyone; an acknowledgement counts for the summary."""

import re

from django.core import mail
from django.urls import reverse

from outcomes import tokens
from outcomes.models import Delivery, Distribution
from tests.factories.outcomes import make_members


def test_sending_again_asks_and_defaults_to_members_not_yet_sent(
    admin_client, summary, counting
):
    make_members(5)
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    assert admin_client.post(url, {}).status_code == 302
    first = Distribution.objects.get()
    assert len(mail.outbox) == 5
    make_members(2, prefix="recruit")
    page = admin_client.get(url).content.decode()
    assert "5 members already received this summary." in page
    assert "Only the 2 members who have not received it" in page
    assert "Everyone, including the 5 members who already received it" in page
    assert re.search(r'<input[^>]*value="new"[^>]*checked', page)
    mail.outbox = []
    response = admin_client.post(url, {})  # pressing Send again
    second = Distribution.objects.exclude(pk=first.pk).get()
    assert response["Location"].endswith(f"/distributions/{second.pk}/")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "recruit0@police.example",
        "recruit1@police.example",
    ]
    # Nobody is left: nothing is created, and the organizer is told so.
    response = admin_client.post(url, {"audience": "new"})
    assert response.status_code == 302 and response["Location"] == url
    assert Distribution.objects.count() == 2
    # Everyone, chosen explicitly.
    mail.outbox = []
    admin_client.post(url, {"audience": "everyone"})
    assert Distribution.objects.count() == 3
    assert len(mail.outbox) == 7


def test_an_acknowledgement_counts_across_distributions(
    admin_client, summary, counting
):
    make_members(3)
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    admin_client.post(url, {})
    first = Delivery.objects.order_by("pk").first()
    assert tokens.acknowledge(first)
    admin_client.post(url, {"audience": "everyone"})
    again = Delivery.objects.filter(member=first.member).exclude(pk=first.pk).get()
    assert again.acknowledged_at == first.acknowledged_at
    # Acknowledging through the newer copy also marks the older one.
    other = Delivery.objects.filter(distribution=again.distribution).exclude(
        member=first.member
    )[0]
    assert tokens.acknowledge(other)
    assert (
        Delivery.objects.filter(
            member=other.member, acknowledged_at__isnull=True
        ).exists()
        is False
    )
    assert not tokens.acknowledge(again)  # already acknowledged: nothing new
