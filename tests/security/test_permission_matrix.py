"""Who may do what in the admin: every role against every admin area and action.

Roles: anonymous, resident (a plain account), organizer ("Organizers", and
organizer of the Eastside series), lead organizer ("Lead organizers"), the
mayor's offices of city A and city B, and an administrator. Staff sign in as in
production: the staff-session middleware requires a TOTP authenticator and a
session confirmed with it, so each staff user gets both.

Each row names the roles that are allowed; everyone else must be refused.
"""

import pytest

from forums.models import RSVP, ForumPage
from outcomes.models import Distribution
from surveys.models import Response
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "organizer", "lead", "office_a", "office_b", "admin"]
STAFF = {"organizer", "lead", "office_a", "office_b", "admin"}
FORUM_STAFF = {"organizer", "lead", "admin"}
ALL_RSVPS = {"lead", "admin"}
ADMIN = {"admin"}


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    """Production rules: the admin only behind TOTP."""
    settings.ENGAGE_STAFF_MFA_REQUIRED = True


# Admin screens (GET): url, roles allowed ------------------------------------------

SCREENS = [
    ("dashboard", "/admin/", STAFF),
    ("edit forum", "/admin/pages/{forum}/edit/", FORUM_STAFF),
    ("add forum", "/admin/pages/add/forums/forumpage/{index}/", FORUM_STAFF),
    ("edit summary", "/admin/pages/{summary}/edit/", FORUM_STAFF),
    ("edit survey", "/admin/pages/{survey}/edit/", ADMIN),
    ("edit pledge A", "/admin/pages/{pledge_a}/edit/", {"office_a", "admin"}),
    ("edit pledge B", "/admin/pages/{pledge_b}/edit/", {"office_b", "admin"}),
    (
        "add update to commitment A",
        "/admin/pages/add/pledges/progressupdatepage/{commitment_a}/",
        {"office_a", "admin"},
    ),
    (
        "add commitment to pledge A",
        "/admin/pages/add/pledges/commitmentpage/{pledge_a}/",
        ADMIN,
    ),
    ("delete pledge A", "/admin/pages/{pledge_a}/delete/", ADMIN),
    ("venues", "/admin/snippets/forums/venue/", ADMIN),
    ("forum series", "/admin/snippets/forums/forumseries/", ADMIN),
    ("edit a series", "/admin/snippets/forums/forumseries/edit/{series}/", ADMIN),
    ("generate dates", "/admin/forums/series/{series}/generate/", ADMIN),
    ("areas", "/admin/snippets/engage/area/", ADMIN),
    ("RSVP listing", "/admin/forum_rsvps/", FORUM_STAFF),
    ("RSVP export", "/admin/forum_rsvps/?export=csv", FORUM_STAFF),
    ("RSVP of a managed forum", "/admin/forum_rsvps/inspect/{mine}/", FORUM_STAFF),
    ("edit RSVP of a managed forum", "/admin/forum_rsvps/edit/{mine}/", FORUM_STAFF),
    ("RSVP of another forum", "/admin/forum_rsvps/inspect/{theirs}/", ALL_RSVPS),
    ("edit RSVP of another forum", "/admin/forum_rsvps/edit/{theirs}/", ALL_RSVPS),
    ("overview of a managed forum", "/admin/forums/{forum}/", FORUM_STAFF),
    ("check-in of a managed forum", "/admin/forums/{forum}/check-in/", FORUM_STAFF),
    (
        "sign-in sheet of a managed forum",
        "/admin/forums/{forum}/sign-in-sheet/",
        FORUM_STAFF,
    ),
    ("overview of another forum", "/admin/forums/{other_forum}/", ALL_RSVPS),
    ("check-in of another forum", "/admin/forums/{other_forum}/check-in/", ALL_RSVPS),
    (
        "sign-in sheet of another forum",
        "/admin/forums/{other_forum}/sign-in-sheet/",
        ALL_RSVPS,
    ),
    ("roster", "/admin/forum_roster/", FORUM_STAFF),
    ("roster export", "/admin/forum_roster/?export=csv", FORUM_STAFF),
    ("roster import", "/admin/forums/roster/import/", FORUM_STAFF),
    ("units", "/admin/forum_units/", FORUM_STAFF),
    ("distributions", "/admin/forum_distributions/", FORUM_STAFF),
    (
        "distribute a summary",
        "/admin/forums/summaries/{summary}/distribute/",
        FORUM_STAFF,
    ),
    ("distribution report", "/admin/forums/distributions/{distribution}/", FORUM_STAFF),
    (
        "distribution export",
        "/admin/forums/distributions/{distribution}/by-unit.csv",
        FORUM_STAFF,
    ),
    ("deliveries", "/admin/forum_deliveries/", FORUM_STAFF),
    ("survey results (admin)", "/admin/surveys/{survey}/results/", ADMIN),
    ("survey free-text answers", "/admin/surveys/{survey}/answers/", ADMIN),
    ("survey responses export", "/admin/surveys/{survey}/responses.csv", ADMIN),
    ("survey paper entry", "/admin/surveys/{survey}/paper/", ADMIN),
    ("survey codes", "/admin/surveys/{survey}/codes/", ADMIN),
    ("pledge followers", "/admin/pledge_followers/", ADMIN),
    ("pledge followers export", "/admin/pledge_followers/?export=csv", ADMIN),
    ("contact submissions", "/admin/forms/submissions/{contact}/", ADMIN),
    ("users", "/admin/users/", ADMIN),
    ("groups", "/admin/groups/", ADMIN),
    ("site settings", "/admin/settings/engage/sitesettings/{site}/", ADMIN),
    ("navigation settings", "/admin/settings/cms/navigationsettings/{site}/", ADMIN),
    ("workflows", "/admin/workflows/list/", ADMIN),
]


