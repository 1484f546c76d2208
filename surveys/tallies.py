"""Survey results kept as running totals (``ResultCell``), so that showing them
costs the same at ten responses as at a hundred thousand.

Each response's figures are added to its cell in the transaction that stores
it, taken out before it is changed or deleted, and moved to "no forum" or "no
area" when its forum or area is deleted (``surveys.signals``). Changes to a
survey's cells hold the same lock on the survey row as ``surveys.mixing``, so
they queue rather than overwrite each other. :func:`recount` counts the same
figures from the answers themselves; ``rebuild_survey_results`` compares the
two or replaces the totals with the recount.
"""

import functools
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery

from .models import Answer, Response, ResultCell, SurveyPage
from .models.cells import ALL, NONE
from .models.responses import random_key

_shuffle = random.SystemRandom().shuffle
CHUNK = 2000  # ids per query, well under SQLite's limit on parameters


def encode(figures):
    """``figures`` (a Counter keyed as ``surveys.results`` reads them) as JSON:
    "n", "count:<question>:" (text), "count:<question>:c<choice>",
    "count:<question>:v<number>", "point:<question>:<choice>:<number>" (a
    matrix statement's point, a ranked choice's place), "answered|numbers|sum:
    <question>". Zeros are left out; sums are strings so that no decimal is
    rounded."""
    data = {}
    for name, value in figures.items():
        if not value:
            continue
        if name == "n":
            data["n"] = value
            continue
        kind, question = name[0], name[1]
        if kind == "count":
            answer = name[2]
            if answer is None:
                tail = ""
            elif isinstance(answer, Decimal):
                tail = f"v{answer}"
            else:
                tail = f"c{answer}"
            data[f"count:{question}:{tail}"] = value
        elif kind == "point":
            data[f"point:{question}:{name[2]}:{name[3]}"] = value
        else:
            data[f"{kind}:{question}"] = str(value) if kind == "sum" else value
    return data


def decode(data):
    figures = Counter()
    for key, value in data.items():
        if key == "n":
            figures["n"] += value
            continue
        kind, question, *rest = key.split(":")
        question = int(question)
        if kind == "count":
            tail = rest[0]
            if not tail:
                answer = None
            elif tail[0] == "c":
                answer = int(tail[1:])
            else:
                answer = Decimal(tail[1:])
            figures[("count", question, answer)] += value
        elif kind == "point":
            figures[("point", question, int(rest[0]), Decimal(rest[1]))] += value
        elif kind == "sum":
            figures[("sum", question)] += Decimal(value)
        else:
            figures[(kind, question)] += value
    return figures


def response_figures(answers):
    """One response's figures from its ``(question, choice, number)`` answers,
    counted by the same rules as :func:`recount`."""
    figures = Counter(n=1)
    for question, choice, number in answers:
        figures[("count", question, choice if choice else number)] += 1
        if choice and number is not None:
            figures[("point", question, choice, number)] += 1
        if number is not None:
            figures[("numbers", question)] += 1
            figures[("sum", question)] += number
    for question in {answer[0] for answer in answers}:
        figures[("answered", question)] += 1
    return figures


def cell_of(language, forum_id, area_id, day):
    return (language, forum_id, area_id, day.replace(day=1))


def total_of(cell):
    """The survey's total cell that ``cell`` adds to: its language and month."""
    return (cell[0], ALL, ALL, cell[3])


def is_total(cell):
    return cell[1] == ALL


def with_totals(cells):
    """``cells`` ({cell: figures}, or {(survey, cell): figures}) and the totals
    per language and month they add up to."""
    result = defaultdict(Counter)
    for key, figures in cells.items():
        result[key].update(figures)
        paired = isinstance(key[1], tuple)
        cell = key[1] if paired else key
        if is_total(cell):
            continue
        total = total_of(cell)
        result[(key[0], total) if paired else total].update(figures)
    return result


def _lock(survey_ids):
    """The lock ``surveys.mixing`` takes, on each survey in order (no deadlock);
    returns whether each survey is anonymous."""
    rows = SurveyPage.objects.select_for_update(of=("self",)).filter(pk__in=survey_ids)
    return dict(rows.order_by("pk").values_list("pk", "anonymous"))


