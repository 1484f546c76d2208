"""`manage.py load_demo` builds the demo once; running it again changes nothing."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.utils import timezone
from wagtail.models import Page, Site

from cms.demo import content
from cms.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    MenuItem,
    NavigationSettings,
    ResourcePage,
)
from engage.models import SiteSettings

pytestmark = pytest.mark.django_db


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """What a second run must leave exactly as it was."""
    return {
        "pages": Page.objects.count(),
        "page ids": sorted(Page.objects.values_list("id", flat=True)),
        "live": Page.objects.live().count(),
        "sites": Site.objects.count(),
        "menu items": MenuItem.objects.count(),
        "form fields": ContactFormField.objects.count(),
        "users": get_user_model().objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "site settings": SiteSettings.objects.count(),
        "navigation": NavigationSettings.objects.count(),
        "titles": list(Page.objects.order_by("path").values_list("title_en", "slug")),
    }


def test_builds_the_demo_site():
    output = load_demo()

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert home.live
    resources = home.get_children().get(slug="resources")
    assert ResourcePage.objects.child_of(resources).live().count() == len(
        content.RESOURCES
    )
    contact = ContactPage.objects.get()
    assert contact.form_fields.count() == len(content.CONTACT["fields"])
    assert set(MenuItem.objects.values_list("link_page__slug", flat=True)) >= {
        "about",
        "resources",
        "contact",
    }
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert EmailAddress.objects.get(user=admin).verified
    assert "Demo content is ready." in output


def test_second_run_creates_nothing(client, full_demo):
    before = snapshot()

    load_demo("--no-admin")

    assert snapshot() == before
    # The site still works after the second run.
    assert client.get("/en/resources/").status_code == 200


def test_second_run_keeps_menu_items_an_editor_added(full_demo):
    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    navigation.menu_items.add(
        MenuItem(link_url="https://city.example.org", label="City hall", sort_order=1)
    )
    navigation.save()
    count = MenuItem.objects.count()

    load_demo("--no-admin")

    assert MenuItem.objects.count() == count
    assert MenuItem.objects.filter(label="City hall").exists()


def test_without_admin_option_creates_no_user(full_demo):
    """The whole demo, as ``load_demo --no-admin`` made it."""
    assert not get_user_model().objects.filter(username="admin").exists()
    assert HomePage.objects.exists()


# What the demo dates ahead on purpose: forums to come, deadlines and targets.
PLANNED = {
    ("forums.ForumCalendarEntry", "start"),
    ("forums.ForumCalendarEntry", "end"),
    ("forums.ForumPage", "occurrence_date"),
    ("forums.ForumPage", "start"),
    ("forums.ForumPage", "end"),
    ("outcomes.ActionItem", "due_date"),
    ("surveys.SurveyPage", "closes_at"),
    ("pledges.CommitmentPage", "target_date"),
    ("pledges.CommitmentPage", "original_target_date"),
}


def test_nothing_done_is_dated_in_the_future(full_demo):
    """A sign-up, a publication, a confirmation or an update dated after now
    would tell a visitor trying the demo that the record cannot be trusted."""
    now, today = timezone.now(), timezone.localdate()
    future = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (model._meta.label, field.name) in PLANNED:
                continue
            if isinstance(field, models.DateTimeField):
                later = model.objects.filter(**{f"{field.name}__gt": now})
            elif isinstance(field, models.DateField):
                later = model.objects.filter(**{f"{field.name}__gt": today})
            else:
                continue
            if later.exists():
                future.append(f"{model._meta.label}.{field.name}")

    assert future == []