# What a signed-in resident gets anywhere under /admin/ (engage.security).
STAFF_ONLY = "engage/staff_only.html"


def _refused(response, url):
    """The admin refuses with a redirect elsewhere (to sign in, to the dashboard,
    or to the language-prefixed path after a 404) or, for a signed-in resident,
    with the "staff only" page; never with any other 403 page."""
    if response.status_code == 403:
        return STAFF_ONLY in {template.name for template in response.templates}
    return response.status_code == 302 and response["Location"] != url


@pytest.mark.parametrize("role", ROLES)
def test_admin_screens(client, world, users, role):
    """One role against every row; the failure lists every wrong cell."""
    client = sign_in(client, users[role])
    wrong = []
    for name, pattern, allowed in SCREENS:
        url = pattern.format(**world)
        response = client.get(url)
        if role in allowed and response.status_code != 200:
            wrong.append(f"{name}: refused ({response.status_code})")
        elif role not in allowed and not _refused(response, url):
            wrong.append(f"{name}: allowed ({response.status_code})")
    assert not wrong, f"{role}: " + "; ".join(wrong)


# Page actions: what Wagtail's permission tester allows ----------------------------

PAGE_ACTIONS = [
    ("forum", "can_publish", {"lead", "admin"}),
    ("forum", "can_unpublish", {"lead", "admin"}),
    ("forum", "can_lock", {"lead", "admin"}),
    ("summary", "can_edit", FORUM_STAFF),
    ("summary", "can_publish", {"lead", "admin"}),
    ("summary", "can_delete", {"lead", "admin"}),
    ("survey", "can_edit", ADMIN),
    ("survey", "can_publish", ADMIN),
    ("pledge_a", "can_edit", {"office_a", "admin"}),
    ("pledge_a", "can_publish", {"office_a", "admin"}),
    ("pledge_b", "can_publish", {"office_b", "admin"}),
    ("pledge_a", "can_delete", ADMIN),
    ("commitment_a", "can_add_subpage", {"office_a", "admin"}),
    ("contact", "can_edit", ADMIN),
]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_page_actions(world, users, role):
    from wagtail.models import Page

    wrong = []
    for page, action, allowed in PAGE_ACTIONS:
        tester = Page.objects.get(pk=world[page]).permissions_for_user(users[role])
        if getattr(tester, action)() is not (role in allowed):
            wrong.append(f"{action} on {page}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


# Actions that change data (POST) --------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_admin_actions(client, world, users, role):
    """Distribute, check in, edit registrants, delete an answered survey, delete a
    forum with RSVPs: what each role's POSTs actually change."""
    client = sign_in(client, users[role])
    wrong = []

    before = Distribution.objects.count()
    # Everyone already has a copy in the world, so sending again is chosen.
    url = f"/admin/forums/summaries/{world['summary']}/distribute/"
    client.post(url, {"audience": "everyone"})
    if (Distribution.objects.count() == before + 1) is not (role in FORUM_STAFF):
        wrong.append("distribute a summary")

    url = f"/admin/forums/{world['other_forum']}/check-in/{world['theirs']}/"
    client.post(url, {"attended": "1"})
    attended = RSVP.objects.get(pk=world["theirs"]).attended_at is not None
    if attended is not (role in ALL_RSVPS):
        wrong.append("check in another forum's registrant")

    for key, allowed in (("mine", FORUM_STAFF), ("theirs", ALL_RSVPS)):
        client.post(
            f"/admin/forum_rsvps/edit/{world[key]}/",
            {"name": "Changed", "phone": "", "childcare_children": "0"},
        )
        changed = RSVP.objects.get(pk=world[key]).name == "Changed"
        if changed is not (role in allowed):
            wrong.append(f"edit registrant ({key})")

    # No one deletes a survey with responses, not even an administrator.
    client.post(f"/admin/pages/{world['survey']}/delete/", {})
    if Response.objects.filter(survey_id=world["survey"]).count() != 2:
        wrong.append("delete an answered survey")

    # Deleting a forum would delete its RSVPs: only an administrator may.
    client.post(f"/admin/pages/{world['forum']}/delete/", {})
    if ForumPage.objects.filter(pk=world["forum"]).exists() is (role == "admin"):
        wrong.append("delete a forum with RSVPs")

    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_staff_without_a_second_factor_are_kept_out(client, world, users):
    client.force_login(users["lead"])
    response = client.get("/admin/forum_rsvps/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
