import functools
import io
import secrets

import segno
from django.conf import settings
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery
from engage.privacy import email_q, verified_emails

from .choices import Attendance, RSVPStatus

# Lead organizers and administrators see every forum's RSVPs; other organizers
# only those of the forums they manage (``ForumQuerySet.managed_by``).
VIEW_ALL_PERMISSION = "forums.view_all_rsvps"
# Salt of the signed token in a resident's "change or cancel" link.
MANAGE_SALT = "forums.rsvp.manage"
# The people who hold a seat: confirmed RSVPs, and those offered one near the
# date until they answer, count against a forum's capacity.
HOLDING_SEATS = (RSVPStatus.CONFIRMED, RSVPStatus.OFFERED)
# People registered for a forum, with a seat, an offer of one or a place in line.
ACTIVE_STATUSES = (*HOLDING_SEATS, RSVPStatus.WAITLISTED)
SEATS_TAKEN = Sum("party_size", filter=Q(status__in=HOLDING_SEATS))
CONFIRMED_PEOPLE = Sum("party_size", filter=Q(status=RSVPStatus.CONFIRMED))
# People of a checked-in party who came: all of them unless check-in said how many.
PEOPLE_ARRIVED = Coalesce("people_arrived", "party_size")
# Letters and digits nobody confuses when reading a code aloud or typing it on
# a phone (no 0/O, 1/I/L, 2/Z, 5/S, 8/B); seven of them make 8 billion codes.
CHECK_IN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CHECK_IN_LENGTH = 7


def new_check_in_code():
    """A random code: it says nothing about the person or the order of sign-up."""
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_LENGTH))


def normalize_check_in_code(typed):
    """What a code typed at the door is meant to be: any case, spaces or dashes."""
    return "".join(ch for ch in str(typed).upper() if ch in CHECK_IN_ALPHABET)[
        : CHECK_IN_LENGTH + 1
    ]


class RSVPQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=RSVPStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=RSVPStatus.WAITLISTED).order_by("queued_at", "pk")

    def active(self):
        """The RSVPs of people registered: confirmed, offered a seat or on the
        waitlist."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def offers_expired(self, now):
        """Seat offers nobody accepted in time."""
        return self.filter(status=RSVPStatus.OFFERED, offer_expires_at__lte=now)

    def open(self):
        """Active ones and those still waiting for their owner's confirmation."""
        return self.exclude(status=RSVPStatus.CANCELLED)

    def unconfirmed_since(self, when):
        """Requests from the public form nobody confirmed by ``when``."""
        return self.filter(status=RSVPStatus.PENDING, created_at__lt=when)

    def visible_to(self, user):
        """The RSVPs whose personal data ``user`` may see."""
        if not user.has_perm("forums.view_rsvp"):
            return self.none()
        if user.has_perm(VIEW_ALL_PERMISSION):
            return self
        forums = self.model._meta.get_field("forum").related_model.objects
        return self.filter(forum__in=forums.managed_by(user).values("pk"))

    def made_with(self, emails):
        """The RSVPs made with any of ``emails``, in any case."""
        return self.filter(email_q("email", emails))

    def belonging_to(self, user):
        """A signed-in resident's RSVPs: those made with one of the account's
        verified addresses. Nothing else makes an RSVP theirs: not the ``user``
        link, not having posted the form while signed in."""
        return self.made_with(verified_emails(user))

    def with_check_in_code(self, typed):
        """The RSVP a code typed or scanned at the door names, if any."""
        code = normalize_check_in_code(typed)
        if len(code) != CHECK_IN_LENGTH:
            return self.none()
        return self.filter(check_in_code=code)

    def seats_taken_by_attendance(self):
        """Seats held (``SEATS_TAKEN``) in the room and online, in one query
        (hybrid forums)."""
        return self.aggregate(
            **{
                mode: Coalesce(
                    Sum(
                        "party_size",
                        filter=Q(status__in=HOLDING_SEATS, attendance=mode),
                    ),
                    0,
                )
                for mode in Attendance.values
            }
        )

    def seats_taken_by_language(self):
        """Seats held (``SEATS_TAKEN``) by interpretation language asked for
        ("" for none)."""
        rows = (
            self.order_by()
            .values("interpretation_language")
            .annotate(seats=Coalesce(SEATS_TAKEN, 0))
            .values_list("interpretation_language", "seats")
        )
        return {language: seats for language, seats in rows if seats}

    def seats_taken_per_forum(self, attendance=None):
        """Seats held (``SEATS_TAKEN``) in each forum, as the values of a subquery
        for listings; only those of one ``attendance`` mode when given."""
        rsvps = self if attendance is None else self.filter(attendance=attendance)
        return (
            rsvps.order_by().values("forum").annotate(seats=SEATS_TAKEN).values("seats")
        )

    def counts(self):
        """People and RSVPs by status, and people checked in, in one query."""
        confirmed = Q(status=RSVPStatus.CONFIRMED)
        waitlisted = Q(status=RSVPStatus.WAITLISTED)
        offered = Q(status=RSVPStatus.OFFERED)
        # People by status in each attendance mode, for hybrid forums' overview.
        by_mode = {
            f"{status}_{mode}": Coalesce(
                Sum("party_size", filter=Q(status=status, attendance=mode)), 0
            )
            for status in (RSVPStatus.CONFIRMED.value, RSVPStatus.WAITLISTED.value)
            for mode in Attendance.values
        }
        return self.aggregate(
            confirmed_rsvps=Count("pk", filter=confirmed),
            confirmed_people=Coalesce(CONFIRMED_PEOPLE, 0),
            offered_rsvps=Count("pk", filter=offered),
            offered_people=Coalesce(Sum("party_size", filter=offered), 0),
            waitlisted_rsvps=Count("pk", filter=waitlisted),
            waitlisted_people=Coalesce(Sum("party_size", filter=waitlisted), 0),
            **by_mode,
            checked_in_people=Coalesce(
                Sum(PEOPLE_ARRIVED, filter=Q(attended_at__isnull=False)), 0
            ),
        )


