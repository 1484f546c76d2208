"""Exports: every response (CSV, XLSX) streamed row by row, and aggregate results
(JSON, CSV) for open-data publication. Labels and forum titles are in the
default language."""

import functools
import json
import tempfile

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from engage.exports import XLSX_CONTENT_TYPE, CsvWriter, stream_csv, write_xlsx
from forums.models import dated_title

from .models import Answer
from .results import compute_results, filter_responses
from .vocabulary import (
    CHOICE_KINDS,
    GRID_KINDS,
    POINT_KINDS,
    QuestionKind,
    value_label,
)

LABELLED_KINDS = CHOICE_KINDS | {QuestionKind.SCALE, QuestionKind.YES_NO}


def _default_label(choice):
    return getattr(choice, build_localized_fieldname("label", settings.LANGUAGE_CODE))


def response_rows(survey, filters=None):
    """The header, then one list per response; rows are built as they stream.

    Responses and answers are read with two cursors in the same order and
    merged, so memory holds one response at a time. Cells are as stored: the
    writers of ``engage.exports`` make them formula-safe.
    """
    questions = list(survey.questions.prefetch_related("choices"))
    choices = {c.pk: c for q in questions for c in q.choices.all()}
    header = ["response", "date", "language", "source", "area", "forum"]
    for question in questions:
        if question.kind in GRID_KINDS:
            # A column per statement or ranked choice: its point or its place.
            for choice in question.choices.all():
                header.append(f"{question.key}_{choice.code}")
                if question.kind == QuestionKind.MATRIX:
                    header.append(f"{question.key}_{choice.code}_label")
            continue
        header.append(question.key)
        if question.kind in LABELLED_KINDS:
            header.append(f"{question.key}_label")
        if question.kind in CHOICE_KINDS and question.allow_other:
            header.append(f"{question.key}_other")
    yield header

    responses = filter_responses(survey, filters)
    if responses.count() < settings.SURVEYS_MIN_GROUP_SIZE:
        return
    answer_rows = (
        Answer.objects.filter(response__in=responses)
        .order_by("response_id")
        .values_list("response_id", "question_id", "choice_id", "number", "text")
        .iterator(chunk_size=5000)
    )
    pending = next(answer_rows, None)
    forum_title = "forum__" + build_localized_fieldname("title", settings.LANGUAGE_CODE)
    # A series' forums share a title: the date beside it tells them apart. Once
    # per forum, not per row.
    forum_name = functools.cache(dated_title)
    with translation.override(settings.LANGUAGE_CODE):
        for response in (
            responses.order_by("id")
            .values_list(
                "id",
                "submitted_on",
                "language",
                "source",
                "area__slug",
                forum_title,
                "forum__series_id",
                "forum__start",
            )
            .iterator(chunk_size=2000)
        ):
            collected = {}
            while pending is not None and pending[0] == response[0]:
                collected.setdefault(pending[1], []).append(pending[2:])
                pending = next(answer_rows, None)
            row = [
                str(response[0]),
                response[1].isoformat(),
                response[2],
                response[3],
                response[4] or "",
                forum_name(response[5] or "", response[6], response[7]),
            ]
            for question in questions:
                row.extend(_cells(question, collected.get(question.pk, []), choices))
            yield row


def _cells(question, answers, choices):
    kind = question.kind
    if kind in GRID_KINDS:
        given = {a[0]: int(a[1]) for a in answers if a[1] is not None}
        cells = []
        for choice in question.choices.all():
            value = given.get(choice.pk)
            cells.append("" if value is None else value)
            if kind == QuestionKind.MATRIX:
                label = "" if value is None else str(value_label(question, value))
                cells.append(label)
        return cells
    if kind == QuestionKind.DATE:
        return [answers[0][2] if answers else ""]
    if kind in CHOICE_KINDS:
        picked = [choices[a[0]] for a in answers if a[0] in choices]
        cells = [
            ";".join(c.code for c in picked),
            ";".join(_default_label(c) for c in picked),
        ]
        if question.allow_other:
            cells.append(" ".join(a[2] for a in answers if a[0] is None))
        return cells
    if kind in POINT_KINDS:
        value = answers[0][1] if answers else None
        number = "" if value is None else int(value)
        if kind in LABELLED_KINDS:
            # Text now, in the default language: a lazy label would be read
            # later, in whatever language is active while the file is written.
            label = "" if value is None else str(value_label(question, int(value)))
            return [number, label]
        return [number]
    if kind == QuestionKind.NUMBER:
        value = answers[0][1] if answers else None
        return ["" if value is None else value]
    return [answers[0][2] if answers else ""]


