import datetime

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable
from wagtail.search import index

from engage.fields import LanguageListField

from .choices import (
    DEFAULT_MAX_PARTY_SIZE,
    DEFAULT_REMINDER_HOURS,
    INTERPRETATION_LANGUAGES,
    ForumFormat,
)


class RecurrenceKind(models.TextChoices):
    WEEKDAY = "weekday", _("Monthly on a weekday, for example the second Tuesday")
    MONTH_DAY = "monthday", _("Monthly on a day of the month, for example the 15th")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WeekPosition(models.IntegerChoices):
    FIRST = 1, _("First")
    SECOND = 2, _("Second")
    THIRD = 3, _("Third")
    FOURTH = 4, _("Fourth")
    LAST = -1, _("Last")


def validate_reminder_hours(value):
    try:
        parse_reminder_hours(value)
    except ValueError as error:
        raise ValidationError(
            _("Enter whole numbers of hours separated by commas, for example 48, 2.")
        ) from error


def parse_reminder_hours(value):
    """``"48, 2"`` -> ``[48, 2]``; hours before the forum, largest first."""
    hours = sorted(
        {int(part) for part in value.split(",") if part.strip()}, reverse=True
    )
    if any(hour < 1 or hour > 24 * 30 for hour in hours):
        raise ValueError(value)
    return hours


class ForumSeries(index.Indexed, ClusterableModel):
    """A recurring forum; its dates come from a monthly ``dateutil`` rule."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Used in calendar feeds.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Copied into each new forum's short description."),
    )
    index_page = models.ForeignKey(
        "forums.ForumIndexPage",
        verbose_name=_("forum index"),
        on_delete=models.PROTECT,
        related_name="series",
        help_text=_("New forum pages are created under this page."),
    )
    kind = models.CharField(
        _("repeats"),
        max_length=10,
        choices=RecurrenceKind.choices,
        default=RecurrenceKind.WEEKDAY,
    )
    week_position = models.SmallIntegerField(
        _("which week"), choices=WeekPosition.choices, default=WeekPosition.SECOND
    )
    weekday = models.SmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    month_day = models.PositiveSmallIntegerField(
        _("day of the month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Months without this day are skipped."),
    )
    interval_months = models.PositiveSmallIntegerField(
        _("every how many months"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    starts_on = models.DateField(_("first possible date"))
    ends_on = models.DateField(_("last possible date"), null=True, blank=True)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))

    venue = models.ForeignKey(
        "forums.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=ForumFormat.choices,
        default=ForumFormat.IN_PERSON,
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("Seats per forum; leave empty for no limit."),
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("largest party per RSVP"),
        default=DEFAULT_MAX_PARTY_SIZE,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    interpretation_languages = LanguageListField(
        _("interpretation offered"), language_choices=INTERPRETATION_LANGUAGES
    )
    areas = ParentalManyToManyField(
        "engage.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizers"),
        blank=True,
        related_name="organized_forum_series",
        help_text=_(
            "They see the RSVPs, accommodation requests and check-in of this "
            "series' forums. Lead organizers see those of every forum."
        ),
    )
    reminder_hours = models.CharField(
        _("reminders (hours before)"),
        max_length=50,
        default=DEFAULT_REMINDER_HOURS,
        validators=[validate_reminder_hours],
        help_text=_("For example 48, 2 sends reminders two days and two hours before."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        PageChooserPanel("index_page", "forums.ForumIndexPage"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("week_position"), FieldPanel("weekday")]),
                FieldPanel("month_day"),
                FieldPanel("interval_months"),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                InlinePanel("exclusions", label=_("Dates to skip")),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("format"),
                FieldPanel("online_url"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_party_size")]),
                FieldPanel("interpretation_languages"),
                FieldPanel("areas"),
                FieldPanel("reminder_hours"),
            ],
            heading=_("Defaults for each forum"),
        ),
        FieldPanel("organizers"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("forum series")
        verbose_name_plural = _("forum series")

    def __str__(self):
        return self.title

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The last date must be after the first date.")}
            )
        if self.start_time and self.end_time and self.start_time == self.end_time:
            raise ValidationError({"end_time": _("The end time must differ.")})

    def rule(self):
        """The RFC 5545 rule for this series, on naive local dates."""
        options = {
            "freq": rrule.MONTHLY,
            "interval": self.interval_months,
            "dtstart": datetime.datetime.combine(self.starts_on, datetime.time.min),
        }
        if self.ends_on:
            options["until"] = datetime.datetime.combine(
                self.ends_on, datetime.time.max
            )
        if self.kind == RecurrenceKind.WEEKDAY:
            options["byweekday"] = rrule.weekdays[self.weekday](self.week_position)
        else:
            options["bymonthday"] = self.month_day
        rules = rrule.rruleset()
        rules.rrule(rrule.rrule(**options))
        for skipped in self._excluded_dates():
            rules.exdate(datetime.datetime.combine(skipped, datetime.time.min))
        return rules

    def _excluded_dates(self):
        return [exclusion.date for exclusion in self.exclusions.all()]

    def occurrence_dates(self, count, after=None):
        """The next ``count`` dates on or after ``after`` (a date)."""
        after = after or self.starts_on
        start = datetime.datetime.combine(after, datetime.time.min)
        return [
            moment.date() for moment in self.rule().xafter(start, count=count, inc=True)
        ]

    def times_on(self, day, tz):
        """Aware start and end on ``day`` in ``tz``: same wall-clock time across DST."""
        start = datetime.datetime.combine(day, self.start_time, tzinfo=tz)
        end_day = (
            day if self.end_time > self.start_time else day + datetime.timedelta(1)
        )
        end = datetime.datetime.combine(end_day, self.end_time, tzinfo=tz)
        return start, end

    @property
    def reminder_offsets(self):
        try:
            return parse_reminder_hours(self.reminder_hours)
        except ValueError:
            return parse_reminder_hours(DEFAULT_REMINDER_HOURS)


class ForumSeriesExclusion(Orderable):
    series = ParentalKey(
        ForumSeries, on_delete=models.CASCADE, related_name="exclusions"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = _("date to skip")
