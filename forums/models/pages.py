import datetime
import uuid
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from cms.blocks import BodyBlock
from cms.models import translated_search_fields
from cms.pages import EngagePageMixin
from engage.fields import LanguageListField

from ..blocks import AgendaBlock
from .choices import (
    DEFAULT_MAX_PARTY_SIZE,
    DEFAULT_REMINDER_HOURS,
    INTERPRETATION_LANGUAGES,
    ForumFormat,
    ForumStatus,
    RSVPStatus,
)

PAST_PER_PAGE = 10


def feed_links(request, path):
    """A feed's address and its ``webcal:`` twin, which calendar apps subscribe to."""
    url = request.build_absolute_uri(path)
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


class ForumQuerySet(PageQuerySet):
    def for_listing(self):
        """Everything a forum card shows, in a fixed number of queries."""
        from .outcomes import ForumSummaryPage
        from .rsvps import RSVP

        confirmed = (
            RSVP.objects.filter(forum=OuterRef("pk"), status=RSVPStatus.CONFIRMED)
            .order_by()
            .values("forum")
            .annotate(total=Sum("party_size"))
            .values("total")
        )
        return (
            self.select_related("venue")
            .prefetch_related("areas")
            .annotate(
                confirmed_people=Coalesce(Subquery(confirmed), 0),
                has_summary=Exists(
                    ForumSummaryPage.objects.live().filter(forum=OuterRef("pk"))
                ),
            )
        )

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
        from engage.models import Area

        context = super().get_context(request, *args, **kwargs)
        forums = self.forums()
        areas = list(Area.objects.all())
        area_slug = request.GET.get("area", "")
        if area_slug in {area.slug for area in areas}:
            forums = forums.filter(areas__slug=area_slug)
        else:
            area_slug = ""
        language = request.GET.get("language", "")
        if language in dict(INTERPRETATION_LANGUAGES):
            forums = forums.filter(
                interpretation_languages__contains=LanguageListField.lookup_value(
                    language
                )
            )
        else:
            language = ""
        now = timezone.now()
        listing = ForumPage.objects.filter(pk__in=forums.values("pk")).for_listing()
        past = Paginator(listing.past(now), PAST_PER_PAGE).get_page(
            request.GET.get("page")
        )
        extra = urlencode(
            {
                key: value
                for key, value in (("area", area_slug), ("language", language))
                if value
            }
        )
        context.update(
            calendar_feed=feed_links(request, reverse("forums:calendar_all")),
            upcoming_forums=listing.upcoming(now),
            past_forums=past,
            areas=areas,
            selected_area=area_slug,
            languages=INTERPRETATION_LANGUAGES,
            selected_language=language,
            filter_query=extra,
        )
        return context


