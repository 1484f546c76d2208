"""A survey's published results: ``{% result_table %}`` draws the answers to a
question as a table of counts, shares and bars. Drawn here, not by a template
loop: a results page shows a row for every answer of every question, and the
template engine's cost per variable had made these tables a tenth of the
page's time. Choices' labels are marked as English where they are shown
untranslated, as the question's text is."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from engage.i18n import marked_text
from engage.templatetags.engage_tags import format_number, format_percent
from surveys.vocabulary import QuestionKind

register = template.Library()

BAR = (
    '<td aria-hidden="true"><span class="survey-bar">'
    '<span class="survey-bar__fill" style="inline-size: {}%"></span></span></td>'
)


@register.simple_tag
def answer_label(question, answer):
    """The label of a result's row or matrix statement (see ``surveys.results``)
    as HTML, marked as English when its choice is not translated."""
    return _label(answer, _choices(question))


def _choices(question):
    """The question's choices by id, as the results read them (prefetched)."""
    return {choice.pk: choice for choice in question.choices.all()}


def _label(answer, choices):
    choice = choices.get(answer.choice)
    return marked_text(choice, "label") if choice else answer.label


@register.simple_tag
def result_table(question, rows, caption, part=""):
    """A scrollable table captioned for screen readers, whose bars are hidden
    from them (the counts and shares say it all); a suppressed row says "not
    shown" in place of its figures. ``part`` tells apart a matrix's tables."""
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
        "", "<tr>{}</tr>", ((_row(r, choices, ranking, not_shown),) for r in rows)
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


def _row(row, choices, ranking, not_shown):
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
