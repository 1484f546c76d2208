import datetime

import pytest
from django.core.exceptions import ValidationError

from engage.i18n import LANGUAGE_FIELD_SUFFIXES
from pledges.models import (
    AppendOnlyError,
    CommitmentPage,
    ProgressUpdatePage,
    Status,
    UpdateEvidence,
    overall_progress,
    summarize,
)
from pledges.services.posting import Evidence
from tests.factories.pledges import CommitmentPageFactory, PledgePageFactory

pytestmark = pytest.mark.django_db


def fresh(commitment):
    return CommitmentPage.objects.with_progress().get(pk=commitment.pk)


def test_a_commitment_without_updates_is_not_started_at_zero(commitment):
    commitment = fresh(commitment)
    assert commitment.status == Status.NOT_STARTED
    assert commitment.percentage == 0
    assert not commitment.has_update
    assert commitment.number_of_updates == 0


def test_status_and_percentage_come_from_the_latest_update(commitment, update):
    update(Status.IN_PROGRESS, 30, days_ago=10)
    update(Status.PARTIALLY_MET, 60, days_ago=2)
    # Dated before the latest published update: refused, so the history and the
    # current state stay as published.
    with pytest.raises(ValidationError) as error:
        update(Status.STALLED, 20, days_ago=20)
    assert list(error.value.message_dict) == ["update_date"]
    commitment = fresh(commitment)
    assert commitment.status == Status.PARTIALLY_MET
    assert commitment.percentage == 60
    assert commitment.number_of_updates == 2
    assert commitment.latest_update_date == datetime.date.today() - datetime.timedelta(
        days=2
    )
    # Without the annotation, the page reads the same values itself.
    plain = CommitmentPage.objects.get(pk=commitment.pk)
    assert (plain.status, plain.percentage) == (Status.PARTIALLY_MET, 60)


def test_drafts_do_not_change_the_current_status(commitment, update):
    update(Status.IN_PROGRESS, 30)
    update(Status.MET, 100, publish=False)
    commitment = fresh(commitment)
    assert commitment.status == Status.IN_PROGRESS
    assert commitment.number_of_updates == 1


def test_updates_get_a_title_in_every_language(update):
    published = update(Status.IN_PROGRESS, 30)
    assert "In progress" in published.title_en
    for code in LANGUAGE_FIELD_SUFFIXES:
        assert getattr(published, f"title_{code}")


def test_a_published_update_cannot_be_changed(update):
    published = update(Status.IN_PROGRESS, 30)
    published = ProgressUpdatePage.objects.get(pk=published.pk)
    published.status = Status.MET
    published.percentage = 100
    with pytest.raises(AppendOnlyError):
        published.save()
    published = ProgressUpdatePage.objects.get(pk=published.pk)
    published.explanation_en = "Rewritten history."
    with pytest.raises(AppendOnlyError):
        published.save_revision()
    published = ProgressUpdatePage.objects.get(pk=published.pk)
    with pytest.raises(AppendOnlyError):
        published.unpublish()
    published = ProgressUpdatePage.objects.get(pk=published.pk)
    published.evidence = [UpdateEvidence(title="Swapped", url="https://example.org/x")]
    with pytest.raises(AppendOnlyError):
        published.save()
    stored = ProgressUpdatePage.objects.get(pk=published.pk)
    assert (stored.status, stored.percentage, stored.live) == (
        Status.IN_PROGRESS,
        30,
        True,
    )
    assert stored.explanation_en == "Work is under way."


def test_a_draft_update_can_still_be_edited(update):
    draft = update(Status.IN_PROGRESS, 30, publish=False)
    draft.percentage = 35
    draft.save()
    assert ProgressUpdatePage.objects.get(pk=draft.pk).percentage == 35


def test_a_correction_is_a_new_update_that_names_the_old_one(commitment, update):
    wrong = update(Status.MET, 100, days_ago=5, explanation="All done.")
    correction = update(
        Status.IN_PROGRESS,
        70,
        days_ago=1,
        corrects=wrong,
        explanation="Correction: one part is still missing.",
    )
    commitment = fresh(commitment)
    assert commitment.status == Status.IN_PROGRESS
    assert commitment.percentage == 70
    timeline = commitment.timeline()
    assert [entry.update.pk for entry in timeline] == [correction.pk, wrong.pk]
    newest, oldest = timeline
    assert newest.update.corrected_update.pk == wrong.pk
    assert (newest.previous_status, newest.previous_percentage) == (Status.MET, 100)
    assert [u.pk for u in oldest.corrected_by] == [correction.pk]
    assert oldest.previous_status is None
    # The corrected update is still there, unchanged.
    assert ProgressUpdatePage.objects.get(pk=wrong.pk).status == Status.MET


def test_a_correction_must_name_an_update_of_the_same_commitment(
    pledge, commitment, update
):
    elsewhere = CommitmentPageFactory(parent=pledge)
    foreign = update(Status.IN_PROGRESS, 10, on=elsewhere)
    with pytest.raises(ValidationError) as error:
        update(Status.IN_PROGRESS, 20, corrects=foreign)
    assert "corrects" in error.value.message_dict
    assert not commitment.updates.exists()


