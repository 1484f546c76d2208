"""Blocks for a pledge's local context: the figures the pledge template asks a city
to state, each with its year and source, and the people those figures stand for."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SourcedFigureBlock(blocks.StructBlock):
    """One number with the year it describes and where it comes from."""

    value = blocks.CharBlock(
        label=_("Figure"),
        max_length=40,
        help_text=_("The number as it should appear, for example 12 or 1,400."),
    )
    description = blocks.CharBlock(
        label=_("What it counts"),
        max_length=255,
        help_text=_("For example: people killed by police in the city."),
    )
    year = blocks.IntegerBlock(label=_("Year"), min_value=1900, max_value=2100)
    source_name = blocks.CharBlock(label=_("Source"), max_length=255)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)

    class Meta:
        icon = "table"
        label = _("Figure with its source")
        template = "pledges/blocks/sourced_figure.html"


class RememberedPersonBlock(blocks.StructBlock):
    """A person behind the figures, named as the family or the public record does."""

    name = blocks.CharBlock(label=_("Name"), max_length=200)
    year = blocks.IntegerBlock(label=_("Year"), min_value=1900, max_value=2100)
    description = blocks.TextBlock(
        label=_("Who they were"), required=False, max_length=1000
    )
    source_name = blocks.CharBlock(label=_("Source"), max_length=255)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)

    class Meta:
        icon = "user"
        label = _("Person remembered")
        template = "pledges/blocks/remembered_person.html"


class LocalContextBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    figure = SourcedFigureBlock()
    person = RememberedPersonBlock()
