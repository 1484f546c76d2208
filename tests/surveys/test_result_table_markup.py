"""``{% result_table %}`` writes its rows with f-strings rather than
``format_html``: each table must be, character for character, what the
``format_html`` version below (as it was) wrote, for rows shown and withheld,
ranked and not, labels typed with markup and choices shown untranslated, in
several languages."""

import pytest
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from engage.templatetags.engage_tags import format_number, format_percent
from surveys.templatetags.survey_results import BAR, _choices, _label, result_table
from surveys.vocabulary import QuestionKind
from tests.factories.surveys import ALL_KINDS, NEW_KINDS, make_survey
from tests.surveys.test_result_section_markup import items

pytestmark = pytest.mark.django_db


def reference_table(question, rows, caption, part=""):
    suffix = f"-{part}" if part else ""
    caption_id = f"answers-{question.pk}{suffix}-caption"
    ranking = question.kind == QuestionKind.RANKING
    choices = _choices(question)
    headings = [
        gettext("Answer"),
        gettext("Ranked first") if ranking else gettext("Responses"),
        gettext("Share"),
    ]
    if ranking:
        headings.append(gettext("Mean rank"))
    not_shown = gettext("not shown")
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((reference_row(r, choices, ranking, not_shown),) for r in rows),
    )
    return format_html(
        '<div class="table-scroll" role="region" aria-labelledby="{}" tabindex="0">'
        '<table class="survey-bars">'
        '<caption class="visually-hidden" id="{}">{}</caption>'
        "<thead><tr>{}"
        '<th scope="col"><span class="visually-hidden">{}</span></th></tr></thead>'
        "<tbody>{}</tbody></table></div>",
        caption_id,
        caption_id,
        caption,
        format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headings)),
        gettext("Bar chart"),
        body,
    )


def reference_row(row, choices, ranking, not_shown):
    if row.suppressed:
        figures = format_html('<td colspan="2">{}</td>', not_shown)
        bar = format_html('<td aria-hidden="true">{}</td>', "")
    else:
        figures = format_html(
            "<td>{}</td><td>{}</td>",
            format_number(row.count),
            format_percent(row.share),
        )
        bar = format_html(BAR, row.bar)
    mean = ""
    if ranking:
        shown = not_shown if row.mean is None else format_number(row.mean, 2)
        mean = format_html("<td>{}</td>", shown)
    label = _label(row, choices)
    return format_html('<th scope="row">{}</th>{}{}{}', label, figures, mean, bar)


def tables(survey):
    """(question, rows, caption, part) of every table the results draw."""
    for item in items(survey):
        if item.rows:
            yield item.question, item.rows, f"Answers to <{item.number}>", ""
        for number, statement in enumerate(item.statements or [], start=1):
            if not statement.suppressed:
                label = _label(statement, _choices(item.question))
                yield item.question, statement.rows, label, number


@pytest.mark.parametrize("language", ["en", "es", "ar", "vi"])
def test_each_table_is_what_format_html_wrote(survey_index, language):
    survey = make_survey(survey_index, ALL_KINDS + NEW_KINDS)
    drawn = list(tables(survey))
    kinds = {question.kind for question, *_ in drawn}
    assert QuestionKind.RANKING in kinds and len(kinds) > 1
    assert any(row.suppressed for _q, rows, *_ in drawn for row in rows)
    with translation.override(language):
        for question, rows, caption, part in drawn:
            assert result_table(question, rows, caption, part) == (
                reference_table(question, rows, caption, part)
            )
