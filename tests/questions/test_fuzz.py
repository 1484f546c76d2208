"""Junk sent to the question form: it never raises, never stores half a row,
and what it stores is exactly what was typed (escaped wherever it is shown)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questions.forms import QuestionForm
from questions.models import Question
from tests.security.fuzz import FUZZ, PAYLOADS, any_text, controls

junk = st.one_of(any_text, controls, st.sampled_from(PAYLOADS))


@FUZZ
@given(text=junk, language=junk, topic=junk, website=st.sampled_from(["", "x"]))
def test_the_form_never_raises(text, language, topic, website):
    form = QuestionForm(
        {"text": text, "language": language, "topic": topic, "website": website}
    )
    if form.is_valid():
        assert form.cleaned_data["text"] == text.strip()
        assert "\x00" not in text and not website
    else:
        assert form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_page_answers_junk_without_a_server_error(client, board, payload):
    url = f"/en/q/{board.code}/"
    response = client.post(url, {"text": payload, "language": payload})
    assert response.status_code == 200  # the language is never valid here
    assert Question.objects.count() == 0
    accepted = client.post(url, {"text": payload, "language": "en"})
    if accepted.status_code == 302:
        assert Question.objects.get().text == payload.strip()
    else:
        assert accepted.status_code == 200 and Question.objects.count() == 0
