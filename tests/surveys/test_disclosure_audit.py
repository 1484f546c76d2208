"""The disclosure auditor: an attacker's view of everything the site publishes.

Surveys with small groups are built; every figure the site publishes about them,
in every view a visitor can ask for (whole survey, each language, forum, area and
range of whole months) and every format (results page, JSON, CSV, trend page), is
collected and written as integer constraints on the unknown responses: how many of
each (language, forum, area, month) cell gave each answer. For every small count
(1 to SURVEYS_MIN_GROUP_SIZE - 1) that is not shown, an integer program finds its
least and greatest possible values: they must differ.
"""

import csv
import datetime
import io
import itertools
import json
import random
import re
from html import unescape

import numpy as np
import pytest
from django.conf import settings

from engage.i18n import LANGUAGE_CODES
from engage.models import Area
from tests.factories.forums import make_forum
from tests.factories.surveys import add_responses, make_survey

from .auditor import PATTERNS, QUESTIONS, STATEMENTS, Model, counted_in

pytestmark = pytest.mark.django_db

MINIMUM = settings.SURVEYS_MIN_GROUP_SIZE


def month_end(first):
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def test_the_auditor_finds_the_attacks_on_plain_suppression():
    """Bus 5, car "fewer than 5", walk 0, answered by 7: car is 2. And a total
    minus the visible languages gives the hidden one."""
    model = Model([("en",), ("ko",)])
    everyone = [("en",), ("ko",)]
    model.add(model.answered(everyone, "mode"), 7, 7)
    model.add(model.count(everyone, "mode", "bus"), 5, 5)
    model.add(model.count(everyone, "mode", "walk"), 0, 0)
    assert model.span(model.count(everyone, "mode", "car")) == (2, 2)
    model.add(model.size(everyone), 12, 12)
    model.add(model.size([("en",)]), 9, 9)
    assert model.span(model.size([("ko",)])) == (3, 3)


# Reading what is published ---------------------------------------------------


def number(text):
    return float(text.replace(",", ""))