class RSVP(models.Model):
    """One household's sign-up for one forum: one per email address per forum."""

    # What the resident may change after signing up (the address identifies them).
    EDITABLE_FIELDS = (
        "name",
        "phone",
        "language",
        "party_size",
        "interpretation_language",
        "asl",
        "childcare_children",
        "access_needs",
        "other_needs",
    )

    forum = models.ForeignKey(
        "forums.ForumPage",
        verbose_name=_("forum"),
        on_delete=models.CASCADE,
        related_name="rsvps",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_rsvps",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES
    )
    party_size = models.PositiveSmallIntegerField(
        _("party size"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RSVPStatus.choices, db_index=True
    )
    interpretation_language = models.CharField(
        _("interpretation into"), max_length=10, blank=True
    )
    attendance = models.CharField(
        _("takes part"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.IN_ROOM,
        help_text=_("In the room or online: each has its own seats and waitlist."),
    )
    asl = models.BooleanField(_("ASL interpretation"), default=False)
    childcare_children = models.PositiveSmallIntegerField(
        _("children needing childcare"),
        default=0,
        validators=[MaxValueValidator(20)],
    )
    access_needs = models.TextField(_("mobility or access needs"), blank=True)
    other_needs = models.TextField(_("other requests"), blank=True)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    queued_at = models.DateTimeField(
        _("in line since"),
        default=timezone.now,
        help_text=_("Waitlist order: first come, first served."),
    )
    offer_expires_at = models.DateTimeField(
        _("seat offer ends"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("If not accepted by then, the seat goes to the next person."),
    )
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    people_arrived = models.PositiveSmallIntegerField(
        _("people arrived"),
        null=True,
        blank=True,
        help_text=_("Empty when the whole party arrived."),
    )
    # Added to the forum's calendar SEQUENCE in this resident's own files; raised
    # when they cancel or sign up again, so each file supersedes the one before.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    summary_emails = models.BooleanField(
        _("emailed when the summary is published"),
        default=True,
        help_text=_("Turned off when the resident unsubscribes from forum summaries."),
    )
    summary_emailed_at = models.DateTimeField(
        _("summary emailed"), null=True, blank=True, editable=False
    )
    # Shown with its QR image in the confirmation and on the manage page; typed
    # or scanned at the door.
    check_in_code = models.CharField(
        _("check-in code"),
        max_length=CHECK_IN_LENGTH,
        default=new_check_in_code,
        editable=False,
    )

    objects = RSVPQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "queued_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        permissions = [("view_all_rsvps", _("Can see the RSVPs of every forum"))]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "email"],
                condition=~Q(email=""),
                name="forums_one_rsvp_per_email",
            ),
            models.UniqueConstraint(
                fields=["forum", "check_in_code"], name="forums_one_rsvp_per_code"
            ),
        ]
        indexes = [
            models.Index(
                fields=["forum", "status", "queued_at"], name="forums_rsvp_queue"
            ),
            # The seats taken, summed from this index alone, without reading
            # each RSVP's row: the forum index sums a dozen forums' on each view.
            models.Index(
                fields=["forum", "status", "attendance", "party_size"],
                name="forums_rsvp_seats",
            ),
        ]

    def __str__(self):
        return self.name or str(_("(erased)"))

    @property
    def is_confirmed(self):
        return self.status == RSVPStatus.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == RSVPStatus.WAITLISTED

    @property
    def is_offered(self):
        return self.status == RSVPStatus.OFFERED

    @property
    def holds_seat(self):
        """Counted against capacity: confirmed, or offered and not answered yet."""
        return self.status in HOLDING_SEATS

    @property
    def is_registered(self):
        """Holds a seat, an offered one or a place in line: what ``active()``
        selects."""
        return self.status in (*HOLDING_SEATS, RSVPStatus.WAITLISTED)

    @property
    def is_pending(self):
        return self.status == RSVPStatus.PENDING

    def cancel(self):
        """Give the seat, offer or place in line up. The sequence is raised so
        the cancellation outranks any calendar file the resident was sent."""
        self.status = RSVPStatus.CANCELLED
        self.offer_expires_at = None
        self.calendar_sequence += 1
        self.save(
            update_fields=[
                "status",
                "offer_expires_at",
                "calendar_sequence",
                "updated_at",
            ]
        )

    @property
    def is_cancelled(self):
        return self.status == RSVPStatus.CANCELLED

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def has_accommodations(self):
        return bool(
            self.interpretation_language
            or self.asl
            or self.childcare_children
            or self.access_needs
            or self.other_needs
        )

    @property
    def arrived_count(self):
        """People of the party checked in: 0 before check-in."""
        if self.attended_at is None:
            return 0
        return self.people_arrived or self.party_size

    @property
    def check_in_code_display(self):
        """The code as printed: two short groups are easier to read out."""
        return f"{self.check_in_code[:3]}-{self.check_in_code[3:]}"

    def check_in_qr_svg(self):
        """The code's QR image as inline SVG; it holds the code and nothing else."""
        return segno.make(self.check_in_code, error="m").svg_inline(
            scale=6, title=str(_("QR code of your check-in code"))
        )

    def check_in_qr_png(self):
        """The same image as a PNG, attached to emails (mail programs drop SVG)."""
        buffer = io.BytesIO()
        segno.make(self.check_in_code, error="m").save(buffer, kind="png", scale=8)
        return buffer.getvalue()

    def manage_token(self):
        """The signed token of this RSVP's "change or cancel" link."""
        return signing.dumps({"rsvp": self.pk}, salt=MANAGE_SALT, compress=True)

    def waitlist_position(self):
        """1 for the first in line; counts RSVPs queued no later than this one, in
        the same attendance mode's line at a hybrid forum."""
        line = RSVP.objects.waitlisted().filter(
            forum_id=self.forum_id, queued_at__lte=self.queued_at
        )
        if self.forum.is_hybrid:
            line = line.filter(attendance=self.attendance)
        return line.count()

    def erase_personal_data(self, now=None):
        self.name = ""
        self.email = ""
        self.phone = ""
        self.access_needs = ""
        self.other_needs = ""
        self.user = None
        self.erased_at = now or timezone.now()


