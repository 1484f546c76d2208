"""Changes to a pledge's terms leave a public trace, whichever admin path made
them; a mayor's office (a non-superuser account scoped to its city) drives the
admin as it would."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from wagtail.models import Collection, Page

from engage.templatetags.engage_tags import format_date
from pledges.models import Amendment, CommitmentPage, PledgePage
from tests.factories.pledges import CommitmentPageFactory, group_member, office_member

from .admin_forms import commitment_form, edit_url, field_errors, pledge_form

pytestmark = pytest.mark.django_db

ORIGINAL = datetime.date(2026, 11, 3)
MOVED = datetime.date(2027, 12, 31)


@pytest.fixture
def deadline(pledge):
    return CommitmentPageFactory(
        parent=pledge, title="Use-of-force policy", target_date=ORIGINAL
    )


@pytest.fixture
def office(client, pledge):
    client.force_login(office_member(pledge))
    return client


def test_the_office_changes_a_description_with_a_reason(office, pledge, deadline):
    response = office.post(
        edit_url(deadline),
        commitment_form(
            deadline,
            description_en="A written policy, adopted by council.",
            change_reason="Council asked for the policy to be adopted by vote.",
        ),
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.pledge, amendment.commitment) == (pledge, deadline)
    assert (amendment.term, amendment.language) == ("description", "en")
    assert amendment.old_value == "What the city promised."
    assert amendment.new_value == "A written policy, adopted by council."
    assert (
        amendment.office
        == pledge.mayors_office.group.name
        == ("Mayor's office: Riverton")
    )
    assert amendment.reason == "Council asked for the policy to be adopted by vote."
    html = office.get(deadline.url).content.decode()
    assert "Changes to this commitment" in html
    assert (
        "Description (English) changed on "
        f"{_long(amendment.made_at)} from “What the city promised.” to "
        "“A written policy, adopted by council.”." in html
    )
    assert "Made by Mayor&#x27;s office: Riverton." in html
    assert "Reason: Council asked for the policy to be adopted by vote." in html


def test_a_change_of_terms_without_a_reason_is_refused(office, deadline):
    response = office.post(
        edit_url(deadline), commitment_form(deadline, title_en="Renamed")
    )
    assert response.status_code == 200
    assert field_errors(response, "change_reason") == [
        "Say why the terms change: the reason is shown publicly with the change."
    ]
    assert CommitmentPage.objects.get(pk=deadline.pk).title == "Use-of-force policy"
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("target_date", MOVED.isoformat()), ("weight", "5")]
)
def test_the_office_cannot_publish_a_new_deadline_or_weight(
    office, deadline, field, value
):
    response = office.post(
        edit_url(deadline),
        commitment_form(deadline, change_reason="Budget delays.", **{field: value}),
    )
    assert response.status_code == 200
    assert field_errors(response, field) == [
        "Only an organizer can publish a change to this. Save a draft with your "
        "reason and ask the organizers to publish it."
    ]
    stored = CommitmentPage.objects.get(pk=deadline.pk)
    assert (stored.target_date, stored.weight) == (ORIGINAL, 1)
    assert not Amendment.objects.exists()


def test_a_moved_deadline_is_public_and_still_overdue(client, pledge, deadline):
    """The office drafts the move with its reason; an organizer publishes it."""
    client.force_login(office_member(pledge))
    reason = "The state law the policy depends on passes in 2027."
    response = client.post(
        edit_url(deadline),
        commitment_form(
            deadline,
            action="action-draft",
            target_date=MOVED.isoformat(),
            change_reason=reason,
        ),
    )
    assert response.status_code == 302
    assert not Amendment.objects.exists()
    assert CommitmentPage.objects.get(pk=deadline.pk).target_date == ORIGINAL

    client.force_login(group_member("Moderators"))
    draft = CommitmentPage.objects.get(pk=deadline.pk).get_latest_revision_as_object()
    assert draft.change_reason == reason
    response = client.post(
        edit_url(deadline),
        commitment_form(draft, target_date=MOVED.isoformat(), change_reason=reason),
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.term, amendment.old_value, amendment.new_value) == (
        "target_date",
        "2026-11-03",
        "2027-12-31",
    )
    assert amendment.office == ""
    stored = CommitmentPage.objects.get(pk=deadline.pk)
    assert (stored.target_date, stored.original_target_date) == (MOVED, ORIGINAL)
    assert stored.is_overdue(datetime.date(2026, 12, 4))
    assert not stored.is_overdue(datetime.date(2026, 11, 2))

    html = client.get(deadline.url).content.decode()
    moved_on = _long(amendment.made_at)
    assert (
        f"Target date moved from November 3, 2026 to December 31, 2027 on "
        f"{moved_on}." in html
    )
    assert "Made by the organizers." in html
    assert f"Reason: {reason}" in html
    if datetime.date.today() > ORIGINAL:
        assert (
            "Overdue against the original date, Nov 3, 2026; moved on "
            f"{_medium(amendment.made_at)}" in html
        )
    pledge_html = client.get(pledge.url).content.decode()
    assert "The terms have been changed 1 time since the pledge was published." in (
        pledge_html
    )
    assert f"#amendment-{amendment.pk}" in pledge_html
    assert (
        "Overdue against the original date, Nov 3, 2026; the target date was moved"
        in pledge_html
    )


def test_a_new_edit_asks_for_a_new_reason(office, deadline):
    office.post(
        edit_url(deadline),
        commitment_form(deadline, title_en="Renamed", change_reason="Clearer name."),
    )
    form = office.get(edit_url(deadline)).context["form"]
    assert form.initial["change_reason"] == ""
    response = office.post(
        edit_url(deadline),
        commitment_form(CommitmentPage.objects.get(pk=deadline.pk), title_en="Again"),
    )
    assert field_errors(response, "change_reason")
    assert Amendment.objects.count() == 1


def test_an_approval_workflow_records_the_office_change(client, pledge, deadline):
    pledge.require_update_approval = True
    pledge.save_revision().publish()
    client.force_login(office_member(pledge))
    response = client.post(
        edit_url(deadline),
        commitment_form(
            deadline,
            action="action-submit",
            weight="3",
            change_reason="It matters more than first thought.",
        ),
    )
    assert response.status_code == 302
    assert not Amendment.objects.exists()
    page = CommitmentPage.objects.get(pk=deadline.pk)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(group_member("Moderators"))
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.term, amendment.old_value, amendment.new_value) == (
        "weight",
        "1",
        "3",
    )
    assert amendment.office == "Mayor's office: Riverton"
    assert amendment.reason == "It matters more than first thought."


def test_pledge_terms_signing_date_and_local_figures(client, pledge):
    pledge.local_context_en = [
        (
            "figure",
            {
                "value": "12",
                "description": "people killed",
                "year": 2025,
                "source_name": "City records",
                "source_url": "",
            },
        )
    ]
    pledge.save_revision().publish()
    Amendment.objects.all().delete()
    client.force_login(office_member(pledge))
    earlier = (pledge.date_signed - datetime.timedelta(days=10)).isoformat()
    response = client.post(
        edit_url(pledge), pledge_form(pledge, date_signed=earlier, change_reason="x")
    )
    assert field_errors(response, "date_signed")
    response = client.post(
        edit_url(pledge),
        pledge_form(
            pledge,
            figures=[("14", "people killed")],
            change_reason="The state's count includes two more deaths.",
        ),
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.commitment, amendment.term, amendment.language) == (
        None,
        "local_context",
        "en",
    )
    assert "12" in amendment.old_value and "14" in amendment.new_value
    html = client.get(pledge.url).content.decode()
    assert "Changes to the pledge itself" in html
    assert "Reason: The state&#x27;s count includes two more deaths." in html


def test_bulk_publishing_a_commitment_is_refused(office, pledge, deadline):
    deadline.title = "Quietly renamed"
    deadline.save_revision()
    response = office.post(
        "/admin/bulk/wagtailcore/page/publish/?id=" + str(deadline.pk),
        {"include_descendants": ""},
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Publish changes to a pledge or a commitment from its edit page, where the "
        "reason for the change is asked and recorded."
    ]
    assert CommitmentPage.objects.get(pk=deadline.pk).title == "Use-of-force policy"
    assert not Amendment.objects.exists()


def test_code_that_publishes_a_change_leaves_a_trace(deadline):
    deadline.weight = 5
    deadline.save_revision().publish()
    amendment = Amendment.objects.get()
    assert (amendment.term, amendment.old_value, amendment.new_value) == (
        "weight",
        "1",
        "5",
    )


def test_changes_before_the_first_publication_are_not_amendments(pledge_index):
    draft = PledgePage(
        title="Draft pledge",
        city="Draftville",
        mayor_name="A",
        date_signed=ORIGINAL,
        live=False,
    )
    pledge_index.add_child(instance=draft)
    draft.date_signed = MOVED
    draft.save()
    assert not Amendment.objects.exists()


def test_an_abandoned_pledge_leaves_no_group_or_collection(client, pledge_index):
    groups, collections = Group.objects.count(), Collection.objects.count()
    client.force_login(group_member("Moderators"))
    data = pledge_form(
        PledgePage(
            title="Port Alder pledge",
            slug="port-alder",
            city="Port Alder",
            mayor_name="Lee",
            date_signed=ORIGINAL,
        ),
        action="action-draft",
    )
    response = client.post(
        f"/admin/pages/add/pledges/pledgepage/{pledge_index.pk}/", data
    )
    assert response.status_code == 302
    draft = PledgePage.objects.get(city="Port Alder")
    assert not draft.live
    assert (Group.objects.count(), Collection.objects.count()) == (groups, collections)
    assert not hasattr(Page.objects.get(pk=draft.pk).specific, "mayors_office")

    draft.save_revision().publish()
    draft = PledgePage.objects.get(pk=draft.pk)
    assert draft.mayors_office.group.name == "Mayor's office: Port Alder"
    assert Collection.objects.count() == collections + 1


def _long(moment):
    return format_date(moment)


def _medium(moment):
    return format_date(moment, "medium")
