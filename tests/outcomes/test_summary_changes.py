"""A published summary may be corrected, never quietly rewritten: the summary
page says it was changed after it was first published and lists each change,
dated, with what it said before: its title, attendance figures, the officers it
names and the text of its topics, concerns and responses."""

import importlib
import types

import pytest
from django.apps import apps
from django.db import connection

from outcomes.models import PublishedSummaryTerms
from tests.outcomes.editing import edit_url

pytestmark = pytest.mark.django_db


def publish(summary, **changes):
    """Publish a new revision of ``summary`` with ``changes``, as a revert, an
    approval or the editor's publish would."""
    draft = summary.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()


def page_text(client, summary, language="en"):
    summary.refresh_from_db()
    url = summary.url.replace("/en/", f"/{language}/", 1)
    return " ".join(client.get(url).content.decode().split())


def test_a_corrected_figure_is_listed_with_its_old_value(client, summary):
    publish(summary, residents_attended=14)

    page = page_text(client, summary)

    assert "This summary was changed after it was first published" in page
    assert "Residents who RSVPed and came corrected from 12 to 14." in page
    assert "14" in page


def test_rewritten_text_is_listed_with_what_it_said_before(client, summary):
    publish(summary, concerns="<p>Speeding on Market Street at night.</p>")

    page = page_text(client, summary)

    assert "Concerns raised by residents, in English, edited." in page
    assert (
        'Before:</dt><dd dir="ltr" lang="en">Speeding on Market Street.</dd> '
        '<dt>After:</dt><dd dir="ltr" lang="en">Speeding on Market Street at '
        "night.</dd>"
    ) in page


def test_officers_named_are_listed_with_the_names_before(client, summary):
    publish(summary, officers_present="Sgt. Lee")
    publish(summary, officers_present="Sgt. Lee\nOfficer Diaz")

    page = page_text(client, summary)

    assert page.count("Officers present edited.") == 2
    assert "Before:</dt><dd>Sgt. Lee<br>Officer Diaz</dd>" not in page
    assert "After:</dt><dd>Sgt. Lee<br>Officer Diaz</dd>" in page


def test_markup_alone_and_drafts_are_not_changes(client, summary):
    publish(summary, concerns="<p><b>Speeding</b> on Market Street.</p>")
    draft = summary.get_latest_revision_as_object()
    draft.topics = "<p>Something else entirely.</p>"
    draft.save_revision()

    page = page_text(client, summary)

    assert "changed after it was first published" not in page
    assert "Something else entirely" not in page
    assert PublishedSummaryTerms.objects.filter(summary=summary).count() == 1


def test_a_first_translation_is_not_a_change_but_rewriting_one_is(client, summary):
    publish(summary, responses_es="<p>Patrullas en horario escolar.</p>")
    assert "changed after" not in page_text(client, summary)

    publish(summary, responses_es="<p>Patrullas cuando haya personal.</p>")

    page = page_text(client, summary, "es")
    assert "Las respuestas del departamento (Español): texto modificado." in page
    assert 'Antes:</dt><dd dir="ltr" lang="es">Patrullas en horario escolar.' in page


def test_a_recorded_copy_is_never_changed(summary):
    copy = PublishedSummaryTerms.objects.get()
    copy.terms = {**copy.terms, "walk_ins": 300}

    with pytest.raises(ValueError, match="never changed"):
        copy.save()


def test_summaries_published_before_the_record_began_get_their_first_copy(
    summary,
):
    PublishedSummaryTerms.objects.all().delete()
    migration = importlib.import_module(
        "outcomes.migrations.0010_published_summary_terms"
    )

    migration.keep_published_terms(apps, types.SimpleNamespace(connection=connection))

    copy = PublishedSummaryTerms.objects.get()
    assert copy.terms["title"]["en"] == "Summary: Eastside forum"
    assert copy.terms["concerns"]["en"] == "Speeding on Market Street."
    assert (copy.terms["residents_attended"], copy.terms["walk_ins"]) == (12, 3)
    # The next correction is measured against it.
    publish(summary, walk_ins=5)
    assert PublishedSummaryTerms.objects.count() == 2


def test_the_editor_says_corrections_are_shown(client, summary, lead):
    client.force_login(lead)

    page = client.get(edit_url(summary)).content.decode()

    assert (
        "Once the summary is published, each correction of its title, attendance, "
        "officers present, topics, concerns or responses is listed on its page, "
        "dated, with what it said before."
    ) in page