class ForumPage(EngagePageMixin, Page):
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
    interpretation_languages = LanguageListField(
        _("interpretation offered"), language_choices=INTERPRETATION_LANGUAGES
    )
    areas = ParentalManyToManyField(
        "engage.Area", verbose_name=_("areas"), blank=True, related_name="forums"
    )

    objects = PageManager.from_queryset(ForumQuerySet)()

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
            ],
            heading=_("When and where"),
        ),
        FieldPanel("interpretation_languages"),
        FieldPanel("areas"),
        FieldPanel("description"),
        FieldPanel("agenda"),
        InlinePanel("expected_officers", label=_("Department members expected")),
    ]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "intro", "description"
    )

    parent_page_types = ["forums.ForumIndexPage"]
    subpage_types = ["forums.ForumSummaryPage"]
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

    # Seats ------------------------------------------------------------------

    def seats_taken(self):
        annotated = getattr(self, "confirmed_people", None)
        if annotated is not None:
            return annotated
        return self.rsvps.filter(status=RSVPStatus.CONFIRMED).aggregate(
            total=Coalesce(Sum("party_size"), 0)
        )["total"]

    @cached_property
    def seats_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken(), 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.seats_left == 0

    @property
    def is_cancelled(self):
        return self.status == ForumStatus.CANCELLED

    def rsvps_visible_to(self, user):
        """Whether ``user`` may see this forum's registrants and their needs."""
        from .rsvps import VIEW_ALL_PERMISSION

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
    def has_venue(self):
        return self.format != ForumFormat.ONLINE and self.venue_id is not None

    @property
    def is_online(self):
        return self.format != ForumFormat.IN_PERSON

    @property
    def max_party_size(self):
        series = self.series if self.series_id else None
        return series.max_party_size if series else DEFAULT_MAX_PARTY_SIZE

    @property
    def reminder_offsets(self):
        from .series import parse_reminder_hours

        series = self.series if self.series_id else None
        if series:
            return series.reminder_offsets
        return parse_reminder_hours(DEFAULT_REMINDER_HOURS)

    @property
    def location_text(self):
        if self.has_venue:
            return self.venue.one_line
        return str(_("Online")) if self.is_online else ""

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
                "text": self.title,
                "dates": f"{start}/{end}",
                "details": f"{self.intro}\n\n{self.full_url or ''}".strip(),
                "location": self.location_text,
            }
        )
        return f"https://calendar.google.com/calendar/render?{query}"

    def outlook_calendar_url(self):
        query = urlencode(
            {
                "path": "/calendar/action/compose",
                "rru": "addevent",
                "subject": self.title,
                "startdt": self.start.isoformat(),
                "enddt": self.end.isoformat(),
                "body": f"{self.intro}\n\n{self.full_url or ''}".strip(),
                "location": self.location_text,
            }
        )
        return f"https://outlook.live.com/calendar/0/deeplink/compose?{query}"

    # Serving ------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from ..forms import RSVPForm
        from ..notifications import manage_token

        context = super().get_context(request, *args, **kwargs)
        form = kwargs.get("form")
        my_rsvp = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            my_rsvp = (
                self.rsvps.filter(
                    models.Q(user=user) | models.Q(email=user.email.lower())
                )
                .exclude(status=RSVPStatus.CANCELLED)
                .first()
                if user.email
                else self.rsvps.filter(user=user).first()
            )
        if form is None and self.accepts_rsvps:
            form = RSVPForm(forum=self, initial=RSVPForm.initial_for(request, my_rsvp))
        series = self.series if self.series_id else None
        context.update(self.outcomes_context())
        context.update(
            series=series,
            series_feed=feed_links(
                request, reverse("forums:calendar_series", args=[series.slug])
            )
            if series
            else None,
            forum_calendar_url=reverse("forums:calendar_forum", args=[self.pk]),
            my_rsvp_manage_url=reverse(
                "forums:rsvp_manage", args=[manage_token(my_rsvp)]
            )
            if my_rsvp
            else None,
            rsvp_form=form,
            my_rsvp=my_rsvp,
            officers=list(self.expected_officers.all()),
            forum_areas=list(self.areas.all()),
            show_online_link=bool(
                my_rsvp
                and my_rsvp.status == RSVPStatus.CONFIRMED
                and self.online_url
                and not self.is_past
            ),
        )
        return context

    def outcomes_context(self):
        """The published summary and the action items carried forward to this forum."""
        from .outcomes import ForumSummaryPage, carried_forward_items

        summary = (
            ForumSummaryPage.objects.live()
            .filter(forum=self)
            .prefetch_related("action_items__responsible_unit")
            .first()
        )
        return {
            "summary": summary,
            "summary_action_items": list(summary.action_items.all()) if summary else [],
            "carried_forward": list(carried_forward_items(self)),
        }

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from ..views import submit_rsvp

            return submit_rsvp(request, self)
        return super().serve(request, *args, **kwargs)


class ForumOfficer(Orderable):
    """A department member or unit expected at a forum.

    The roster issue links these to department members; until then the name,
    rank and unit are typed in.
    """

    forum = ParentalKey(
        ForumPage, on_delete=models.CASCADE, related_name="expected_officers"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    rank = models.CharField(_("rank or role"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=200)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("rank")]),
        FieldPanel("unit"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("department member expected")

    def __str__(self):
        return ", ".join(part for part in (self.rank, self.name, self.unit) if part)


class ForumCalendarEntry(models.Model):
    """What registrants and calendars were last told about a forum.

    Kept outside the page so that publishing an old revision never lowers the
    SEQUENCE, and so that a change can be detected against what was announced.
    """

    forum = models.OneToOneField(
        ForumPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="calendar_entry",
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    modified_at = models.DateTimeField(default=timezone.now)
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ForumStatus.choices)
    format = models.CharField(max_length=10, choices=ForumFormat.choices)
    venue = models.ForeignKey(
        "forums.Venue", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    online_url = models.URLField(blank=True)

    TRACKED = ("start", "end", "status", "format", "venue_id", "online_url")

    class Meta:
        verbose_name = _("forum calendar entry")

    def __str__(self):
        return f"{self.uid} #{self.sequence}"

    @property
    def ical_uid(self):
        """Never changes for a forum, whatever the site's address becomes."""
        return f"{self.uid}@engage-forums"

    def changes_from(self, forum):
        """Names of tracked fields that differ from what was announced."""
        return [
            name for name in self.TRACKED if getattr(self, name) != getattr(forum, name)
        ]

    def record(self, forum):
        for name in self.TRACKED:
            setattr(self, name, getattr(forum, name))

    @classmethod
    def for_forum(cls, forum):
        entry = cls.objects.filter(forum=forum).first()
        if entry is None:
            entry = cls(forum=forum)
            entry.record(forum)
            entry.save()
        return entry
