"""Blocks used only by forum pages; prose goes through ``cms.blocks.BodyBlock``."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(label=_("Time"), required=False)
    title = blocks.CharBlock(label=_("Item"), max_length=200)
    details = blocks.TextBlock(label=_("Details"), required=False, max_length=1000)
    speaker = blocks.CharBlock(label=_("Led by"), required=False, max_length=200)

    class Meta:
        icon = "list-ol"
        label = _("Agenda item")
        template = "forums/blocks/agenda_item.html"


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()

    class Meta:
        label = _("Agenda")
