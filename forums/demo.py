"""Demo content for forums, run by ``manage.py load_demo`` through the
``engage_load_demo`` hook. Running it again creates and changes nothing."""

import datetime
import unicodedata

from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Site

from cms.demo.builder import build_menu, set_translations
from engage.models import Area
from engage.timezones import site_timezone

from .generation import generate_forums
from .models import (
    RSVP,
    ForumIndexPage,
    ForumOfficer,
    ForumSeries,
    ForumStatus,
    RSVPStatus,
    Venue,
    WalkIn,
)

AREAS = {
    "eastside": {
        "en": "Eastside",
        "es": "Lado Este",
        "vi": "Khu Đông",
        "ko": "이스트사이드",
    },
    "riverside": {
        "en": "Riverside",
        "es": "Ribera",
        "vi": "Ven sông",
        "ko": "리버사이드",
    },
}

INDEX = {
    "title": {
        "en": "Community forums",
        "es": "Foros comunitarios",
        "zh-hans": "社区论坛",
        "vi": "Diễn đàn cộng đồng",
        "ar": "المنتديات المجتمعية",
        "ko": "지역사회 포럼",
    },
    "intro": {
        "en": "Every month, residents and officers from the department sit down "
        "together. Come and ask questions, raise concerns and hear what changed "
        "since last time. Interpretation and childcare are free; ask when you RSVP.",
        "es": "Cada mes, residentes y agentes del departamento se sientan juntos. "
        "Venga a preguntar, plantear sus inquietudes y saber qué cambió desde la "
        "última vez. La interpretación y el cuidado de niños son gratuitos; "
        "pídalos al inscribirse.",
        "vi": "Mỗi tháng, cư dân và cảnh sát ngồi lại cùng nhau. Hãy đến đặt câu "
        "hỏi, nêu mối quan tâm và nghe những gì đã thay đổi. Thông dịch và giữ trẻ "
        "miễn phí; hãy yêu cầu khi đăng ký.",
    },
}

# The outcomes demo summarises this series' past forums.
SERIES_SLUG = "eastside"

SERIES = {
    "title": {
        "en": "Eastside police-community forum",
        "es": "Foro policía-comunidad del Lado Este",
        "zh-hans": "东区警民论坛",
        "vi": "Diễn đàn cảnh sát và cộng đồng Khu Đông",
        "ar": "منتدى الشرطة والمجتمع في الجانب الشرقي",
        "ko": "이스트사이드 경찰-지역사회 포럼",
    },
    "description": {
        "en": "Officers from the Eastside district and residents talk about "
        "traffic stops, youth programmes and what the department is doing about "
        "concerns raised at earlier forums.",
        "es": "Agentes del distrito Este y residentes hablan de controles de "
        "tráfico, programas juveniles y de lo que el departamento hace con las "
        "inquietudes planteadas en foros anteriores.",
        "vi": "Cảnh sát Khu Đông và cư dân trao đổi về việc dừng xe, chương trình "
        "thanh thiếu niên và những gì sở cảnh sát đang làm với các mối quan tâm "
        "đã nêu ở các diễn đàn trước.",
    },
}

VENUES = [
    {
        "name": {"en": "Eastside Branch Library", "es": "Biblioteca sucursal Este"},
        "address": "1400 East Market Street\nCommunity Room, ground floor",
        "accessibility_notes": {
            "en": "Step-free entrance on Market Street, lift to all floors, "
            "accessible toilets, hearing loop in the community room.",
            "es": "Entrada sin escalones por Market Street, ascensor a todas las "
            "plantas, baños accesibles y bucle magnético en la sala comunitaria.",
        },
        "transit_and_parking": {
            "en": "Bus 12 and 40 stop outside. Free parking behind the library, "
            "with four accessible spaces by the door.",
            "es": "Los autobuses 12 y 40 paran en la puerta. Estacionamiento "
            "gratuito detrás de la biblioteca, con cuatro plazas accesibles.",
        },
        "map_url": "https://www.openstreetmap.org/search?query=1400%20East%20Market%20Street",
    },
    {
        "name": {"en": "Riverside Community Center", "es": "Centro comunitario Ribera"},
        "address": "22 River Road\nGymnasium",
        "accessibility_notes": {
            "en": "Ramp at the side entrance; seating with space for wheelchairs "
            "at the front; quiet room available on request.",
            "es": "Rampa en la entrada lateral; espacio para sillas de ruedas "
            "delante; sala tranquila si la pide.",
        },
        "transit_and_parking": {
            "en": "Light rail Riverside station, five minutes on foot. Street parking.",
            "es": "Estación Riverside del tren ligero, a cinco minutos a pie.",
        },
        "map_url": "https://www.openstreetmap.org/search?query=22%20River%20Road",
    },
]

RESIDENTS = [
    ("María González", "es", 2, {"interpretation_language": "es"}),
    ("Nguyễn Văn An", "vi", 1, {"interpretation_language": "vi"}),
    (
        "Li Wei",
        "zh-hans",
        3,
        {"interpretation_language": "zh-hans", "childcare_children": 2},
    ),
    (
        "Fatima Haddad",
        "ar",
        2,
        {"interpretation_language": "ar", "childcare_children": 1},
    ),
    ("Kim Min-jun", "ko", 1, {}),
    ("James Carter", "en", 1, {"asl": True}),
    (
        "Rosa Delgado",
        "es",
        4,
        {"interpretation_language": "es", "childcare_children": 2},
    ),
    ("Tran Thi Mai", "vi", 2, {"access_needs": "Wheelchair seating near the front."}),
    ("Aisha Bello", "en", 1, {}),
    ("Carlos Ruiz", "es", 1, {"interpretation_language": "es"}),
    ("Park Ji-woo", "ko", 2, {}),
    ("Grace Liu", "zh-hans", 1, {"other_needs": "Large-print agenda, please."}),
    ("Omar Saleh", "ar", 1, {"interpretation_language": "ar"}),
    ("Daniel Brooks", "en", 2, {}),
]


