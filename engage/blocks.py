"""StreamField blocks of the site's own settings."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SocialLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=60)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Social link")