class ReminderDelivery(models.Model):
    """A reminder sent: the unique row is what makes each reminder go at most once."""

    rsvp = models.ForeignKey(RSVP, on_delete=models.CASCADE, related_name="reminders")
    hours_before = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        constraints = [
            models.UniqueConstraint(
                fields=["rsvp", "hours_before"], name="forums_one_reminder_per_offset"
            )
        ]

    def __str__(self):
        return f"{self.rsvp_id}: {self.hours_before}h"


class WalkIn(models.Model):
    """People who came without an RSVP; counted in attendance."""

    forum = models.ForeignKey(
        "forums.ForumPage", on_delete=models.CASCADE, related_name="walk_ins"
    )
    count = models.PositiveSmallIntegerField(
        _("people"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")

    def __str__(self):
        return self.name or str(self.count)


@functools.cache
def _seats_taken_query():
    """Seats held in one forum, compiled once with the forum's key
    (``engage.compiled``): a forum page asks it on every view, and building and
    compiling the sum cost more than running it."""
    per_forum = RSVP.objects.filter(forum_id=KEY_PLACEHOLDER).seats_taken_per_forum()
    return CompiledQuery(per_forum.values_list("seats", flat=True))


def seats_taken_at(forum_key):
    """People in confirmed or offered RSVPs to the forum ``forum_key``: 0 when
    none, or for a forum not yet saved."""
    return next(iter(_seats_taken_query().rows(forum_key)), None) or 0
