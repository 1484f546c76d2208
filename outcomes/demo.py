"""Demo content for forum outcomes: summaries of the three past forums with action
items (some carried forward), a department roster, and one finished distribution.
Registered on the ``engage_load_demo`` hook after the forums demo, whose series'
forums it summarises; running it again creates nothing twice."""

import datetime
import unicodedata

from django.db import transaction
from django.utils import timezone, translation
from wagtail import hooks

from cms.demo.builder import set_translations
from forums.demo import SERIES_SLUG
from forums.models import RSVP, ForumIndexPage, ForumPage
from forums.roles import ensure_roles

from .action_demo import add_history
from .demo_dates import corrected_at, dated, published_at
from .models import (
    ActionItem,
    ActionStatus,
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    DepartmentUnit,
    Distribution,
    DistributionStatus,
    ForumSummaryPage,
)
from .sending import create_distribution

UNITS = [
    "Eastside District",
    "Riverside District",
    "Traffic Unit",
    "Youth Services",
    "Community Policing Unit",
]
FIRST_NAMES = [
    ("Alex", "en"),
    ("María", "es"),
    ("Wei", "zh-hans"),
    ("Thanh", "vi"),
    ("Yusuf", "ar"),
    ("Min-seo", "ko"),
    ("Jordan", "en"),
    ("Lucía", "es"),
    ("Hao", "zh-hans"),
    ("Linh", "vi"),
    ("Samir", "ar"),
    ("Ji-ho", "ko"),
    ("Taylor", "en"),
]
LAST_NAMES = ["Reyes", "Okafor", "Chen", "Pham", "Haddad", "Kim", "Murphy", "Silva"]
RANKS = ["Officer", "Officer", "Officer", "Sergeant", "Detective", "Lieutenant"]
ROSTER_SIZE = 64
# The days over which the demo distribution's members confirm and are reminded.
FOLLOW_UP = datetime.timedelta(days=8)

SUMMARIES = [
    {
        "topics": {
            "en": "<p>How traffic stops are decided, the new youth basketball "
            "nights, and street lighting on the way to the library.</p>",
            "es": "<p>Cómo se deciden los controles de tráfico, las nuevas noches "
            "de baloncesto juvenil y el alumbrado camino a la biblioteca.</p>",
        },
        "concerns": {
            "en": "<ul><li>Residents feel stops near the school happen more often "
            "to young people of colour.</li><li>Dark paths behind the library make "
            "people avoid evening events.</li><li>Few officers speak Spanish or "
            "Vietnamese on the night shift.</li></ul>",
            "es": "<ul><li>Los vecinos sienten que los controles cerca de la escuela "
            "afectan más a jóvenes de color.</li><li>Los caminos oscuros detrás de "
            "la biblioteca alejan a la gente de las actividades nocturnas.</li>"
            "<li>Pocos agentes hablan español o vietnamita en el turno de noche."
            "</li></ul>",
        },
        "responses": {
            "en": "<p>The captain committed to publishing stop data for the "
            "district every quarter, and to asking the city for new lights. The "
            "department will list bilingual officers by shift.</p>",
            "es": "<p>La capitana se comprometió a publicar cada trimestre los "
            "datos de controles del distrito y a pedir nuevas luces a la ciudad. "
            "El departamento publicará qué agentes bilingües hay en cada turno.</p>",
        },
        "officers": "Captain R. Alvarez\nSergeant T. Okafor\nOfficer L. Pham",
        "units": ["Eastside District", "Youth Services"],
        "items": [
            ("Publish quarterly traffic-stop data for the district", "done", 30),
            ("Ask Public Works to light the library path", "in_progress", 45),
            ("List bilingual officers on each shift", "open", 60),
            ("Station an officer at every school gate", "declined", 30),
        ],
    },
    {
        "topics": {
            "en": "<p>Follow-up on stop data, mental-health calls, and how to "
            "file a complaint without fear of retaliation.</p>",
        },
        "concerns": {
            "en": "<ul><li>Families want trained responders, not patrol officers, "
            "for mental-health crises.</li><li>The complaint form is only in "
            "English and asks for a home address.</li></ul>",
        },
        "responses": {
            "en": "<p>The department will pilot a co-responder clinician on "
            "evening shifts and translate the complaint form.</p>",
        },
        "officers": "Lieutenant S. Haddad\nOfficer M. Reyes",
        "units": ["Eastside District", "Community Policing Unit"],
        "items": [
            ("Translate the complaint form into five languages", "in_progress", 40),
            ("Make the home address optional on complaints", "done", 20),
            ("Pilot a co-responder clinician on evening shifts", "open", 90),
        ],
        # After publication, the pilot's due date was moved a month later.
        "moved": (2, 30),
    },
    {
        "topics": {
            "en": "<p>Speeding on Market Street, the co-responder pilot, and "
            "youth summer jobs with the department.</p>",
        },
        "concerns": {
            "en": "<ul><li>Speeding near the bus stops on Market Street.</li>"
            "<li>Young people want to be heard before the summer programme is "
            "planned.</li></ul>",
        },
        "responses": {
            "en": "<p>The traffic unit will run a speed survey and share the "
            "results at the next forum. Youth Services will hold a listening "
            "session with students.</p>",
        },
        "officers": "Sergeant J. Kim\nOfficer A. Murphy\nOfficer H. Chen",
        "units": ["Traffic Unit", "Youth Services"],
        "items": [
            ("Run a speed survey on Market Street", "open", 30),
            ("Hold a listening session with students", "open", 21),
        ],
    },
]


def build_demo(home_page, stdout):
    """Outcomes of the forums demo's past forums; nothing without that demo."""
    index = ForumIndexPage.objects.child_of(home_page).first()
    if index is None:
        return
    forums = list(ForumPage.objects.filter(series__slug=SERIES_SLUG).order_by("start"))
    with transaction.atomic():
        build_outcomes(index, forums, stdout)