def table_rows(html):
    """(label, count or None, percent text, mean rank text or None) of each row
    of the results tables in ``html``."""
    rows = []
    for label, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', html, re.S):
        tds = [td.strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        if tds[0] == "not shown":
            count, share, rest = None, None, tds[1:]
        else:
            count, share, rest = number(tds[0]), tds[1], tds[2:]
        # A ranking has a mean rank cell before the bar.
        mean = rest[0] if len(rest) == 2 else None
        rows.append((unescape(label), count, share, mean))
    return rows


def read_statements(parts):
    statements = []
    for part in parts:
        mean = re.search(r"Mean: ([\d.,]+)\.", part)
        statements.append(
            {
                "label": unescape(part.split(">", 1)[1].split("</h3>", 1)[0]),
                "mean": mean.group(1) if mean else None,
                "rows": table_rows(part),
                "withheld": "Not shown here" in part,
            }
        )
    return statements


def read_page(html):
    """The figures of the results page: total, and per question its state,
    answered, mean, rows (label, count or None, percent text, mean rank) and a
    matrix's statements."""
    body = html.split('aria-labelledby="about-numbers"')[0]
    body = body.split('class="filters"', 1)[1].split("</form>", 1)[1]
    total = re.search(r"<dt>Responses</dt><dd>([\d,]+)</dd>", body)
    page = {"total": number(total.group(1)) if total else None, "questions": {}}
    for section in re.findall(
        r'<section class="survey-result".*?</section>', body, re.S
    ):
        heading = unescape(re.search(r"<h2[^>]*>\d+\. (.*?)</h2>", section).group(1))
        section, *statements = section.split('<h3 id="statement-')
        answered = re.search(r"Answered by ([\d,]+) (?:person|people)", section)
        mean = re.search(r"Mean: ([\d.,]+)\.", section)
        page["questions"][heading] = {
            "answered": number(answered.group(1)) if answered else None,
            "mean": mean.group(1) if mean else None,
            "rows": table_rows(section),
            "small": "Fewer than 5 responses." in section,
            "withheld": "Not shown here" in section,
            "statements": read_statements(statements),
        }
    return page


def read_csv(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    figures = {}
    for row in rows:
        if row["question"]:
            figures.setdefault(row["question"], {"answered": row["answered"]})
            if row["answer"]:
                figures[row["question"]][row["answer"]] = row["count"]
                figures[row["question"]][f"{row['answer']}:mean"] = row["mean"]
    return figures


def check_formats_agree(data, page, text):
    """The page and the CSV show exactly the JSON's figures."""
    assert page["total"] == (data["responses"] or None)
    spreadsheet = read_csv(text)
    hidden = f"suppressed (protects groups under {MINIMUM})"
    for question in data["questions"]:
        shown = page["questions"][question["text"]]
        assert shown["answered"] == question["answered"]
        if question["mean"] is None:
            assert shown["mean"] is None
        else:
            assert shown["mean"] == f"{question['mean']:.2f}"
        check_rows_agree(question["answers"], shown["rows"], question["answered"])
        row = spreadsheet[question["key"]]
        expected = question["answered"]
        assert row["answered"] == (hidden if expected is None else str(expected))
        for answer in question["answers"]:
            count = answer["count"]
            assert row[answer["code"]] == (hidden if count is None else str(count))
            if "mean_rank" in answer:
                assert row[f"{answer['code']}:mean"] == str(
                    round(answer["mean_rank"], 3)
                )
        statements = question.get("statements", [])
        assert len(statements) == len(shown["statements"])
        for statement, seen in zip(statements, shown["statements"], strict=True):
            assert seen["label"] == statement["label"]
            if statement["answered"] is None:
                assert seen["withheld"] and seen["rows"] == []
                assert row[statement["code"]] == ""
                continue
            mean = statement["mean"]
            assert seen["mean"] == (None if mean is None else f"{mean:.2f}")
            check_rows_agree(statement["answers"], seen["rows"], statement["answered"])
            for answer in statement["answers"]:
                count = answer["count"]
                code = f"{statement['code']}.{answer['code']}"
                assert row[code] == (hidden if count is None else str(count))


def check_rows_agree(answers, rows, answered):
    assert [(label, count) for label, count, _share, _mean in rows] == [
        (a["label"], a["count"]) for a in answers
    ]
    for answer, (_label, _count, share, mean) in zip(answers, rows, strict=True):
        if answer["count"] is not None:
            assert answer["share"] == answer["count"] / answered
            assert abs(number(share.rstrip("%")) - answer["share"] * 100) <= 0.5
        if "mean_rank" in answer:
            assert mean == f"{answer['mean_rank']:.2f}"
        else:
            assert mean in (None, "not shown")


# The audited survey -----------------------------------------------------------

MONTHS = [datetime.date(2025, 12, 1)] + [
    datetime.date(2026, m, 1) for m in (1, 2, 3, 4)
]


def shuffled(rng, counts):
    """Values with exactly the given counts, in random order."""
    values = [value for value, count in counts for _i in range(count)]
    rng.shuffle(values)
    return values


def build(survey_index, forum_index, seed):
    """70 responses with one small language (Korean, 3), responses without a
    forum (4) or an area (3), one small month (March, 3), and in the whole survey
    one small answer in each of three questions (walk 3, trust 1 2, no 4), and
    an answer (b, 8) shown for the whole survey but small in most groups; small
    answers of the later kinds too (south 3; a statement rated 1 by 3, another
    5 by 3; youth ranked first by 2; parks ranked last by 2 while every first
    is large; 2 calls in March); the
    other attributes and answers are spread at random across them."""
    rng = random.Random(seed)
    areas = [
        Area.objects.create(name=f"Ward {i}", slug=f"ward-{seed}-{i}") for i in (1, 2)
    ]
    forum = make_forum(forum_index, title="Northside forum")
    survey = make_survey(
        survey_index, QUESTIONS, results_public=True, ask_area=True, forum=forum
    )
    columns = [
        shuffled(rng, [("en", 40), ("es", 20), ("vi", 7), ("ko", 3)]),
        shuffled(rng, [(forum, 66), (None, 4)]),
        shuffled(rng, [(areas[0], 35), (areas[1], 32), (None, 3)]),
        shuffled(rng, [(MONTHS[1], 40), (MONTHS[2], 27), (MONTHS[3], 3)]),
        shuffled(rng, [("bus", 45), ("car", 18), ("walk", 3), (None, 4)]),
        shuffled(rng, [(["a"], 44), (["b"], 4), (["a", "b"], 4), (None, 18)]),
        shuffled(rng, [(1, 2), (2, 10), (3, 20), (4, 25), (5, 8), (None, 5)]),
        shuffled(rng, [(1, 60), (0, 4), (None, 6)]),
        shuffled(rng, [(40, 50), (None, 20)]),
        shuffled(rng, [("north", 60), ("south", 3), (None, 7)]),
    ]
    # Rated all or none: the two statements' ratings paired at random.
    fair = shuffled(rng, [(5, 30), (4, 20), (3, 10), (1, 3)])
    listen = shuffled(rng, [(4, 40), (2, 20), (5, 3)])
    rated = shuffled(rng, [(pair, 1) for pair in zip(fair, listen, strict=True)])
    rated += [None] * 7
    rng.shuffle(rated)
    columns += [
        [pair and pair[0] for pair in rated],
        [pair and pair[1] for pair in rated],
    ]
    columns.append(
        shuffled(
            rng,
            [
                (("p", "l", "y"), 30),
                (("l", "p", "y"), 20),
                (("y", "p", "l"), 2),
                (("p", "y", "l"), 8),
                (None, 10),
            ],
        )
    )
    # Every first shown, but two put parks last: the mean places would tell.
    columns.append(
        shuffled(
            rng,
            [
                (("p", "l", "y"), 30),
                (("l", "p", "y"), 20),
                (("p", "y", "l"), 8),
                (("l", "y", "p"), 2),
                (None, 10),
            ],
        )
    )
    columns.append(
        shuffled(rng, [("2026-01", 40), ("2026-02", 22), ("2026-03", 2), (None, 6)])
    )
    records = []
    for language, at_forum, area, month, *given in zip(*columns, strict=True):
        answers = {
            key: value
            for key, value in zip(PATTERNS, given, strict=True)
            if value is not None
        }
        add_responses(
            survey,
            1,
            as_stored(answers),
            language=language,
            forum=at_forum,
            area=area,
            on=month + datetime.timedelta(days=rng.randrange(28)),
        )
        cell = (language, at_forum and at_forum.pk, area and area.pk, month)
        records.append((cell, answers))
    return survey, forum, areas, records


def as_stored(answers):
    """The record's answers as ``add_responses`` takes them: a matrix's ratings
    by statement, a ranking's codes from first to last, a date."""
    stored = {key: value for key, value in answers.items() if "." not in key}
    for key, statements in STATEMENTS.items():
        rated = {s.split(".")[1]: answers[s] for s in statements if s in answers}
        if rated:
            stored[key] = rated
    for key in ("order", "rank"):
        if key in stored:
            stored[key] = list(stored[key])
    if "when" in stored:
        year, month = map(int, stored["when"].split("-"))
        stored["when"] = datetime.date(year, month, 10)
    return stored


def views(forum, areas):
    """Every view a visitor can ask for: (query, the cells it adds up)."""
    found = [({}, lambda cell: True)]
    for code in LANGUAGE_CODES:
        found.append(({"language": code}, lambda cell, c=code: cell[0] == c))
    found.append(({"forum": forum.pk}, lambda cell: cell[1] == forum.pk))
    for area in areas:
        found.append(({"area": area.pk}, lambda cell, a=area.pk: cell[2] == a))
    for first, last in itertools.combinations_with_replacement(range(len(MONTHS)), 2):
        start, end = MONTHS[first], month_end(MONTHS[last])
        keep = lambda cell, s=start, e=end: s <= cell[3] <= e  # noqa: E731
        found.append(({"start": start, "end": end}, keep))
        if last == len(MONTHS) - 1:
            found.append(({"start": start}, keep))
        if first == 0:
            found.append(({"end": end}, keep))
    return found


def truth(records, keep):
    """The real figures of the responses in the cells ``keep`` selects."""
    chosen = [answers for cell, answers in records if keep(cell)]
    figures = {("n",): len(chosen)}
    for key, patterns in PATTERNS.items():
        given = [a[key] for a in chosen if key in a]
        figures[(key,)] = len(given)
        for pattern in patterns:
            for code in counted_in(key, pattern):
                figures[(key, code)] = sum(
                    1 for value in given if code in counted_in(key, normal(key, value))
                )
    return figures


def normal(key, value):
    return tuple(value) if key == "help" else value


def collect(client, survey, forum, areas):
    """Every view in every format: (query, cells selector, JSON, page figures)."""
    seen = []
    for query, keep in views(forum, areas):
        params = "&".join(f"{k}={v}" for k, v in query.items())
        data = json.loads(
            client.get(f"/en/survey-data/{survey.pk}/results.json?{params}").content
        )
        text = client.get(f"/en/survey-data/{survey.pk}/results.csv?{params}")
        page = client.get(f"{survey.url}results/?{params}")
        assert page.status_code == 200
        read = read_page(page.content.decode())
        if data["suppressed"]:
            assert read["total"] is None and data["questions"] == []
        else:
            check_formats_agree(data, read, text.content.decode())
        seen.append((query, keep, data, read))
    return seen


def audit(seen, cells):
    """The constraints an attacker can write from what was ``seen``. Cells in a
    view published as empty are left out: they can only be zero."""
    empty = {
        cell
        for _query, keep, data, _read in seen
        if data["responses"] == 0
        for cell in cells
        if keep(cell)
    }
    model = Model([cell for cell in cells if cell not in empty])
    withheld = {}
    for query, keep, data, read in seen:
        chosen = [cell for cell in cells if keep(cell)]
        dimension = next(iter(query), "")
        dimension = "month" if dimension in ("start", "end") else dimension
        if dimension:
            withheld.setdefault(dimension, []).append(
                chosen if data["suppressed"] else None
            )
        if data["suppressed"]:
            continue
        model.add(model.size(chosen), data["responses"], data["responses"])
        for question in data["questions"]:
            key = question["key"]
            answered = question["answered"]
            if answered is None:
                if read["questions"][question["text"]]["small"]:
                    model.add(model.answered(chosen, key), 1, MINIMUM - 1)
                continue
            add_answers(model, chosen, key, question)
            for statement in question.get("statements", []):
                if statement["answered"] is not None:
                    add_answers(model, chosen, f"{key}.{statement['code']}", statement)
    # A withheld group has responses, unless its whole dimension is withheld.
    for groups in withheld.values():
        if None in groups:
            for chosen in filter(None, groups):
                model.add(model.size(chosen), 1, np.inf)
    return model


def add_answers(model, chosen, key, figures):
    """The constraints of one question's (or matrix statement's) figures."""
    answered = figures["answered"]
    model.add(model.answered(chosen, key), answered, answered)
    for answer in figures["answers"]:
        target = model.count(chosen, key, answer["code"])
        if answer["count"] is None:
            model.add(target, 1, np.inf)  # only non-zero counts are hidden
        else:
            model.add(target, answer["count"], answer["count"])
        if "mean_rank" in answer:
            total = answer["mean_rank"] * answered
            target = model.ranked(chosen, key, answer["code"])
            model.add(target, total - 1e-6, total + 1e-6)
    if figures["mean"] is not None and key != "age":
        total = figures["mean"] * answered
        model.add(model.weighted(chosen, key), total - 1e-6, total + 1e-6)


def targets(records, forum, areas):
    """Every group a figure could be about: the views and the groups that cannot
    be chosen (no forum, no area)."""
    groups = [(query, keep) for query, keep in views(forum, areas)]
    groups.append(({"forum": None}, lambda cell: cell[1] is None))
    groups.append(({"area": None}, lambda cell: cell[2] is None))
    return groups


def figure_target(model, chosen, figure):
    if figure == ("n",):
        return model.size(chosen)
    if len(figure) == 1:
        return model.answered(chosen, figure[0])
    return model.count(chosen, *figure)


def shown_value(data, figure):
    if data is None:
        return None
    if figure == ("n",):
        return data["responses"]
    key, _dot, code = figure[0].partition(".")
    question = next((q for q in data["questions"] if q["key"] == key), None)
    if question is not None and code:
        statements = question.get("statements", [])
        question = next((s for s in statements if s["code"] == code), None)
    if question is None:
        return None
    if len(figure) == 1:
        return question["answered"]
    answer = next((a for a in question["answers"] if a["code"] == figure[1]), None)
    return answer and answer["count"]


@pytest.mark.slow
def test_no_hidden_small_count_can_be_worked_out(survey_index, forum_index, client):
    survey, forum, areas, records = build(survey_index, forum_index, 15)
    seen = collect(client, survey, forum, areas)
    cells = list(
        itertools.product(
            LANGUAGE_CODES, [forum.pk, None], [a.pk for a in areas] + [None], MONTHS
        )
    )
    model = audit(seen, cells)
    shown = {json.dumps(q, default=str, sort_keys=True): d for q, _k, d, _r in seen}
    checked, determined = {}, []
    for query, keep in targets(records, forum, areas):
        chosen = [cell for cell in cells if keep(cell)]
        data = shown.get(json.dumps(query, default=str, sort_keys=True))
        for figure, value in truth(records, keep).items():
            if not 0 < value < MINIMUM:
                continue
            # A small count is never shown...
            assert shown_value(data, figure) is None, (query, figure, value)
            # ...and cannot be worked out from everything that is.
            target = figure_target(model, chosen, figure)
            key = frozenset(target.items())
            if key not in checked:
                checked[key] = model.determined(target, value)
            if checked[key]:
                determined.append((query, figure, value))
    assert len(checked) > 20 and determined == []
    # The trend page shows the whole survey's figures, nothing more.
    everyone = seen[0][2]
    for question in everyone["questions"]:
        if question["kind"] in ("scale", "yes_no", "number"):
            html = client.get(f"/en/survey-trends/{question['key']}/").content.decode()
            row = re.search(r"</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", html, re.S)
            if question["answered"] is None:
                assert "fewer than 5 responses" in html
                continue
            assert number(row.group(1)) == question["answered"]
            mean = question["mean"]
            if question["kind"] == "yes_no":
                yes = next(a for a in question["answers"] if a["code"] == "1")
                mean = None if yes["count"] is None else yes["share"]
                expected = "–" if mean is None else f"{mean * 100:.1f}%"
            else:
                expected = "–" if mean is None else f"{mean:.1f}"
            assert row.group(2) == expected
