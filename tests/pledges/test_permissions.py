"""Who may do what: anonymous, resident, organizer, mayor's office of city A and of
city B, administrator."""

import pytest
from django.contrib.auth import get_user_model
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
