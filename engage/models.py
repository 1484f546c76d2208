from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class User(AbstractUser):
    """A resident or a staff member; residents' accounts are always optional."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        blank=True,
        help_text=_("Emails and the site are shown in this language when you sign in."),
    )
    email_forum_updates = models.BooleanField(
        _("email me about forums I signed up for"), default=True
    )
    email_news = models.BooleanField(
        _("email me about new forums, surveys and pledge progress"), default=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email or self.username


class Area(index.Indexed, models.Model):
    """A district or neighbourhood, shared by forums, surveys and pledges."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name
