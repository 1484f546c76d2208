"""Results totals under responses sent at the same moment: none is lost or
counted twice, anonymous (mixed) or not, in the same cell or in others."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from surveys import services, tallies
from surveys.models import Response, Source
from surveys.results import add_up, count_cells
from tests.factories.surveys import ALL_KINDS, make_survey

from .test_result_totals import answer_rows

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
THREADS = 12
EACH = 3


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason=(
        "Needs PostgreSQL (set DATABASE_URL): the test database on SQLite is in "
        "memory and IMMEDIATE transactions already serialise every writer."
    ),
)
# The flush after a transactional test removes the root page the migrations made;
# restoring the serialised contents puts it back whatever ran before on this worker.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_responses_are_each_counted_once(survey_index):
    anonymous = make_survey(survey_index, ALL_KINDS, title="Anonymous")
    named = make_survey(survey_index, ALL_KINDS, title="Named", anonymous=False)
    barrier = threading.Barrier(THREADS)
    errors = []

    def send(number):
        try:
            barrier.wait()
            for turn in range(EACH):
                survey = anonymous if (number + turn) % 2 else named
                services.submit_response(
                    survey,
                    answer_rows(
                        survey,
                        {
                            "pick": "agree" if number % 3 else "disagree",
                            "many": ["a", "Bikes"],
                            "scale": number % 7 + 1,
                            "age": Decimal("20.5") + number,
                        },
                    ),
                    # Half in one cell, the rest spread over others.
                    language="en" if number % 2 else ["es", "vi", "ko"][turn],
                    source=Source.PAPER if turn == 2 else Source.WEB,
                )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for survey in (anonymous, named):
        assert tallies.differences(survey.pk) == []
        stored = Response.objects.filter(survey=survey).count()
        assert add_up(count_cells(survey))["n"] == stored
    assert Response.objects.count() == THREADS * EACH
