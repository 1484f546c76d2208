import copy
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site
from wagtail.search import index

from .blocks import SocialLinkBlock
from .cache import for_this_version
from .fields import INTRO_FEATURES
from .i18n import ordered_as_shown


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


class AreaQuerySet(models.QuerySet):
    def as_shown(self):
        """By name as the reader sees it: an area not yet translated sorts by
        its English name among the translated ones."""
        return self.order_by(ordered_as_shown("name"), "pk")


class Area(index.Indexed, models.Model):
    """A district or neighbourhood, shared by forums, surveys and pledges."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The organisation running the site, and the time zone its forums are in."""

    organization_name = models.CharField(
        _("organization name"), max_length=200, default="Engage"
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=60,
        default="America/Chicago",
        help_text=_(
            "Forum times are shown in this time zone, for example America/Chicago."
        ),
    )
    footer_text = RichTextField(_("footer text"), features=INTRO_FEATURES, blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("social links"), blank=True
    )

    panels = [
        FieldPanel("organization_name"),
        FieldPanel("tagline"),
        FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
        FieldPanel("timezone"),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site settings")

    def clean(self):
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise ValidationError(
                {"timezone": _("Enter a time zone name such as America/Chicago.")}
            ) from error

    @classmethod
    def for_site(cls, site):
        """Every page shows these; kept in the process for the content version.
        Each caller gets its own copy: Wagtail hangs the request on the
        instance it hands a template, and a request must not outlive itself in
        what the next one reads."""
        kept = for_this_version(
            ("site-settings", site.pk if site else None),
            lambda: super(SiteSettings, cls).for_site(site),
        )
        return copy.copy(kept)

    @classmethod
    def for_default_site(cls):
        """The default site's settings, with the site, in one query (the time
        zone is needed before the request's site is looked up); kept where
        ``for_site`` finds them, as every page then shows them too."""
        instance = (
            cls.objects.select_related("site")
            .filter(site__is_default_site=True)
            .first()
        )
        if instance is None:  # not saved yet: made as for any site
            site = Site.objects.filter(is_default_site=True).first()
            return cls.for_site(site) if site else None
        return for_this_version(("site-settings", instance.site_id), lambda: instance)


class RateCounter(models.Model):
    """One fixed window of a rate limit (engage.counters) when no Redis is
    configured: a row per counter and window, incremented in the database so the
    count is exact across worker processes on SQLite and PostgreSQL alike."""

    key = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key


class PersonalDataAccess(models.Model):
    """One look at residents' or members' personal data by a staff account: who,
    when, which view and which record. Written by ``engage.audit``'s middleware and
    never edited; the admin lists it for those allowed to audit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the entry still names the account after it is deleted.
    username = models.CharField(_("username"), max_length=150)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(
        _("action"),
        max_length=10,
        choices=[("viewed", _("Viewed")), ("exported", _("Exported"))],
    )
    view = models.CharField(_("what"), max_length=100)
    object_id = models.CharField(_("record"), max_length=50, blank=True)
    path = models.CharField(_("address"), max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self):
        return f"{self.username} {self.action} {self.view} {self.at:%Y-%m-%d %H:%M}"
