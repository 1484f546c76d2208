import re

import pytest
from babel.dates import format_skeleton
from django.utils import timezone

from engage.i18n import LANGUAGE_CODES, babel_locale
from surveys.demo import build
from surveys.models import Answer, InvitationCode, Response, SurveyPage
from surveys.trends import compute_trend

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(home, client):

    build(home)
    counts = (
        SurveyPage.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        InvitationCode.objects.count(),
    )
    build(home)
    assert counts == (
        SurveyPage.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        InvitationCode.objects.count(),
    )

    trust = Response.objects.filter(survey__slug__startswith="community-trust")
    assert trust.count() >= 300
    assert trust.values("language").distinct().count() >= 4
    trend = compute_trend("trust-police")
    values = [p.value for p in trend.plotted]
    assert len(values) >= 4 and values[-1] > values[0]

    feedback = SurveyPage.objects.get(slug="forum-feedback")
    assert feedback.questions.exclude(condition_key="").count() == 2
    assert InvitationCode.objects.filter(survey=feedback, used=False).exists()

    html = client.get("/en/").content.decode()
    assert "Have your say" in html and "Community trust check-in" in html
    assert client.get("/es/survey-trends/trust-police/").status_code == 200
    latest = SurveyPage.objects.filter(slug__startswith="community-trust").last()
    assert client.get(latest.url + "results/").status_code == 200


def test_monthly_survey_titles_name_the_month_in_words(full_demo):
    """“2026-12” inside an Arabic title reads “12-2026”: each language names the
    month its own way instead."""
    survey = SurveyPage.objects.get(slug="community-trust-check-in-6")
    opens = timezone.localdate(survey.opens_at)
    month = {
        code: format_skeleton("yMMMM", opens, locale=babel_locale(code))
        for code in LANGUAGE_CODES
    }
    assert {
        code: getattr(survey, f"title_{code.replace('-', '_')}") for code in month
    } == {
        "en": f"Community trust check-in {month['en']}",
        "es": f"Encuesta de confianza comunitaria: {month['es']}",
        "vi": f"Khảo sát niềm tin cộng đồng {month['vi']}",
        "zh-hans": f"社区信任调查（{month['zh-hans']}）",
        "ar": f"استطلاع الثقة المجتمعية، {month['ar']}",
        "ko": f"지역사회 신뢰 설문 ({month['ko']})",
    }
    assert not re.search(r"\d-\d", survey.title_ar)
