import datetime

import pytest
from dateutil.relativedelta import relativedelta
from modeltranslation.utils import build_localized_fieldname

from engage.i18n import LANGUAGE_CODES, LANGUAGE_FIELD_SUFFIXES
from pledges.models import CommitmentPage, PledgePage, Principle
from pledges.pledge_template import COMMITMENTS, prefill_commitments
from tests.factories.pledges import PledgePageFactory
from tests.helpers import url_in

pytestmark = pytest.mark.django_db

LANGUAGES = LANGUAGE_CODES
FIELDS = ["title", "description", "responsible_office"]


def test_template_has_the_seven_principles_in_six_languages():
    assert len(COMMITMENTS) == 7
    assert {c["principle"] for c in COMMITMENTS} == set(Principle.values) - {"other"}
    for commitment in COMMITMENTS:
        for field in FIELDS:
            texts = commitment[field]
            assert set(texts) == set(LANGUAGES)
            assert all(text.strip() for text in texts.values())
            # Every language is its own text, not a copy of the English.
            others = [texts[code] for code in LANGUAGES if code != "en"]
            assert texts["en"] not in others


def test_prefill_writes_every_language(pledge):
    created = prefill_commitments(pledge)
    assert len(created) == 7
    commitments = CommitmentPage.objects.child_of(pledge).order_by("path")
    assert [c.slug for c in commitments] == [c["slug"] for c in COMMITMENTS]
    for commitment, spec in zip(commitments, COMMITMENTS, strict=True):
        assert commitment.live
        assert commitment.target_date == pledge.date_signed + relativedelta(
            months=spec["months"]
        )
        for field in FIELDS:
            for code in LANGUAGES:
                name = build_localized_fieldname(field, code)
                assert getattr(commitment, name) == spec[field][code]


def test_prefill_reads_in_the_readers_language(client, pledge):
    prefill_commitments(pledge)
    html = client.get(url_in(pledge, "ko")).content.decode()
    assert "지역사회에 책임지는 경찰" in html
    html = client.get(url_in(pledge, "ar")).content.decode()
    assert "محاسبة الشرطة أمام المجتمع" in html


def test_prefill_never_adds_twice(pledge):
    prefill_commitments(pledge)
    assert prefill_commitments(pledge) == []
    assert CommitmentPage.objects.child_of(pledge).count() == 7


def test_template_commitments_of_a_draft_pledge_go_live_with_it(pledge_index):
    pledge = PledgePageFactory(parent=pledge_index, live=False)
    prefill_commitments(pledge)
    assert not CommitmentPage.objects.child_of(pledge).live().exists()
    pledge.save_revision().publish()
    assert CommitmentPage.objects.child_of(pledge).live().count() == 7


def pledge_form(**extra):
    data = {
        "title_en": "Lakeview pledge",
        "slug": "lakeview",
        "city_en": "Lakeview",
        "mayor_name": "Ana Park",
        "date_signed": datetime.date(2026, 1, 15).isoformat(),
        "signed_document": "",
        "action-publish": "action-publish",
    }
    for code in LANGUAGE_FIELD_SUFFIXES:
        data[f"local_context_{code}-count"] = "0"
    data.update(extra)
    return data


def test_creating_a_pledge_in_the_admin_starts_from_the_template(
    admin_client, pledge_index
):
    url = f"/admin/pages/add/pledges/pledgepage/{pledge_index.pk}/"
    assert b'name="start_from_template"' in admin_client.get(url).content
    response = admin_client.post(url, pledge_form(start_from_template="on"))
    assert response.status_code == 302
    pledge = PledgePage.objects.get(slug="lakeview")
    assert pledge.live
    assert CommitmentPage.objects.child_of(pledge).live().count() == 7
    edit = admin_client.get(f"/admin/pages/{pledge.pk}/edit/")
    assert b'name="start_from_template"' not in edit.content


def test_the_template_is_optional(admin_client, pledge_index):
    url = f"/admin/pages/add/pledges/pledgepage/{pledge_index.pk}/"
    admin_client.post(url, pledge_form())
    pledge = PledgePage.objects.get(slug="lakeview")
    assert not CommitmentPage.objects.child_of(pledge).exists()