def build_outcomes(index, forums, stdout):
    ensure_roles([index])
    units = {name: DepartmentUnit.objects.get_or_create(name=name)[0] for name in UNITS}
    now = timezone.now()
    past = [forum for forum in forums if forum.end < now][-len(SUMMARIES) :]
    summaries = [
        _summary(forum, data, units)
        for forum, data in zip(past, SUMMARIES, strict=False)
    ]
    for summary in summaries:
        add_history(summary)
    members = _roster(units)
    if summaries and not Distribution.objects.exists():
        _distribution(summaries[-1])
    stdout.write(
        f"Forum outcomes demo: {len(summaries)} summaries, {members} department "
        f"members, {Distribution.objects.count()} distribution(s)."
    )


def _summary(forum, data, units):
    summary = ForumSummaryPage.objects.filter(forum=forum).first()
    if summary is not None:
        return summary
    counts = forum.attendance()
    summary = ForumSummaryPage(
        slug="summary",
        residents_attended=counts["checked_in_people"],
        walk_ins=counts["walk_in_people"],
        officers_attended=len(data["officers"].splitlines()) + 2,
        officers_present=data["officers"],
    )
    with translation.override("en"):
        set_translations(summary, "title", {"en": f"Summary: {forum.display_title}"})
    with translation.override("es"):
        summary.title_es = f"Resumen: {forum.display_title}"
    for field in ("topics", "concerns", "responses"):
        set_translations(summary, field, data[field])
    for position, (description, status, due_in) in enumerate(data["items"]):
        item = ActionItem(
            sort_order=position,
            status=status,
            responsible_unit=units["Eastside District"]
            if position % 2 == 0
            else units["Community Policing Unit"],
            responsible_person="Captain R. Alvarez" if position == 0 else "",
            due_date=forum.start.date() + datetime.timedelta(days=due_in),
        )
        with translation.override("en"):
            item.description = description
        if status == ActionStatus.DECLINED:
            item.declined_reason_en = item.declined_reason = (
                "School staff and parents asked for fewer uniformed officers at "
                "the gates; crossing guards will be added instead."
            )
        summary.action_items.add(item)
    published = published_at(forum, timezone.now())
    with dated(summary, published):
        forum.add_child(instance=summary)
        summary.units_present.set([units[name] for name in data["units"]])
        summary.save_revision().publish()
    # Residents of past forums were told when each summary came out.
    RSVP.objects.filter(forum=forum).update(summary_emailed_at=published)
    if "moved" in data:
        with dated(summary, corrected_at(summary, timezone.now())):
            _move_due_date(summary, *data["moved"])
    return summary


def _move_due_date(summary, position, days):
    """A correction as the public sees one: an item's due date moved after
    publication, shown beside the date first agreed (``item_record``)."""
    draft = summary.get_latest_revision_as_object()
    items = list(draft.action_items.all())
    items[position].due_date += datetime.timedelta(days=days)
    draft.action_items = items
    draft.save_revision().publish()


def _roster(units):
    unit_list = list(units.values())
    for number in range(ROSTER_SIZE):
        first, language = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[number % len(LAST_NAMES)]
        email = f"{_ascii(first)}.{last}.{number}@police.example".lower()
        DepartmentMember.objects.get_or_create(
            email=email,
            defaults={
                "name": f"{first} {last}",
                "unit": unit_list[number % len(unit_list)],
                "role": RANKS[number % len(RANKS)],
                "preferred_language": language,
                "active": number % 31 != 30,
            },
        )
    return DepartmentMember.objects.count()


def _distribution(summary):
    """A finished distribution with the mix of outcomes a real one shows, sent
    the day its summary came out. Its members' confirmations and reminders
    spread over the week after, or over the time since when that is shorter."""
    created = create_distribution(summary, enqueue=False)
    now = timezone.now()
    sent_at = summary.first_published_at
    scale = min(1, (now - sent_at) / FOLLOW_UP)

    def after(delay):
        return sent_at + delay * scale

    rows = list(created.deliveries.order_by("pk").values_list("pk", "member_id"))
    for position, (pk, member_id) in enumerate(rows):
        changes = {
            "status": DeliveryStatus.DELIVERED,
            "sent_at": sent_at,
            "status_changed_at": after(datetime.timedelta(minutes=2)),
            "attempts": 1,
            "esp_message_id": f"demo-{pk}",
        }
        if position % 3 == 0:
            changes["status"] = DeliveryStatus.OPENED
        if position % 5 < 3:
            changes["acknowledged_at"] = after(datetime.timedelta(hours=6 + position))
        elif position % 5 == 3:
            changes["reminder_sent_at"] = after(datetime.timedelta(days=7))
        if position in (7, 29):
            changes.update(
                status=DeliveryStatus.BOUNCED,
                last_error="The server was unable to deliver your message "
                "(mailbox not found).",
            )
            changes.pop("acknowledged_at", None)
            changes.pop("reminder_sent_at", None)
            DepartmentMember.objects.filter(pk=member_id).update(
                address_needs_attention=True
            )
        if position == 41:
            changes.update(status=DeliveryStatus.DEFERRED)
            changes.pop("acknowledged_at", None)
        Delivery.objects.filter(pk=pk).update(**changes)
    Distribution.objects.filter(pk=created.pk).update(
        created_at=sent_at,
        status=DistributionStatus.COMPLETED,
        completed_at=after(datetime.timedelta(minutes=5)),
    )
    return created


def _ascii(text):
    return (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ).replace(" ", "")


# For load_demo, right after the forums whose outcomes these are.
hooks.register("engage_load_demo", build_demo, order=10)
