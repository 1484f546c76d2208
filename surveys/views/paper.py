"""The printable paper questionnaire of a survey, in the reader's language.

It is drawn from the very form organizers type paper responses into
(``PaperResponseForm.for_survey``): every field, with the same label and every
option, as boxes to tick and lines to write on, so what comes back on paper
can be typed in field for field. Each question is drawn from its form field,
whatever its kind: choices become boxes, anything else lines.

Open surveys print for anyone; a survey for invited or signed-in residents
only for its organizers, who hand it out with a code or to known residents.
"""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..forms import PaperResponseForm
from ..models import Audience
from .answering import language_buttons

LINES = {"long": 5, "short": 1}


@dataclass
class PaperOption:
    label: str
    ticked: bool = False


@dataclass
class PaperItem:
    """One block of the printed form: a question or one of the form's own
    fields (language, date, forum, area, code)."""

    name: str
    label: str
    number: int | None = None
    help_text: str = ""
    condition: str = ""
    required: bool = False
    options: list = field(default_factory=list)
    multiple: bool = False
    lines: int = 0
    boxes: int = 0
    other: str = ""
    parts: list = field(default_factory=list)


def _choices(form_field):
    """The options to tick. An empty choice is a drop-down's "choose" prompt,
    not an answer, except where it has a meaning of its own (the area's
    "prefer not to say")."""
    meaningful = isinstance(form_field, forms.ModelChoiceField)
    # The language marks a drop-down puts on its options, on the printed text.
    marks = getattr(form_field.widget, "option_attributes", lambda value: {})
    return [
        PaperOption(label=_marked(label, marks(value)))
        for value, label in form_field.choices
        if meaningful or str(value) != ""
    ]


def _marked(label, attributes):
    if not attributes:
        return str(label)
    return format_html("<span{}>{}</span>", flatatt(attributes), label)


def _item(name, form_field, **extra):
    """A block drawn from a form field: boxes for its options, else lines. A
    widget with a row per statement or choice (a matrix, a ranking) gives a
    part for each row, with its options."""
    widget = form_field.widget
    item = PaperItem(
        name=name,
        label=form_field.label,
        help_text=form_field.help_text or "",
        multiple=bool(getattr(widget, "allow_multiple_selected", False)),
        **extra,
    )
    rows, options = getattr(widget, "rows", None), getattr(widget, "options", None)
    if rows and options:
        item.parts = [
            PaperItem(
                name=f"{name}_{pk}",
                label=label,
                options=[PaperOption(label=str(text)) for _v, text in options],
            )
            for pk, label in rows
        ]
    elif hasattr(form_field, "choices"):
        item.options = _choices(form_field)
    else:
        long = widget.__class__.__name__ == "Textarea"
        item.lines = LINES["long" if long else "short"]
    return item


def paper_items(form):
    """The blocks of the printed form, in the order of the paper-entry form."""
    items = []
    language = translation.get_language()
    fields = form.fields
    chosen = _item("paper_language", fields["paper_language"])
    for option, (code, _name) in zip(chosen.options, settings.LANGUAGES, strict=True):
        option.ticked = code == language
    items.append(chosen)
    items.append(_item("paper_date", fields["paper_date"]))
    if "code" in fields:
        items.append(_item("code", fields["code"]))
        items[-1].lines, items[-1].boxes = 0, 8
    for row in form.question_rows():
        question_item = _item(
            row.field.name,
            row.field.field,
            number=row.number,
            condition=row.condition,
            required=row.required,
        )
        if row.other is not None:
            question_item.other = row.other.label
        items.append(question_item)
    if "area" in fields:
        items.append(_item("area", fields["area"]))
    items.append(_forum_item(form))
    return items


def _forum_item(form):
    """The forum: the survey's own, a "no forum" box and a line for another,
    rather than every forum there ever was."""
    forum_field = form.fields["paper_forum"]
    item = PaperItem(name="paper_forum", label=forum_field.label)
    forum = form.survey.forum
    if forum is not None:
        item.options.append(PaperOption(label=forum.marked_title))
    item.options.append(PaperOption(label=str(forum_field.empty_label)))
    item.other = _("Another forum")
    return item


def paper_questionnaire(request, survey):
    if survey.audience != Audience.ANYONE and not survey.user_is_organizer(
        request.user
    ):
        raise Http404
    form = PaperResponseForm.for_survey(survey)
    context = survey.get_context(request)
    context.update(
        items=paper_items(form),
        languages=language_buttons(request, survey),
        code_boxes=range(8),
    )
    return TemplateResponse(request, "surveys/survey_paper.html", context)