def _figures_of(response_ids, sign):
    """{(survey id, cell): figures} of the responses as stored now, times ``sign``."""
    changes = defaultdict(Counter)
    for start in range(0, len(response_ids), CHUNK):
        ids = response_ids[start : start + CHUNK]
        answers = defaultdict(list)
        for response, *answer in Answer.objects.filter(response_id__in=ids).values_list(
            "response_id", "question_id", "choice_id", "number"
        ):
            answers[response].append(answer)
        for pk, survey, *cell in Response.objects.filter(pk__in=ids).values_list(
            "pk", "survey_id", "language", "forum_id", "area_id", "submitted_on"
        ):
            figures = response_figures(answers[pk])
            changes[survey, cell_of(*cell)].update(
                {name: sign * value for name, value in figures.items()}
            )
    return changes


@transaction.atomic
def apply(changes):
    """Add ``changes`` ({(survey id, cell): figures}) to the stored cells,
    creating cells as needed and deleting those left with nothing."""
    if not changes:
        return
    changes = with_totals(changes)
    anonymous = _lock({survey for survey, _cell in changes})
    for survey in sorted(anonymous):
        wanted = {cell: change for (s, cell), change in changes.items() if s == survey}
        rows = ResultCell.objects.filter(
            survey_id=survey, month__in={cell[3] for cell in wanted}
        )
        if not anonymous[survey]:
            rows = rows.filter(language__in={cell[0] for cell in wanted})
        stored = {row.key: row for row in rows}
        for cell, change in wanted.items():
            row = stored.get(cell)
            if row is None:
                row = stored[cell] = ResultCell(
                    survey_id=survey,
                    language=cell[0],
                    forum_pk=cell[1] or NONE,
                    area_pk=cell[2] or NONE,
                    month=cell[3],
                )
            figures = decode(row.figures)
            figures.update(change)
            row.figures = encode(figures)
        if anonymous[survey]:
            _rewrite(list(stored.values()))
        else:
            _save(list(stored.values()))


def _save(rows):
    """Update in place: cells that had figures, now without, are deleted."""
    emptied = [r.pk for r in rows if not r.figures and not r._state.adding]
    ResultCell.objects.filter(pk__in=emptied).delete()
    kept = [row for row in rows if row.figures]
    new = [row for row in kept if row._state.adding]
    ResultCell.objects.bulk_create(new)
    old = [row for row in kept if not row._state.adding]
    ResultCell.objects.bulk_update(old, ["figures"], batch_size=500)


def _rewrite(rows):
    """Every cell of the months changed, deleted and inserted again with new
    keys in a random order, as ``surveys.mixing`` rewrites the person side."""
    doomed = ResultCell.objects.filter(
        pk__in=[row.pk for row in rows if not row._state.adding]
    )
    doomed._raw_delete(doomed.db)
    fresh = [
        ResultCell(
            id=random_key(),
            survey_id=row.survey_id,
            language=row.language,
            forum_pk=row.forum_pk,
            area_pk=row.area_pk,
            month=row.month,
            figures=row.figures,
        )
        for row in rows
        if row.figures
    ]
    _shuffle(fresh)
    ResultCell.objects.bulk_create(fresh)


def count_in(response_ids):
    """Add stored responses (with their answers) to their survey's results."""
    apply(_figures_of(list(response_ids), 1))


def take_out(response_ids):
    """Take responses out of the results, before they change or are deleted."""
    apply(_figures_of(list(response_ids), -1))


@transaction.atomic
def merge_into_none(field, pk):
    """Move the cells of a forum or area being deleted (``field`` "forum_pk" or
    "area_pk") to "none", as its responses lose the link."""
    rows = ResultCell.objects.filter(**{field: pk})
    _lock(set(rows.values_list("survey_id", flat=True)))
    changes = defaultdict(Counter)
    for row in rows:
        figures = decode(row.figures)
        changes[row.survey_id, row.key].subtract(figures)
        language, forum, area, month = row.key
        if field == "forum_pk":
            forum = None
        else:
            area = None
        changes[row.survey_id, (language, forum, area, month)].update(figures)
    apply(changes)


# What a stored cell is read by.
CELL_COLUMNS = ("survey_id", "language", "forum_pk", "area_pk", "month", "figures")


