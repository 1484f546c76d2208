"""A survey's published results: ``{% result_section %}`` draws a question's
results, and ``{% result_table %}`` the answers to it as a table of counts,
shares and bars. Drawn here, not by a template loop: a results page shows a
row for every answer of every question, and the template engine's cost per
variable had made these tables a tenth of the page's time, and the sections
around them as much again. Choices' labels are marked as English where they are shown
untranslated, as the question's text is."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from engage.i18n import blocktranslated, marked_text
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
    not_shown = conditional_escape(gettext("not shown"))
    # Safe: _row escapes every value it writes.
    body = mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(f"<tr>{_row(r, choices, ranking, not_shown)}</tr>" for r in rows)
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
    """A row of the table, written without ``format_html``, whose escaping
    machinery cost more than the row: every value is escaped here as it would
    have escaped it, ``not_shown`` already."""
    if row.suppressed:
        figures = f'<td colspan="2">{not_shown}</td>'
        bar = '<td aria-hidden="true"></td>'
    else:
        count, share = format_number(row.count), format_percent(row.share)
        figures = f"<td>{escape(count)}</td><td>{escape(share)}</td>"
        bar = BAR.format(escape(str(row.bar)))
    mean = ""
    if ranking:
        shown = not_shown if row.mean is None else escape(format_number(row.mean, 2))
        mean = f"<td>{shown}</td>"
    label = conditional_escape(_label(row, choices))
    return f'<th scope="row">{label}</th>{figures}{mean}{bar}'


def _mean(mean):
    return blocktranslated(gettext("Mean: %(mean)s."), mean=format_number(mean, 2))


@register.simple_tag
def result_section(item, minimum):
    """One question's results (``surveys.results.QuestionResult``): its heading,
    then what is withheld, or who answered, the mean, the link to its trend,
    its table or a table per statement, and the answers quoted in full.
    ``minimum`` is the smallest group shown."""
    question = item.question
    pk = question.pk
    # As {% translate %} writes them: escaped, where {% blocktranslate %}
    # leaves the translation as it is (``blocktranslated``).
    not_shown = conditional_escape(
        gettext(
            "Not shown here, so that a small group cannot be worked out from the "
            "other figures."
        )
    )
    parts = [
        f'<section class="survey-result" aria-labelledby="result-{pk}">\n'
        f'<h2 id="result-{pk}">{item.number}. {marked_text(question, "text")}</h2>\n'
    ]
    if item.withheld:
        parts.append(f"<p>{not_shown}</p>\n")
    elif item.suppressed:
        fewer = ngettext(
            "Fewer than %(minimum)s response.",
            "Fewer than %(minimum)s responses.",
            minimum,
        )
        parts.append(f"<p>{blocktranslated(fewer, minimum=minimum)}</p>\n")
    else:
        answered = ngettext(
            "Answered by %(counter)s person.",
            "Answered by %(counter)s people.",
            item.answered,
        )
        mean = "" if item.mean is None else _mean(item.mean)
        trend = ""
        if item.followed_over_time:
            url = conditional_escape(reverse("surveys:trend", args=[question.key]))
            over_time = conditional_escape(gettext("Over time"))
            trend = f'<a href="{url}">{over_time}</a>'
        answered = blocktranslated(answered, counter=item.answered)
        parts.append(
            f'<p class="survey-result__meta">\n{answered}\n{mean}\n{trend}\n</p>\n'
        )
        if item.statements:
            choices = _choices(question)
            for number, statement in enumerate(item.statements, 1):
                label = _label(statement, choices)
                parts.append(f'<h3 id="statement-{pk}-{number}">{label}</h3>\n')
                if statement.suppressed:
                    parts.append(f"<p>{not_shown}</p>\n")
                    continue
                if statement.mean is not None:
                    mean = _mean(statement.mean)
                    parts.append(f'<p class="survey-result__meta">{mean}</p>\n')
                parts.append(
                    result_table(question, statement.rows, label, part=number) + "\n"
                )
        elif item.rows:
            caption = mark_safe(  # noqa: S308  # nosec B308 B703
                blocktranslated(gettext("Answers to question %(n)s"), n=item.number)
            )
            parts.append(result_table(question, item.rows, caption) + "\n")
        if item.quotes:
            quotes = "".join(
                f"<li><blockquote><p>{conditional_escape(quote)}</p></blockquote></li>"
                for quote in item.quotes
            )
            heading = conditional_escape(gettext("In their own words"))
            parts.append(
                f'<h3>{heading}</h3>\n<ul class="survey-quotes">\n{quotes}\n</ul>\n'
            )
    parts.append("</section>")
    # Safe: the question's text, labels and quotes are escaped where they are
    # written, the translations are as {% blocktranslate %} writes them, and
    # the tables are drawn by result_table.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