def _filename(survey, extension):
    return f"{survey.slug}-responses.{extension}"


def responses_csv(survey, filters=None):
    response = StreamingHttpResponse(
        stream_csv(response_rows(survey, filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(survey, "csv")}"'
    )
    return response


def responses_xlsx(survey, filters=None):
    """openpyxl's write-only mode spools rows to disk; the file is then streamed."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(response_rows(survey, filters), handle, "responses")
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(survey, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


def aggregate_data(survey, filters=None):
    """Results as plain data in the default language, suppression applied."""
    with translation.override(settings.LANGUAGE_CODE):
        results = compute_results(survey, filters, quotes=False)
        return {
            "survey": survey.title,
            "slug": survey.slug,
            "responses": results.total,
            "suppressed": results.suppressed,
            "min_group_size": results.min_group,
            "filters": {k: str(v) for k, v in (filters or {}).items()},
            "response_rate": results.response_rate,
            "questions": [
                {
                    "key": item.question.key,
                    "kind": item.question.kind,
                    "text": item.question.text,
                    "answered": item.answered,
                    "mean": item.mean,
                    "answers": [_answer_data(row) for row in item.rows],
                    **_statements_data(item),
                }
                for item in results.questions
            ],
        }


def _answer_data(row):
    data = {
        "code": row.code,
        "label": str(row.label),
        "count": row.count,
        "share": row.share,
    }
    if row.mean is not None:
        data["mean_rank"] = row.mean
    return data


def _statements_data(item):
    """A matrix question's figures, statement by statement."""
    if item.question.kind != QuestionKind.MATRIX:
        return {}
    return {
        "statements": [
            {
                "code": statement.code,
                "label": str(statement.label),
                "answered": statement.answered,
                "mean": statement.mean,
                "answers": [_answer_data(row) for row in statement.rows],
            }
            for statement in item.statements
        ]
    }


def aggregate_json(survey, filters=None):
    return HttpResponse(
        json.dumps(aggregate_data(survey, filters), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )


def aggregate_csv(survey, filters=None):
    data = aggregate_data(survey, filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{survey.slug}-results.csv"'
    )
    writer = CsvWriter(response)
    writer.writerow(
        [
            "question",
            "question_text",
            "answered",
            "mean",
            "answer",
            "label",
            "count",
            "share",
        ]
    )
    suppressed = f"suppressed (protects groups under {data['min_group_size']})"
    if data["suppressed"]:
        writer.writerow(["", suppressed, "", "", "", "", "", ""])
    for item in data["questions"]:
        for line in _csv_lines(item, suppressed):
            writer.writerow(line)
    return response


def _csv_lines(item, suppressed):
    """A question's rows of the results CSV: a matrix statement's rows carry its
    own number who answered and mean, a ranked choice's row its mean rank."""
    parts = [(item, item["answers"], "")]
    for statement in item.get("statements", []):
        parts.append((statement, statement["answers"], f"{statement['code']}."))
    for figures, answers, prefix in parts:
        if prefix and figures["answered"] is None:
            yield [
                item["key"],
                item["text"],
                suppressed,
                "",
                prefix[:-1],
                figures["label"],
                "",
                "",
            ]
            continue
        base = [
            item["key"],
            item["text"],
            suppressed if figures["answered"] is None else figures["answered"],
            "" if figures["mean"] is None else round(figures["mean"], 3),
        ]
        if not answers and not prefix:
            yield base + ["", "", "", ""]
        for answer in answers:
            count = suppressed if answer["count"] is None else answer["count"]
            share = "" if answer["share"] is None else round(answer["share"], 4)
            line = base + [prefix + answer["code"], answer["label"], count, share]
            if "mean_rank" in answer:
                line[3] = round(answer["mean_rank"], 3)
            yield line
