"""Who may do what: anonymous, resident, organizer, mayor's office of city A and of
city B, administrator."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import GroupPagePermission

from cms.models import StandardPage
from pledges.models import CommitmentPage, MayorsOffice, ProgressUpdatePage, Status
from pledges.services.posting import Evidence, post_update
from tests.factories.engage import StaffFactory
from tests.factories.forums import make_forum
from tests.factories.forums import make_index as make_forum_index
from tests.factories.pledges import (
    CommitmentPageFactory,
    add_update_url,
    commitment_form,
    group_member,
    office_member,
    update_form,
)
from tests.factories.surveys import make_index as make_survey_index
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "organizer", "office_a", "office_b", "admin"]


@pytest.fixture
def city_a(pledge):
    return pledge


@pytest.fixture
def city_b(other_pledge):
    return other_pledge


@pytest.fixture
def commitment_a(city_a):
    return CommitmentPageFactory(parent=city_a)


@pytest.fixture
def commitment_b(city_b):
    return CommitmentPageFactory(parent=city_b)


@pytest.fixture
def other_page(home):
    return home.add_child(instance=StandardPage(title="About", slug="about"))


@pytest.fixture
def users(city_a, city_b):
    return {
        "anonymous": None,
        "resident": StaffFactory(),
        "organizer": group_member("Editors"),
        "office_a": office_member(city_a),
        "office_b": office_member(city_b),
        "admin": get_user_model().objects.create_superuser(
            "root", "root@example.org", "pw"
        ),
    }


def client_for(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


def test_each_pledge_gets_its_own_mayors_office_group(city_a, city_b):
    office_a = MayorsOffice.objects.get(pledge=city_a)
    office_b = MayorsOffice.objects.get(pledge=city_b)
    assert office_a.group != office_b.group
    assert "Riverton" in office_a.group.name
    assert set(
        GroupPagePermission.objects.filter(group=office_a.group).values_list(
            "page_id", "permission__codename"
        )
    ) == {
        (city_a.pk, "add_page"),
        (city_a.pk, "change_page"),
        (city_a.pk, "publish_page"),
    }
    assert office_a.group.permissions.filter(codename="access_admin").exists()


EDIT_PLEDGE_A = {"anonymous": 0, "resident": 0, "organizer": 1, "office_a": 1}
EDIT_PLEDGE_A |= {"office_b": 0, "admin": 1}
EDIT_PLEDGE_B = {**EDIT_PLEDGE_A, "office_a": 0, "office_b": 1}
ADD_UPDATE_A = {"anonymous": 0, "resident": 0, "organizer": 1, "office_a": 1}
ADD_UPDATE_A |= {"office_b": 0, "admin": 1}
ADD_COMMITMENT = {"anonymous": 0, "resident": 0, "organizer": 1, "office_a": 0}
ADD_COMMITMENT |= {"office_b": 0, "admin": 1}
EDIT_OTHER_PAGES = {"anonymous": 0, "resident": 0, "organizer": 1, "office_a": 0}
EDIT_OTHER_PAGES |= {"office_b": 0, "admin": 1}


def _allowed(response):
    return response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_edit_pledge_pages(client, users, role, city_a, city_b):
    client = client_for(client, users, role)
    assert _allowed(client.get(f"/admin/pages/{city_a.pk}/edit/")) == bool(
        EDIT_PLEDGE_A[role]
    )
    assert _allowed(client.get(f"/admin/pages/{city_b.pk}/edit/")) == bool(
        EDIT_PLEDGE_B[role]
    )


@pytest.mark.parametrize("role", ROLES)
def test_open_the_new_update_form(client, users, role, commitment_a, commitment_b):
    client = client_for(client, users, role)
    assert _allowed(client.get(add_update_url(commitment_a))) == bool(
        ADD_UPDATE_A[role]
    )
    flipped = {**ADD_UPDATE_A, "office_a": 0, "office_b": 1}
    assert _allowed(client.get(add_update_url(commitment_b))) == bool(flipped[role])


@pytest.mark.parametrize("role", ROLES)
def test_post_an_update_through_the_admin(client, users, role, commitment_a, today):
    client = client_for(client, users, role)
    client.post(add_update_url(commitment_a), update_form(today))
    posted = ProgressUpdatePage.objects.filter(commitment=commitment_a)
    if ADD_UPDATE_A[role]:
        update = posted.get()
        # Organizers (Wagtail editors) cannot publish: theirs waits in moderation.
        assert update.live is (role != "organizer")
        assert update.evidence.get().url == "https://example.org/minutes"
        if users[role]:
            assert update.owner == users[role]
    else:
        assert not posted.exists()


@pytest.mark.parametrize("role", ROLES)
def test_add_commitments(client, users, role, city_a):
    client = client_for(client, users, role)
    response = client.get(f"/admin/pages/add/pledges/commitmentpage/{city_a.pk}/")
    assert _allowed(response) == bool(ADD_COMMITMENT[role])


@pytest.mark.parametrize("role", ROLES)
def test_edit_pages_outside_the_pledges(client, users, role, other_page):
    client = client_for(client, users, role)
    response = client.get(f"/admin/pages/{other_page.pk}/edit/")
    assert _allowed(response) == bool(EDIT_OTHER_PAGES[role])


@pytest.mark.parametrize("role", ROLES)
def test_page_permission_testers(users, role, city_a, city_b, commitment_a):
    user = users[role]
    if user is None:
        return
    a = city_a.permissions_for_user(user)
    b = city_b.permissions_for_user(user)
    assert a.can_edit() == bool(EDIT_PLEDGE_A[role])
    assert b.can_edit() == bool(EDIT_PLEDGE_B[role])
    assert commitment_a.permissions_for_user(user).can_add_subpage() == bool(
        ADD_UPDATE_A[role]
    )


@pytest.mark.parametrize("role", ["resident", "organizer", "office_b"])
def test_the_update_service_checks_permissions(users, role, commitment_a):
    if role == "organizer":
        post_update(
            commitment_a,
            user=users[role],
            status=Status.IN_PROGRESS,
            percentage=10,
            explanation="Organizers may post.",
            evidence=[Evidence("Minutes", url="https://example.org/minutes")],
        )
        return
    with pytest.raises(PermissionDenied):
        post_update(
            commitment_a,
            user=users[role],
            status=Status.IN_PROGRESS,
            percentage=10,
            explanation="Not my city.",
        )
    assert not ProgressUpdatePage.objects.exists()


@pytest.mark.parametrize("role", ["office_a", "organizer", "admin"])
def test_nobody_deletes_or_unpublishes_a_published_update(
    client, users, role, commitment_a, update
):
    published = update(on=commitment_a)
    client = client_for(client, users, role)
    client.post(f"/admin/pages/{published.pk}/delete/")
    client.post(f"/admin/pages/{published.pk}/unpublish/")
    response = client.get(f"/admin/pages/{published.pk}/edit/")
    assert response.status_code == 302
    assert ProgressUpdatePage.objects.get(pk=published.pk).live


def test_mayors_office_cannot_remove_commitments(client, users, commitment_a):
    client.force_login(users["office_a"])
    client.post(f"/admin/pages/{commitment_a.pk}/delete/")
    assert CommitmentPage.objects.filter(pk=commitment_a.pk).exists()


def test_organizers_remove_commitments_without_history(client, users, city_a):
    draft = CommitmentPageFactory(parent=city_a, live=False)
    client.force_login(users["admin"])
    client.post(f"/admin/pages/{draft.pk}/delete/")
    assert not CommitmentPage.objects.filter(pk=draft.pk).exists()


def test_only_organizers_see_the_approval_setting(client, users, city_a):
    client.force_login(users["office_a"])
    assert (
        b"require_update_approval"
        not in client.get(f"/admin/pages/{city_a.pk}/edit/").content
    )
    client.force_login(users["organizer"])
    assert (
        b"require_update_approval"
        in client.get(f"/admin/pages/{city_a.pk}/edit/").content
    )


@pytest.mark.parametrize("role", ["resident", "office_a", "organizer"])
def test_followers_are_private(client, users, role):
    client = client_for(client, users, role)
    response = client.get("/admin/pledge_followers/")
    if role == "resident":  # the "staff only" page, no sign-in loop
        assert response.status_code == 403
        assert "Staff only" in response.content.decode()
    else:
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", ["anonymous", "resident", "office_a", "admin"])
def test_mayors_offices_cannot_edit_forums_or_surveys(client, users, role, home):
    forum = make_forum(make_forum_index(home))
    survey = make_survey(make_survey_index(home))
    client = client_for(client, users, role)
    for page in (forum, survey, forum.get_parent(), survey.get_parent()):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert _allowed(response) == (role == "admin"), (role, page)


# Unpublishing takes a pledge or a commitment out of sight as deleting it does.
HAS_HISTORY = (
    "This has published progress updates; only an administrator may remove it."
)
ORGANIZERS_ONLY = "Only organizers may remove commitments from a pledge."


def unpublish(client, page, bulk=False):
    """Ask to unpublish ``page``; the messages the admin then shows."""
    if bulk:
        url = f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}"
        response = client.post(url, {"include_descendants": "on"}, follow=True)
    else:
        response = client.post(f"/admin/pages/{page.pk}/unpublish/", follow=True)
    assert response.redirect_chain[0][1] == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def is_live(page):
    return type(page).objects.get(pk=page.pk).live


@pytest.mark.parametrize("bulk", [False, True], ids=["one", "bulk"])
def test_a_mayors_office_cannot_unpublish_its_record(
    client, users, city_a, commitment_a, update, bulk
):
    """The office of a city whose progress lags cannot hide the pledge, a
    commitment with history, or a commitment with none."""
    update(on=commitment_a)
    quiet = CommitmentPageFactory(parent=city_a, title="No news yet")
    client.force_login(users["office_a"])

    assert unpublish(client, city_a, bulk) == [HAS_HISTORY]
    assert unpublish(client, commitment_a, bulk) == [ORGANIZERS_ONLY]
    assert unpublish(client, quiet, bulk) == [ORGANIZERS_ONLY]
    assert is_live(city_a) and is_live(commitment_a) and is_live(quiet)


def test_an_administrator_may_withdraw_a_pledge_with_history(
    client, users, city_a, commitment_a, update
):
    update(on=commitment_a)
    client.force_login(users["admin"])
    unpublish(client, city_a)
    assert not is_live(city_a)


def test_a_commitment_cannot_be_given_an_expiry_date(client, users, commitment_a):
    """``publish_scheduled`` would unpublish it at that date, asking no one."""
    client.force_login(users["office_a"])
    data = commitment_form(commitment_a)
    data |= {"expire_at": "2027-01-31 09:00", "action-publish": "action-publish"}

    response = client.post(f"/admin/pages/{commitment_a.pk}/edit/", data)

    assert response.status_code == 200
    assert (
        "A pledge and its commitments stay public: they have no expiry date. "
        "Leave it empty." in response.content.decode()
    )
    assert CommitmentPage.objects.get(pk=commitment_a.pk).expire_at is None