@pytest.mark.parametrize(
    ("status", "percentage", "field"),
    [
        (Status.MET, 90, "percentage"),
        (Status.NOT_STARTED, 10, "percentage"),
        (Status.IN_PROGRESS, 101, "percentage"),
    ],
)
def test_status_and_percentage_must_agree(
    commitment, update, status, percentage, field
):
    with pytest.raises(ValidationError) as error:
        update(status, percentage)
    assert field in error.value.message_dict
    assert not commitment.updates.exists()


def test_updates_cannot_be_dated_in_the_future(commitment, update):
    with pytest.raises(ValidationError) as error:
        update(Status.IN_PROGRESS, 10, days_ago=-3)
    assert "update_date" in error.value.message_dict


def test_evidence_needs_a_document_or_a_link():
    with pytest.raises(ValidationError):
        UpdateEvidence(title="Nothing").clean()
    UpdateEvidence(title="A link", url="https://example.org").clean()


def test_evidence_is_kept_with_its_title(commitment, update):
    published = update(
        evidence=[
            Evidence(
                title={"en": "Ordinance", "es": "Ordenanza"},
                url="https://example.org/o",
            )
        ]
    )
    item = published.evidence.get()
    assert (item.title_en, item.title_es, item.url) == (
        "Ordinance",
        "Ordenanza",
        "https://example.org/o",
    )


def test_stale_flag_after_the_configured_number_of_days(commitment, update, settings):
    update(Status.IN_PROGRESS, 30, days_ago=61)
    signed = commitment.get_parent().specific.date_signed
    assert fresh(commitment).is_stale(signed)
    settings.PLEDGES_STALE_AFTER_DAYS = 90
    assert not fresh(commitment).is_stale(signed)


def test_recent_update_is_not_stale(commitment, update):
    update(Status.IN_PROGRESS, 30, days_ago=59)
    assert not fresh(commitment).is_stale(datetime.date(2000, 1, 1))


def test_no_update_since_signing_long_ago_is_stale(pledge_index, today):
    pledge = PledgePageFactory(
        parent=pledge_index, date_signed=today - datetime.timedelta(90)
    )
    commitment = fresh(CommitmentPageFactory(parent=pledge))
    assert commitment.is_stale(pledge.date_signed)
    assert commitment.days_without_update(pledge.date_signed) == 90


@pytest.mark.parametrize(
    ("target_days", "status", "percentage", "overdue"),
    [
        (-1, Status.IN_PROGRESS, 50, True),
        (-1, Status.NOT_MET, 0, True),
        (-1, Status.MET, 100, False),
        (10, Status.IN_PROGRESS, 50, False),
        (None, Status.IN_PROGRESS, 50, False),
    ],
)
def test_overdue_flag(pledge, update, today, target_days, status, percentage, overdue):
    target = today + datetime.timedelta(days=target_days) if target_days else None
    commitment = CommitmentPageFactory(parent=pledge, target_date=target)
    update(status, percentage, on=commitment)
    assert fresh(commitment).is_overdue() is overdue


def test_overdue_without_any_update(pledge, today):
    commitment = CommitmentPageFactory(
        parent=pledge, target_date=today - datetime.timedelta(days=1)
    )
    assert fresh(commitment).is_overdue()


def _three_commitments(pledge, update, weights):
    first, second, third = (
        CommitmentPageFactory(parent=pledge, weight=weight) for weight in weights
    )
    update(Status.IN_PROGRESS, 30, on=first)
    update(Status.PARTIALLY_MET, 60, on=second)
    return [
        fresh(c) for c in (first, second, third)
    ]  # the third has no update: it counts as 0


def test_overall_progress_is_the_plain_mean_with_equal_weights(pledge, update):
    commitments = _three_commitments(pledge, update, (1, 1, 1))
    assert overall_progress(commitments) == pytest.approx((30 + 60 + 0) / 300)
    summary = summarize(pledge, commitments)
    assert summary.without_update == 1


def test_the_same_commitments_can_be_summarized_again(pledge, update):
    """A summary flags each commitment without hiding what it can still be
    asked: a second summary of the same rows says what the first said."""
    commitments = _three_commitments(pledge, update, (1, 1, 1))
    first = summarize(pledge, commitments)
    second = summarize(pledge, commitments)
    assert (second.without_update, second.stale_count, second.overall) == (
        first.without_update,
        first.stale_count,
        first.overall,
    )
    days = [c.days_without_update(pledge.date_signed) for c in commitments]
    assert [c.quiet_days for c in commitments] == days


def test_overall_progress_is_weighted(pledge, update):
    commitments = _three_commitments(pledge, update, (3, 1, 1))
    assert overall_progress(commitments) == pytest.approx((3 * 30 + 60 + 0) / 500)


def test_heavy_commitment_without_update_pulls_progress_down(pledge, update):
    commitments = _three_commitments(pledge, update, (1, 1, 8))
    assert overall_progress(commitments) == pytest.approx((30 + 60) / 1000)


def test_overall_progress_of_a_pledge_without_commitments():
    assert overall_progress([]) is None


def test_weight_must_be_between_1_and_100(pledge):
    commitment = CommitmentPageFactory.build(weight=0)
    commitment.path = pledge.path + "0001"
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "weight" in error.value.message_dict
