import datetime
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager

from cms.blocks import BodyBlock
from cms.models import translated_related_fields, translated_search_fields
from cms.pages import EngagePageMixin, held_in_memory
from engage.fields import LanguageListField
from engage.links import absolute_url
from engage.models import Area

from ..blocks import AgendaBlock
from .choices import (
    DEFAULT_MAX_PARTY_SIZE,
    DEFAULT_REMINDER_HOURS,
    INTERPRETATION_LANGUAGES,
    ForumFormat,
    ForumStatus,
    RSVPStatus,
)
from .index_lists import index_lists
from .listing import ForumListingQuerySet
from .officers import officers_of
from .places import ForumPlace, areas_of
from .rsvps import VIEW_ALL_PERMISSION
from .seats import ForumSeatsMixin
from .series import parse_reminder_hours
from .titles import ForumHeadline, dated_title

# Apps above forums add to a forum page's context with this hook:
# ``fn(forum, request, context)`` returns a dict (the RSVP form, the summary).
FORUM_PAGE_CONTEXT_HOOK = "forums_forum_page_context"


def feed_links(path):
    """A feed's address and its ``webcal:`` twin, which calendar apps subscribe to."""
    url = absolute_url(path)
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


class ForumQuerySet(ForumListingQuerySet):
    def managed_by(self, user):
        """Forums whose registrants ``user`` looks after: those of the series they
        organize, and those they created."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(series__organizers=user) | models.Q(owner=user)
        ).distinct()

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")


class ForumIndexPage(EngagePageMixin, Page):
    """All forums: upcoming first, then past ones, filterable by area and language."""

    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "link"], blank=True
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + translated_search_fields("title", "intro")

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["forums.ForumPage"]

    class Meta:
        verbose_name = _("forum index")

    def forums(self):
        return ForumPage.objects.live().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        areas = list(Area.objects.as_shown())
        area_slug = request.GET.get("area", "")
        if area_slug not in {area.slug for area in areas}:
            area_slug = ""
        language = request.GET.get("language", "")
        if language not in dict(INTERPRETATION_LANGUAGES):
            language = ""

        def forums():
            # Neither filter can list a forum twice (an area's slug is unique),
            # so the lists and their counts read the forums directly.
            forums = self.forums()
            if area_slug:
                forums = forums.filter(areas__slug=area_slug)
            if language:
                listed = LanguageListField.lookup_value(language)
                forums = forums.filter(interpretation_languages__contains=listed)
            return forums

        filtered = bool(area_slug or language)
        upcoming, past = index_lists(self, request, forums, filtered)
        extra = urlencode(
            {
                key: value
                for key, value in (("area", area_slug), ("language", language))
                if value
            }
        )
        context.update(
            calendar_feed=feed_links(reverse("forums:calendar_all")),
            upcoming_forums=upcoming,
            past_forums=past,
            areas=areas,
            selected_area=area_slug,
            languages=INTERPRETATION_LANGUAGES,
            selected_language=language,
            filter_query=extra,
        )
        return context


class ForumPage(ForumHeadline, ForumPlace, EngagePageMixin, ForumSeatsMixin, Page):
    """One forum on one date: where, when, who is coming, and the RSVP form."""

    series = models.ForeignKey(
        "forums.ForumSeries",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forums",
    )
    occurrence_date = models.DateField(
        _("date in the series"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The series date this page was generated for."),
    )
    intro = models.TextField(
        _("short description"),
        blank=True,
        max_length=600,
        help_text=_("Shown in listings, emails and calendars."),
    )
    description = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    agenda = StreamField(AgendaBlock(), verbose_name=_("agenda"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ForumStatus.choices,
        default=ForumStatus.SCHEDULED,
        help_text=_("Registrants are emailed when a forum is postponed or cancelled."),
    )
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=ForumFormat.choices,
        default=ForumFormat.IN_PERSON,
    )
    venue = models.ForeignKey(
        "forums.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forums",
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_(
            "Sent only to registrants, and shown to them until the forum ends."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("Number of people; leave empty for no limit."),
    )
    online_capacity = models.PositiveIntegerField(
        _("online capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_(
            "Hybrid forums only: people online, with a waitlist of their own; "
            "leave empty for no limit. The capacity above is then the room's."
        ),
    )
    interpretation_languages = LanguageListField(
        _("interpretation offered"), language_choices=INTERPRETATION_LANGUAGES
    )
    areas = ParentalManyToManyField(
        "engage.Area", verbose_name=_("areas"), blank=True, related_name="forums"
    )

    objects = PageManager.from_queryset(ForumQuerySet)()
    # Read with the page's row when it is served (cms.models.HomePage.route).
    route_select_related = ("venue",)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("status"),
                FieldPanel("format"),
                FieldPanel("venue"),
                FieldPanel("online_url"),
                FieldPanel("capacity"),
                FieldPanel("online_capacity"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("interpretation_languages"),
        InlinePanel(
            "seat_reservations",
            label=_("Room seats reserved for interpretation"),
            help_text=_(
                "Seats kept for residents who ask for interpretation into a "
                "language: nobody else can take them. Counted in the capacity."
            ),
        ),
        FieldPanel("areas"),
        FieldPanel("description"),
        FieldPanel("agenda"),
        InlinePanel("expected_officers", label=_("Department members expected")),
    ]
    search_fields = (
        Page.search_fields
        + translated_search_fields("title", "intro", "description", "agenda")
        + translated_related_fields("series", "title", "description")
        + translated_related_fields(
            "venue", "name", "accessibility_notes", "transit_and_parking"
        )
    )

    parent_page_types = ["forums.ForumIndexPage"]
    # The outcomes app's summary page; named, not imported (outcomes is above us).
    subpage_types = ["outcomes.ForumSummaryPage"]
    exclude_fields_in_copy = ["occurrence_date"]

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                name="forums_one_page_per_series_date",
            )
        ]
        indexes = [models.Index(fields=["start"], name="forums_forum_start_idx")]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The forum must end after it starts.")})

    def rsvps_visible_to(self, user):
        """Whether ``user`` may see this forum's registrants and their needs."""
        if not user.has_perm("forums.view_rsvp"):
            return False
        if user.has_perm(VIEW_ALL_PERMISSION):
            return True
        return ForumPage.objects.managed_by(user).filter(pk=self.pk).exists()

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def accepts_rsvps(self):
        return self.status == ForumStatus.SCHEDULED and self.start > timezone.now()

    @property
    def max_party_size(self):
        series = self.series if self.series_id else None
        return series.max_party_size if series else DEFAULT_MAX_PARTY_SIZE

    @property
    def reminder_offsets(self):
        series = self.series if self.series_id else None
        if series:
            return series.reminder_offsets
        return parse_reminder_hours(DEFAULT_REMINDER_HOURS)

    # Titles -------------------------------------------------------------------

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        return dated_title(title, self.series_id, self.start)

    def __str__(self):
        return self.display_title

    # Calendars ----------------------------------------------------------------

    def calendar_dates(self):
        fmt = "%Y%m%dT%H%M%SZ"
        return tuple(
            moment.astimezone(datetime.UTC).strftime(fmt)
            for moment in (self.start, self.end)
        )

    def google_calendar_url(self):
        start, end = self.calendar_dates()
        query = urlencode(
            {
                "action": "TEMPLATE",
                "text": self.display_title,
                "dates": f"{start}/{end}",
                "details": f"{self.intro}\n\n{absolute_url(self)}".strip(),
                "location": self.location_text,
            }
        )
        return f"https://calendar.google.com/calendar/render?{query}"

    def outlook_calendar_url(self):
        query = urlencode(
            {
                "path": "/calendar/action/compose",
                "rru": "addevent",
                "subject": self.display_title,
                "startdt": self.start.isoformat(),
                "enddt": self.end.isoformat(),
                "body": f"{self.intro}\n\n{absolute_url(self)}".strip(),
                "location": self.location_text,
            }
        )
        return f"https://outlook.live.com/calendar/0/deeplink/compose?{query}"

    # Serving ------------------------------------------------------------------

    def areas_as_shown(self):
        """The forum's areas in the order the areas' own listing uses; for a
        page as edited (a preview), which modelcluster holds in memory, by the
        name the reader sees."""
        if held_in_memory(self, "areas"):
            areas = self.areas.all()
            return sorted(areas, key=lambda area: (area.name, area.pk or 0))
        return areas_of(self.pk)

    def officers(self):
        """The department members expected, in their order: as edited in a
        preview, as saved otherwise."""
        if held_in_memory(self, "expected_officers"):
            return list(self.expected_officers.all())
        return officers_of(self.pk)

    def get_context(self, request, *args, **kwargs):
        """The page as read; the RSVP form and its POST are added by the forums
        ``wagtail_hooks`` (``FORUM_PAGE_CONTEXT_HOOK`` and ``on_serve_page``), and a
        published summary by the outcomes app, through the same hook."""
        context = super().get_context(request, *args, **kwargs)
        my_rsvp = None
        user = getattr(request, "user", None)
        # A forum not yet saved (a preview of a new one) has no RSVPs to read.
        if self.pk and user is not None and user.is_authenticated:
            my_rsvp = self.rsvps.belonging_to(user).open().first()
        series = self.series if self.series_id else None
        context.update(
            series=series,
            series_feed=feed_links(
                reverse("forums:calendar_series", args=[series.slug])
            )
            if series
            else None,
            forum_calendar_url=reverse("forums:calendar_forum", args=[self.pk])
            if self.pk
            else "",
            my_rsvp_manage_url=reverse(
                "forums:rsvp_manage", args=[my_rsvp.manage_token()]
            )
            if my_rsvp
            else None,
            rsvp_form=kwargs.get("form"),
            my_rsvp=my_rsvp,
            officers=self.officers(),
            forum_areas=self.areas_as_shown(),
            show_online_link=bool(
                my_rsvp
                and my_rsvp.status == RSVPStatus.CONFIRMED
                and self.online_url
                and not self.is_past
            ),
        )
        for add_context in hooks.get_hooks(FORUM_PAGE_CONTEXT_HOOK):
            context.update(add_context(self, request, context))
        return context