def build_demo(home_page, stdout):
    with transaction.atomic():
        areas = [_area(slug, names) for slug, names in AREAS.items()]
        venues = [_venue(data) for data in VENUES]
        index = _index(home_page)
        series = _series(index, venues[0], areas[:1])
        forums = _forums(series)
        _rsvps(forums)
        site = Site.objects.filter(root_page=home_page).first()
        if site:
            build_menu(site, [index])
    stdout.write(f"Forums demo: {len(forums)} forums in {series.title}.")


def _area(slug, names):
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        area = Area(slug=slug)
        set_translations(area, "name", names)
        area.save()
    return area


def _venue(data):
    venue = Venue.objects.filter(name_en=data["name"]["en"]).first()
    if venue is None:
        venue = Venue(address=data["address"], map_url=data["map_url"])
        for field in ("name", "accessibility_notes", "transit_and_parking"):
            set_translations(venue, field, data[field])
        venue.save()
    return venue


def _index(home_page):
    index = ForumIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = ForumIndexPage(slug="forums")
        set_translations(index, "title", INDEX["title"])
        set_translations(
            index, "intro", INDEX["intro"], wrap=lambda text: f"<p>{text}</p>"
        )
        home_page.add_child(instance=index)
        index.save_revision().publish()
    return index


def _series(index, venue, areas):
    series = ForumSeries.objects.filter(slug=SERIES_SLUG).first()
    if series is None:
        today = timezone.localdate(timezone=site_timezone())
        series = ForumSeries(
            slug=SERIES_SLUG,
            index_page=index,
            starts_on=today.replace(day=1) - datetime.timedelta(days=150),
            start_time=datetime.time(18, 30),
            end_time=datetime.time(20, 0),
            venue=venue,
            capacity=60,
            max_party_size=6,
            interpretation_languages=["es", "vi", "zh-hans", "ar"],
        )
        set_translations(series, "title", SERIES["title"])
        set_translations(series, "description", SERIES["description"])
        series.save()
        series.areas.set(areas)
        series.save()
    return series


def _forums(series):
    """Three past dates and six upcoming ones; the third upcoming is cancelled."""
    if not series.forums.exists():
        today = timezone.localdate(timezone=site_timezone())
        past = [
            day
            for day in series.occurrence_dates(12, after=series.starts_on)
            if day < today
        ][-3:]
        generate_forums(series, count=len(past) + 6, after=past[0] if past else today)
        upcoming = list(
            series.forums.filter(start__gte=timezone.now()).order_by("start")
        )
        if upcoming:
            first = upcoming[0]
            first.capacity = 12
            _set_officers(first)
            first.save_revision().publish()
        if len(upcoming) > 2:
            cancelled = upcoming[2]
            cancelled.status = ForumStatus.CANCELLED
            cancelled.save_revision().publish()
    return list(series.forums.order_by("start"))


def _set_officers(forum):
    forum.expected_officers = [
        ForumOfficer(rank="Captain", name="R. Alvarez", unit="Eastside District"),
        ForumOfficer(rank="Officer", name="T. Okafor", unit="Community Policing Unit"),
        ForumOfficer(unit="Youth Services"),
    ]


SIGN_UPS_OPEN = datetime.timedelta(days=21)


def _rsvps(forums):
    """A realistic spread: a full first forum with a waitlist, lighter later ones."""
    now = timezone.now()
    for position, forum in enumerate(forums):
        if forum.status == ForumStatus.CANCELLED or forum.rsvps.exists():
            continue
        # Sign-ups open three weeks ahead, and none is dated after now.
        opened = min(forum.start - SIGN_UPS_OPEN, now - SIGN_UPS_OPEN / 10)
        people = RESIDENTS if forum.start > now and position % 3 == 0 else RESIDENTS[:7]
        taken = 0
        for number, (name, language, party, extra) in enumerate(people):
            fits = forum.capacity is None or taken + party <= forum.capacity
            taken += party if fits else 0
            email = name.lower().replace(" ", ".").replace("-", "")
            rsvp = RSVP(
                forum=forum,
                name=name,
                email=f"{_ascii(email)}@example.org",
                language=language,
                party_size=party,
                status=RSVPStatus.CONFIRMED if fits else RSVPStatus.WAITLISTED,
                queued_at=opened + datetime.timedelta(hours=number),
                **extra,
            )
            if forum.end < now and fits and number % 4 != 3:
                rsvp.attended_at = forum.start
            rsvp.save()
            # Signed up when they joined the line, not as the demo was loaded.
            RSVP.objects.filter(pk=rsvp.pk).update(
                created_at=rsvp.queued_at, updated_at=rsvp.queued_at
            )
        if forum.end < now:
            WalkIn.objects.create(forum=forum, count=5, created_at=forum.start)


def _ascii(text):
    return (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        or "resident"
    )


# For load_demo, first: every other demo builds on these forums.
hooks.register("engage_load_demo", build_demo, order=0)
