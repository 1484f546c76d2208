"""The long drop-down (``engage.widgets.LongSelect``, the results page's forum
filter) writes its options straight from its choices: the same markup as when
they were drawn from Django's option dictionaries, value for value, escape for
escape, with the same option selected and the same options marked English."""

import pytest
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from engage.widgets import LongSelect


class DrawnFromOptions(LongSelect):
    """The drop-down as it was written before, from ``get_context``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options,
        )


CHOICES = [
    ("", "All forums"),
    (None, "Nothing"),
    (12, "Eastside forum · 3 March"),
    (7, "Quotes \" and ' & <b>tags</b>"),
    ("7", "The same value again"),
    (9, mark_safe("<i>Marked</i>")),
    (4, gettext_lazy("Search")),
    ("Earlier", [(3, "Riverside & co"), (None, "None in a group"), (12, "Twelve")]),
]


@pytest.mark.parametrize("value", [None, "", 7, "7", "12", 3, "missing", [12, 7]])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_forum"}, {"id": "id_forum", "class": "x <y>", "required": True}],
)
@pytest.mark.parametrize("in_english", [(), (12, 3), ("", 9)])
def test_the_markup_is_as_drawn_from_options(value, attrs, in_english):
    ours = LongSelect(choices=CHOICES, in_english=in_english, attrs={"data-a": "1"})
    theirs = DrawnFromOptions(
        choices=CHOICES, in_english=in_english, attrs={"data-a": "1"}
    )
    expected = theirs.render("forum", value, attrs)
    assert ours.render("forum", value, attrs) == expected
    if value == 7:
        assert expected.count(" selected") == 1
    if in_english == (12, 3):
        assert 'value="12" dir="ltr" lang="en"' in expected
