"""Storing anonymous responses so that nothing orders them against their codes
or the people who took part.

A database keeps traces of when a row was written beyond its columns: SQLite
stores rows by a row id that grows with each insert, PostgreSQL stamps each row
version with the id of the transaction that wrote it (``xmin``) and stores it
after the ones written before. Spending a code (or recording that a signed-in
resident took part) and writing the response happen in separate transactions
(``services.submit_response``); then, in the response's transaction,
:func:`mix` rewrites:

- every used code and every participation record of the survey, deleted and
  inserted again in a random order (participations with new random keys), so
  all of them carry the same transaction id and no order: the person side says
  who has answered, never who answered when;
- the pool of responses not yet mixed, with their answers, inserted again in a
  random order; once the pool holds ``SURVEYS_MIN_GROUP_SIZE`` responses they
  are marked mixed and left alone. The responses' own order is thus known only
  to within a group of that size, and nothing on the person side can be
  matched to it.

Left for an operator who watches writes as they happen (statement or
write-ahead logs, replication, backups taken between two responses): they see
each request itself and no database layout can hide it.
"""

import random

from django.db.models import Exists, OuterRef

from .models import Answer, InvitationCode, Participation, Response, SurveyPage

_shuffle = random.SystemRandom().shuffle


def _shuffled(rows):
    rows = list(rows)
    _shuffle(rows)
    return rows


def _delete_exactly(model, rows):
    """Delete ``rows`` and not rows written meanwhile by others. A raw delete:
    the rows come straight back, so no deletion signal or cascade is wanted."""
    doomed = model.objects.filter(pk__in=[row.pk for row in rows])
    doomed._raw_delete(doomed.db)


def _rewrite(model, rows):
    """``rows`` deleted and inserted again, in a random order."""
    _delete_exactly(model, rows)
    return model.objects.bulk_create(_shuffled(rows))


def mix(survey, group_size):
    """Rewrite the survey's person-side rows and its pool of unmixed responses;
    call inside the transaction that stored the newest response."""
    # One mixer at a time per survey, so two never rewrite the same rows.
    lock = SurveyPage.objects.select_for_update(of=("self",)).filter(pk=survey.pk)
    list(lock.values_list("pk", flat=True))
    linked = Response.objects.filter(code=OuterRef("pk"))
    codes = InvitationCode.objects.filter(survey=survey, used=True)
    _rewrite(InvitationCode, list(codes.exclude(Exists(linked)).select_for_update()))
    people = list(Participation.objects.filter(survey=survey).select_for_update())
    _delete_exactly(Participation, people)
    Participation.objects.bulk_create(
        _shuffled(
            Participation(survey_id=p.survey_id, user_id=p.user_id) for p in people
        )
    )
    # Locked, so that an answer approved meanwhile is not written back as it was.
    pool = list(Response.objects.filter(survey=survey, mixed=False).select_for_update())
    answers = list(Answer.objects.filter(response__in=pool).select_for_update())
    _delete_exactly(Answer, answers)
    for response in pool:
        response.mixed = len(pool) >= group_size
    order = _rewrite(Response, pool)
    place = {response.pk: index for index, response in enumerate(order)}
    Answer.objects.bulk_create(
        sorted(_shuffled(answers), key=lambda answer: place[answer.response_id])
    )
