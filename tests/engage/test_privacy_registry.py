"""Every stored field that can hold personal data is spoken for on the privacy
page: a section names it, or it is listed below as not about residents, with the
reason. A new field holding a name, an address, a phone number, an internet
address, needs or a link to an account fails here until the page says what is
kept, why and for how long."""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import RequestFactory
from modeltranslation.fields import TranslationField

from engage.privacy_views import page_sections
from tests.factories.cms import make_contact_page

pytestmark = pytest.mark.django_db

PERSONAL_NAME = re.compile(r"(^|_)(name|email|phone|address|needs|ip|person)($|_)")

PUBLISHED = "what the organisation publishes or names itself, not a resident"
STAFF_TRAIL = "the editing trail of staff accounts in the admin, closed to residents"
MACHINERY = "a name in the site's own machinery"
STAFF_WORK = "a staff account's own work record, closed to residents"

NOT_ABOUT_RESIDENTS = {
    "engage.Area.name": PUBLISHED,
    "engage.SiteSettings.organization_name": PUBLISHED,
    "engage.SiteSettings.contact_email": PUBLISHED,
    "engage.SiteSettings.contact_phone": PUBLISHED,
    "cms.ResourcePage.phone": PUBLISHED,
    "cms.ResourcePage.address": PUBLISHED,
    "cms.ContactFormField.clean_name": MACHINERY,
    "cms.ContactPage.to_address": PUBLISHED,
    "cms.ContactPage.from_address": PUBLISHED,
    "forums.ForumOfficer.name": PUBLISHED,
    "forums.Venue.name": PUBLISHED,
    "forums.Venue.address": PUBLISHED,
    "outcomes.DepartmentUnit.name": PUBLISHED,
    "outcomes.ActionItem.responsible_person": PUBLISHED,
    "outcomes.Distribution.created_by": STAFF_TRAIL,
    "forums.RegistrantMessage.sent_by": STAFF_TRAIL,
    "outcomes.ActionItemUpdate.recorded_by": STAFF_TRAIL,
    "pledges.PledgePage.mayor_name": PUBLISHED,
    "pledges.OfficeReminder.member": STAFF_WORK,
    "wagtailembeds.Embed.author_name": PUBLISHED,
    "wagtailembeds.Embed.provider_name": PUBLISHED,
    "wagtaildocs.Document.uploaded_by_user": STAFF_TRAIL,
    "wagtailimages.Image.uploaded_by_user": STAFF_TRAIL,
    "wagtailadmin.EditingSession.user": STAFF_TRAIL,
    "wagtailadmin.FormState.user": STAFF_TRAIL,
    "wagtailcore.Site.site_name": PUBLISHED,
    "wagtailcore.APIToken.user": STAFF_TRAIL,
    "wagtailcore.APIToken.name": MACHINERY,
    "wagtailcore.ModelLogEntry.user": STAFF_TRAIL,
    "wagtailcore.Revision.user": STAFF_TRAIL,
    "wagtailcore.Collection.name": MACHINERY,
    "wagtailcore.UploadedFile.uploaded_by_user": STAFF_TRAIL,
    "wagtailcore.WorkflowState.requested_by": STAFF_TRAIL,
    "wagtailcore.Workflow.name": MACHINERY,
    "wagtailcore.Task.name": MACHINERY,
    "wagtailcore.TaskState.finished_by": STAFF_TRAIL,
    "wagtailcore.Page.locked_by": STAFF_TRAIL,
    "wagtailcore.Page.owner": STAFF_TRAIL,
    "wagtailcore.PageLogEntry.user": STAFF_TRAIL,
    "wagtailcore.Comment.user": STAFF_TRAIL,
    "wagtailcore.Comment.resolved_by": STAFF_TRAIL,
    "wagtailcore.CommentReply.user": STAFF_TRAIL,
    "wagtailcore.PageSubscription.user": STAFF_TRAIL,
    "taggit.Tag.name": MACHINERY,
    "django_tasks_database.DBTaskResult.queue_name": MACHINERY,
    "django_tasks_database.DBTaskResult.backend_name": MACHINERY,
    "admin.LogEntry.user": STAFF_TRAIL,
    "auth.Permission.name": MACHINERY,
    "auth.Group.name": MACHINERY,
}


def looks_personal(field):
    if isinstance(field, (models.EmailField, models.GenericIPAddressField)):
        return True
    if field.is_relation and field.related_model is get_user_model():
        return True
    return bool(PERSONAL_NAME.search(field.name))


def personal_fields():
    """``app_label.Model.field`` of every concrete field that looks personal,
    on the model that declares it (a page's inherited fields count once)."""
    found = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if field.model is not model or isinstance(field, TranslationField):
                continue
            if looks_personal(field):
                found.add(f"{model._meta.label}.{field.name}")
    return found


@pytest.fixture
def sections(home):
    """Every section, the contact form's included (it shows once one is live)."""
    make_contact_page(home)
    return page_sections(RequestFactory().get("/en/privacy/"))


def spoken_for(sections):
    return {field for section in sections for field in section["fields"]}


def test_every_personal_field_is_named_by_a_privacy_section(sections):
    unlisted = personal_fields() - spoken_for(sections) - set(NOT_ABOUT_RESIDENTS)

    assert unlisted == set()


def test_the_detector_finds_what_a_new_personal_field_would_look_like():
    """The walk is not vacuous: it finds the fields residents fill in."""
    found = personal_fields()

    assert {
        "forums.RSVP.name",
        "forums.RSVP.email",
        "forums.RSVP.phone",
        "forums.RSVP.access_needs",
        "forums.RSVP.user",
        "forums.WalkIn.name",
        "pledges.PledgeFollower.email",
        "outcomes.DepartmentMember.email",
        "engage.PersonalDataAccess.user",
    } <= found


@pytest.mark.parametrize("name", ["email", "phone", "home_address", "client_ip"])
def test_a_field_named_like_personal_data_is_detected(name):
    field = models.CharField(max_length=10)
    field.name = name

    assert looks_personal(field)


def test_every_listed_field_exists(sections):
    """No stale entry: each names a stored field of an installed model."""
    missing = []
    for label in spoken_for(sections) | set(NOT_ABOUT_RESIDENTS):
        app_model, field_name = label.rsplit(".", 1)
        try:
            apps.get_model(app_model)._meta.get_field(field_name)
        except (LookupError, FieldDoesNotExist):
            missing.append(label)

    assert missing == []


def test_no_field_is_both_spoken_for_and_set_aside(sections):
    assert spoken_for(sections) & set(NOT_ABOUT_RESIDENTS) == set()


def test_every_section_says_what_why_and_how_long(sections):
    headings = [section["heading"] for section in sections]

    assert headings == [
        "Your account",
        "The contact form",
        "Forum RSVPs",
        "Police department members",
        "Surveys",
        "Following a pledge",
        "Questions sent during a forum",
        "Emails we send",
        "Limits against abuse",
        "Staff access to personal data",
    ]
    for section in sections:
        assert section["collected"] and section["purpose"] and section["kept"]
        assert section["fields"], section["heading"]
