import pytest

from tests.factories.surveys import ALL_KINDS, make_survey


@pytest.fixture
def survey(survey_index):
    return make_survey(survey_index, ALL_KINDS, title="Everything")
