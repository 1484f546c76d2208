"""Series forums made before the date was read from ``start`` stored it in their
titles; the data migration leaves the plain series name, in every language, in
the draft title and in the revisions, and touches nothing an organizer wrote."""

import datetime

import pytest
from babel.dates import format_date
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Revision
from wagtail.signals import page_published

from engage.i18n import LANGUAGE_CODES, babel_locale
from forums.generation import generate_forums
from forums.models import ForumPage
from forums.signals import tell_registrants_about_changes
from tests.factories.forums import make_forum

BEFORE = [("forums", "0006_rsvp_arrivals_and_calendar_sequence")]
TITLE_COLUMNS = [build_localized_fieldname("title", code) for code in LANGUAGE_CODES]

# The flush after the test would remove the root page the migrations made.
pytestmark = [
    pytest.mark.rewinds_migrations,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def old_titles(series, day):
    """What the old ``generate_forums`` stored for ``day``, column by column."""
    titles = {}
    for code in LANGUAGE_CODES:
        title = getattr(series, build_localized_fieldname("title", code)) or (
            series.title
        )
        date_text = format_date(day, format="long", locale=babel_locale(code))
        titles[build_localized_fieldname("title", code)] = f"{title}: {date_text}"
    return titles


def store_titles(page, titles, title, draft_title):
    """Write the titles into the page row and its latest and live revision, as the
    old code's ``add_child`` and ``save_revision().publish()`` left them."""
    columns = {**titles, "title": title, "draft_title": draft_title}
    # Unrewritten: modeltranslation would send ``title`` to ``title_en``.
    Page.objects.rewrite(False).filter(pk=page.pk).update(**columns)
    page = Page.objects.get(pk=page.pk)
    for revision in {page.latest_revision, page.live_revision}:
        revision.content = {**revision.content, **columns}
        revision.save(update_fields=["content"])
    return page.latest_revision_id


def stored(pk):
    """The title columns of the page row and its latest revision."""
    row = (
        Page.objects.rewrite(False)
        .filter(pk=pk)
        .values("title", "draft_title", *TITLE_COLUMNS)
        .get()
    )
    content = Revision.objects.get(pk=Page.objects.get(pk=pk).latest_revision_id)
    return row, {name: content.content[name] for name in row}


@pytest.fixture
def rewound():
    """Every app at its latest after the test, which rewinds the forums app to
    before the migration once its pages exist: they are made with today's
    models, whose columns the old tables may lack.

    Publishing a forum tells its registrants of changes, reading RSVP rows with
    today's columns, which the rewound table lacks; these forums have none, so
    the receiver is left out while the old tables stand."""
    page_published.disconnect(tell_registrants_about_changes, sender=ForumPage)
    try:
        yield
    finally:
        migrate()
        page_published.connect(tell_registrants_about_changes, sender=ForumPage)


def test_series_titles_lose_the_date_the_old_code_wrote(series, rewound):
    series.title_es = "Foros del Este"
    series.title_ko = "이스트사이드 포럼"
    series.save()
    # January 12 and February 9, 2027: the second Tuesdays.
    kept, moved = generate_forums(series, 2, after=datetime.date(2027, 1, 1))
    assert (kept.occurrence_date, moved.occurrence_date) == (
        datetime.date(2027, 1, 12),
        datetime.date(2027, 2, 9),
    )
    by_hand = make_forum(
        series.index_page.specific,
        series=series,
        start=timezone.make_aware(datetime.datetime(2027, 3, 9, 18, 30)),
    )
    single = make_forum(series.index_page.specific, title="Budget hearing")
    migrate(BEFORE)
    kept_titles = old_titles(series, kept.occurrence_date)
    assert kept_titles == {
        "title_en": "Eastside forums: January 12, 2027",
        "title_es": "Foros del Este: 12 de enero de 2027",
        "title_zh_hans": "Eastside forums: 2027年1月12日",
        "title_vi": "Eastside forums: 12 tháng 1, 2027",
        "title_ar": "Eastside forums: 12 يناير 2027",
        "title_ko": "이스트사이드 포럼: 2027년 1월 12일",
    }
    # Generated while the organizer used the admin in Spanish.
    store_titles(
        kept,
        kept_titles,
        kept_titles["title_en"],
        draft_title=kept_titles["title_es"],
    )
    # The old code moved a forum by its start alone: the title kept the old day.
    moved_titles = old_titles(series, moved.occurrence_date)
    store_titles(
        moved, moved_titles, moved_titles["title_en"], moved_titles["title_en"]
    )
    ForumPage.objects.filter(pk=moved.pk).update(
        start=moved.start + datetime.timedelta(days=9),
        end=moved.end + datetime.timedelta(days=9),
    )

    # Titles an organizer wrote: a date followed by more words, and a forum that
    # is not part of a series, keep every character.
    by_hand_titles = {
        name: f"{value} (moved indoors)"
        for name, value in old_titles(series, datetime.date(2027, 3, 9)).items()
    }
    store_titles(by_hand, by_hand_titles, "Eastside forums", "Eastside forums")
    single_titles = {name: "Budget hearing: January 12, 2027" for name in TITLE_COLUMNS}
    store_titles(single, single_titles, *[single_titles["title_en"]] * 2)
    untouched = {page.pk: stored(page.pk) for page in (by_hand, single)}

    migrate()

    plain = {
        "title": "Eastside forums",
        "draft_title": "Foros del Este",
        "title_en": "Eastside forums",
        "title_es": "Foros del Este",
        "title_zh_hans": "Eastside forums",
        "title_vi": "Eastside forums",
        "title_ar": "Eastside forums",
        "title_ko": "이스트사이드 포럼",
    }
    assert stored(kept.pk) == (plain, plain)
    assert stored(moved.pk) == (
        {**plain, "draft_title": "Eastside forums"},
        {**plain, "draft_title": "Eastside forums"},
    )
    assert {page.pk: stored(page.pk) for page in (by_hand, single)} == untouched
    assert stored(by_hand.pk)[0]["title_en"] == (
        "Eastside forums: March 9, 2027 (moved indoors)"
    )

    kept, moved = ForumPage.objects.get(pk=kept.pk), ForumPage.objects.get(pk=moved.pk)
    assert kept.display_title == "Eastside forums: January 12, 2027"
    assert moved.display_title == "Eastside forums: February 18, 2027"
    with translation.override("es"):
        assert kept.display_title == "Foros del Este: 12 de enero de 2027"
    with translation.override("ko"):
        assert moved.display_title == "이스트사이드 포럼: 2027년 2월 18일"

    # Running it again changes nothing.
    after = {page.pk: stored(page.pk) for page in (kept, moved, by_hand, single)}
    migrate(BEFORE)
    migrate()
    assert {page.pk: stored(page.pk) for page in (kept, moved, by_hand, single)} == (
        after
    )
