import pytest

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