def stored(survey_ids, totals=None):
    """{survey id: {cell: figures}} of the stored totals, in one query: only
    the totals per language and month when ``totals`` is true, only the cells
    by forum and area when false, both (as :func:`recount`) when None."""
    cells = {pk: defaultdict(Counter) for pk in survey_ids}
    rows = ResultCell.objects.filter(survey_id__in=survey_ids)
    if totals is not None:
        rows = rows.filter(forum_pk=ALL) if totals else rows.exclude(forum_pk=ALL)
    for row in rows.only(*CELL_COLUMNS):
        cells[row.survey_id][row.key].update(decode(row.figures))
    return cells


@functools.cache
def _survey_cells_query(totals):
    """``stored`` for one survey, compiled once with its key
    (``engage.compiled``): the results page reads it on every view."""
    rows = ResultCell.objects.filter(survey_id=KEY_PLACEHOLDER)
    rows = rows.filter(forum_pk=ALL) if totals else rows.exclude(forum_pk=ALL)
    return CompiledQuery(rows.only(*CELL_COLUMNS))


def survey_cells(survey_id, totals):
    """{cell: figures} of one survey's stored totals, as ``stored`` reads them
    with ``totals`` true or false."""
    cells = defaultdict(Counter)
    for row in _survey_cells_query(totals).rows(survey_id):
        cells[row.key].update(decode(row.figures))
    return cells


def recount(survey_id, responses=Response, answers=Answer):
    """Figures for each (language, forum, area, month) with responses, and
    their totals per language and month, counted from the answers in four
    grouped queries: what the stored cells must equal.
    ``responses`` and ``answers`` are the models (a migration passes its own)."""
    cells = defaultdict(Counter)
    for row in (
        responses.objects.filter(survey_id=survey_id)
        .annotate(month=TruncMonth("submitted_on"))
        .values_list("language", "forum_id", "area_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[row[:4]]["n"] += row[4]
    rows = answers.objects.filter(response__survey_id=survey_id).annotate(
        month=TruncMonth("response__submitted_on")
    )
    where = ("response__language", "response__forum_id", "response__area_id", "month")
    for row in (
        rows.filter(Q(choice__isnull=False) | Q(number__isnull=False))
        .values_list(*where, "question_id", "choice_id", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = row[5] if row[5] else row[6]
        cells[row[:4]][("count", row[4], key)] += row[7]
    for row in (
        rows.filter(choice__isnull=False, number__isnull=False)
        .values_list(*where, "question_id", "choice_id", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[row[:4]][("point", *row[4:7])] += row[7]
    for row in (
        rows.values_list(*where, "question_id")
        .annotate(
            answered=Count("response_id", distinct=True),
            numbers=Count("number"),
            total=Sum("number"),
            texts=Count("id", filter=Q(choice=None, number=None)),
        )
        .order_by()
    ):
        cell, question = cells[row[:4]], row[4]
        cell[("answered", question)] += row[5]
        cell[("numbers", question)] += row[6]
        cell[("sum", question)] += row[7] or 0
        cell[("count", question, None)] += row[8]
    return with_totals(cells)


def cell_rows(survey_id, cells, model=ResultCell):
    return [
        model(
            survey_id=survey_id,
            language=cell[0],
            forum_pk=cell[1] or NONE,
            area_pk=cell[2] or NONE,
            month=cell[3],
            figures=encode(figures),
        )
        for cell, figures in cells.items()
        if any(figures.values())
    ]


@transaction.atomic
def rebuild(survey_id):
    """Replace the survey's totals with a recount of its answers."""
    _lock([survey_id])
    ResultCell.objects.filter(survey_id=survey_id).delete()
    ResultCell.objects.bulk_create(cell_rows(survey_id, recount(survey_id)))


def differences(survey_id):
    """``(cell, figure, stored, counted)`` wherever the totals and a recount
    disagree."""
    kept = stored([survey_id])[survey_id]
    counted = recount(survey_id)
    found = []
    for cell in sorted(set(kept) | set(counted), key=repr):
        mine, theirs = kept.get(cell, Counter()), counted.get(cell, Counter())
        for name in sorted(set(mine) | set(theirs), key=repr):
            if mine[name] != theirs[name]:
                found.append((cell, name, mine[name], theirs[name]))
    return found
