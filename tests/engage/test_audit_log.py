"""Who viewed or exported personal data, and when: every look is in a log that
the auditors can read and nobody can edit from the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver

from engage import audit
from engage.models import PersonalDataAccess
from tests.factories.engage import StaffFactory
from tests.factories.forums import make_forum, make_index, make_rsvp
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "quiet.resident@example.org"


@pytest.fixture
def forum(home):
    return make_forum(make_index(home), title="Northside forum")


@pytest.fixture
def rsvp(forum):
    return make_rsvp(forum, SECRET_ADDRESS, attended=False)


@pytest.fixture
def admin_client(client):
    return sign_in(client, StaffFactory(is_superuser=True, username="lead.auditor"))


def test_exporting_rsvps_is_logged_with_who_and_what(admin_client, rsvp):
    response = admin_client.get("/admin/forum_rsvps/?export=csv")
    assert response.status_code == 200
    assert SECRET_ADDRESS in b"".join(response.streaming_content).decode()
    entry = PersonalDataAccess.objects.get()
    assert (entry.username, entry.action, entry.view, entry.path) == (
        "lead.auditor",
        "exported",
        "forum_rsvps:index",
        "/admin/forum_rsvps/",
    )


def test_viewing_one_rsvp_and_a_check_in_list_are_logged(admin_client, rsvp, forum):
    assert admin_client.get(f"/admin/forum_rsvps/inspect/{rsvp.pk}/").status_code == 200
    assert admin_client.get(f"/admin/forums/{forum.pk}/check-in/").status_code == 200
    entries = PersonalDataAccess.objects.order_by("pk")
    assert [(e.action, e.view, e.object_id) for e in entries] == [
        ("viewed", "forum_rsvps:inspect", str(rsvp.pk)),
        ("viewed", "forums_admin:check_in", str(forum.pk)),
    ]


def test_a_refused_request_leaves_no_entry(client, rsvp):
    sign_in(client, StaffFactory(is_staff=True))
    assert client.get("/admin/forum_rsvps/").status_code in (302, 403)
    assert not PersonalDataAccess.objects.exists()


def test_the_log_is_listed_for_superusers_and_cannot_be_edited(admin_client, rsvp):
    admin_client.get("/admin/forum_rsvps/?export=xlsx")
    listing = admin_client.get("/admin/personaldataaccess/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "lead.auditor" in html
    assert "RSVP list" in html
    entry = PersonalDataAccess.objects.get()
    for path in (
        "/admin/personaldataaccess/new/",
        f"/admin/personaldataaccess/edit/{entry.pk}/",
        f"/admin/personaldataaccess/delete/{entry.pk}/",
    ):
        assert admin_client.get(path, follow=True).status_code == 404


def test_a_group_given_the_view_permission_reads_the_log(client, admin_client, rsvp):
    admin_client.get("/admin/forum_rsvps/")
    auditor = StaffFactory(is_staff=True)
    auditor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_personaldataaccess"),
    )
    sign_in(client, auditor)
    assert client.get("/admin/personaldataaccess/").status_code == 200


def test_an_organizer_without_the_permission_cannot_read_the_log(client):
    organizer = StaffFactory(is_staff=True)
    organizer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, organizer)
    assert client.get("/admin/personaldataaccess/").status_code == 302


def admin_views_without_arguments():
    """Every admin URL that takes no argument, by view name."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    ":".join(filter(None, [namespace, inner])),
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                path = prefix + str(pattern.pattern)
                if "<" not in path and path.startswith("admin/"):
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    yield name, "/" + path

    return sorted(set(walk(get_resolver().url_patterns, "", "")))


def test_every_admin_listing_that_shows_an_address_is_audited(admin_client, rsvp):
    """The guard for views added later: any admin page (without arguments) whose
    answer shows a resident's address must be in ``engage.audit``'s list."""
    unlisted = []
    for name, path in admin_views_without_arguments():
        if path.endswith(("/logout/", "/chooser/", "/export/", "/failwhale/")):
            continue
        response = admin_client.get(path)
        if response.status_code != 200 or response.streaming:
            continue
        if SECRET_ADDRESS in response.content.decode():
            if name not in audit.AUDITED_VIEWS:
                unlisted.append(name)
    assert unlisted == []
