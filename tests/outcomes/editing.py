"""Posting the summary's page editor as an organizer's browser would."""

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from engage.i18n import LANGUAGE_FIELD_SUFFIXES

ITEM = {
    "description_en": "Ask the city to fix the lights",
    "responsible_person": "Captain Alvarez",
    "due_date": "2026-12-01",
    "status": "open",
}


def user_in(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "pw"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def summary_form_data(**overrides):
    """The editor's POST: one action item, no photos or documents unless given."""
    data = {
        "title_en": "What we heard in March",
        "slug": "summary",
        "residents_attended": "7",
        "walk_ins": "2",
        "officers_attended": "3",
        "officers_present": "Sgt. Lee\nOfficer Diaz",
        "topics_en": rich_text("<p>Lighting in the park.</p>"),
        "concerns_en": rich_text("<p>Dark paths after 6 pm.</p>"),
        "responses_en": rich_text("<p>Patrols will walk the paths.</p>"),
        **{f"highlights_{code}": streamfield([]) for code in LANGUAGE_FIELD_SUFFIXES},
        "action_items": inline_formset([ITEM]),
        "photos": inline_formset([]),
        "documents": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(forum):
    return reverse(
        "wagtailadmin_pages:add", args=["outcomes", "forumsummarypage", forum.pk]
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
