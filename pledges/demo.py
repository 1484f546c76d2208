"""Demo pledges for two fictional cities. Running it again creates nothing twice and
changes nothing that exists. Every figure here is invented for the demo."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Site

from cms.demo.builder import build_menu
from outcomes.models import ActionItem
from surveys.models import Question

from .models import (
    CommitmentActionItem,
    CommitmentPage,
    CommitmentSurveyQuestion,
    PledgeIndexPage,
    PledgePage,
    Status,
)
from .pledge_template import prefill_commitments
from .services.posting import Evidence, post_update
from .translation import set_translations

INDEX = {
    "slug": "pledges",
    "title": {
        "en": "Mayoral pledges",
        "es": "Compromisos de las alcaldías",
        "zh-hans": "市长承诺",
        "vi": "Cam kết của thị trưởng",
        "ar": "تعهدات رؤساء البلديات",
        "ko": "시장 서약",
    },
    "intro": {
        "en": "<p>Mayors who sign the pledge to end police violence make seven "
        "commitments. Here you can follow each one, city by city, and see the "
        "evidence behind every step.</p>",
        "es": "<p>Las alcaldías que firman el compromiso para acabar con la violencia "
        "policial asumen siete compromisos. Aquí puede seguir cada uno, ciudad por "
        "ciudad, y ver las pruebas de cada paso.</p>",
    },
}

DEMO_NOTE = {
    "en": "Demo figure: invented for this example site",
    "es": "Dato de demostración: inventado para este sitio de ejemplo",
}

CITIES = [
    {
        "slug": "riverton",
        "city": {"en": "Riverton", "zh-hans": "里弗顿", "ko": "리버턴"},
        "mayor": "Dana Whitfield",
        "signed_days_ago": 300,
        "approval": False,
        "killed": "4",
        "overdue": "invest-in-communities",
        "updates": {
            "accountability": [
                (
                    250,
                    Status.IN_PROGRESS,
                    20,
                    {
                        "en": "The council held a first reading of an ordinance that "
                        "creates a civilian review board with the power to compel "
                        "testimony.",
                        "es": "El concejo hizo la primera lectura de una ordenanza que "
                        "crea una junta civil de revisión con poder para exigir "
                        "testimonios.",
                    },
                    [("Council agenda, first reading", "agenda")],
                ),
                (
                    120,
                    Status.IN_PROGRESS,
                    55,
                    {
                        "en": "The ordinance passed seven votes to two. Board seats "
                        "are open to applications in all six languages.",
                        "es": "La ordenanza se aprobó por siete votos a dos. Los "
                        "puestos de la junta están abiertos a solicitudes en los seis "
                        "idiomas.",
                    },
                    [("Adopted ordinance", "ordinance")],
                ),
                (
                    20,
                    Status.PARTIALLY_MET,
                    70,
                    {
                        "en": "Nine board members were sworn in and the board hears "
                        "complaints. It has not yet published its first quarterly "
                        "data report.",
                        "es": "Se juramentaron nueve miembros y la junta ya atiende "
                        "denuncias. Aún no ha publicado su primer informe trimestral "
                        "de datos.",
                    },
                    [("Board roster", "document")],
                ),
            ],
            "training": [
                (
                    200,
                    Status.IN_PROGRESS,
                    30,
                    {
                        "en": "A de-escalation course was chosen together with two "
                        "community organizations, who will co-teach it.",
                        "es": "Se eligió un curso de desescalada junto con dos "
                        "organizaciones comunitarias, que lo impartirán en conjunto.",
                    },
                    [("Training partnership agreement", "training")],
                ),
                (
                    40,
                    Status.IN_PROGRESS,
                    60,
                    {
                        "en": "Half of all patrol officers have finished the "
                        "24-hour course; the rest are scheduled before year end.",
                        "es": "La mitad de los agentes de patrulla terminó el curso "
                        "de 24 horas; el resto lo hará antes de fin de año.",
                    },
                    [("Attendance summary", "attendance")],
                ),
            ],
            "representation": [
                (
                    35,
                    Status.IN_PROGRESS,
                    25,
                    {
                        "en": "Recruitment now runs in Spanish, Vietnamese and "
                        "Korean, and gives points to applicants who live in the "
                        "city.",
                        "es": "La contratación ya se hace en español, vietnamita y "
                        "coreano, y da puntos a quienes viven en la ciudad.",
                    },
                    [("Recruitment plan", "recruitment")],
                ),
            ],
            "preserve-life": [
                (
                    150,
                    Status.IN_PROGRESS,
                    40,
                    {
                        "en": "A new use-of-force policy requires officers to try "
                        "to de-escalate first and to report every use of force.",
                        "es": "Una nueva política exige a los agentes intentar "
                        "primero la desescalada y reportar todo uso de la fuerza.",
                    },
                    [("Use-of-force policy", "policy")],
                ),
                (
                    30,
                    Status.MET,
                    100,
                    {
                        "en": "The department returned its two armored vehicles and "
                        "ended the use of the tactical team at protests.",
                        "es": "El departamento devolvió sus dos vehículos blindados "
                        "y dejó de usar el equipo táctico en protestas.",
                    },
                    [("Equipment return receipt", "receipt")],
                ),
            ],
            "oversight-technology": [
                (
                    90,
                    Status.STALLED,
                    10,
                    {
                        "en": "The public vote on body cameras was postponed and no "
                        "new date has been set.",
                        "es": "La votación pública sobre cámaras corporales se "
                        "aplazó y no hay nueva fecha.",
                    },
                    [("Council minutes", "minutes")],
                ),
            ],
            "end-criminalization": [
                (
                    100,
                    Status.IN_PROGRESS,
                    50,
                    {
                        "en": "Ticket quotas ended by directive and the council "
                        "cut fines for minor offenses.",
                        "es": "Las cuotas de multas terminaron por directiva y el "
                        "concejo redujo las multas por faltas menores.",
                    },
                    [("Chief's directive", "directive")],
                ),
                (
                    25,
                    Status.IN_PROGRESS,
                    40,
                    {
                        "en": "Correction: the council has not yet cut fines; only "
                        "the quota directive is in force. Progress is 40%, not 50%.",
                        "es": "Corrección: el concejo aún no ha reducido las multas; "
                        "solo rige la directiva sobre cuotas. El avance es del 40 %, "
                        "no del 50 %.",
                    },
                    [("Council calendar", "calendar")],
                ),
            ],
            "invest-in-communities": [
                (
                    45,
                    Status.IN_PROGRESS,
                    35,
                    {
                        "en": "The budget moved 2.1 million dollars to youth jobs and "
                        "street lighting, short of the shift that was promised.",
                        "es": "El presupuesto destinó 2,1 millones de dólares a "
                        "empleo juvenil y alumbrado, menos de lo prometido.",
                    },
                    [("Adopted budget", "budget")],
                ),
            ],
        },
        "correction": "end-criminalization",
    },
    {
        "slug": "port-alder",
        "city": {"en": "Port Alder", "zh-hans": "阿尔德港", "ko": "포트올더"},
        "mayor": "Luis Ortega",
        "signed_days_ago": 180,
        "approval": True,
        "killed": "2",
        "overdue": None,
        "updates": {
            "accountability": [
                (
                    50,
                    Status.NOT_STARTED,
                    0,
                    {
                        "en": "No legislation has been proposed yet. A community "
                        "working group starts meeting next month.",
                        "es": "Aún no se ha propuesto legislación. Un grupo de "
                        "trabajo comunitario empieza a reunirse el mes próximo.",
                    },
                    [("Working group announcement", "working-group")],
                ),
            ],
            "training": [
                (
                    45,
                    Status.STALLED,
                    15,
                    {
                        "en": "The training contract lapsed and a new provider has "
                        "not been chosen.",
                        "es": "El contrato de formación venció y no se ha elegido "
                        "un nuevo proveedor.",
                    },
                    [("Procurement notice", "procurement")],
                ),
            ],
            "representation": [
                (
                    30,
                    Status.IN_PROGRESS,
                    30,
                    {
                        "en": "A residency bonus for new officers was approved.",
                        "es": "Se aprobó un incentivo de residencia para nuevos "
                        "agentes.",
                    },
                    [("Personnel resolution", "personnel")],
                ),
            ],
            "preserve-life": [
                (
                    20,
                    Status.PARTIALLY_MET,
                    60,
                    {
                        "en": "The de-escalation policy is in force; surplus "
                        "military rifles have not yet been returned.",
                        "es": "La política de desescalada está vigente; aún no se "
                        "han devuelto los fusiles militares sobrantes.",
                    },
                    [("Policy manual, chapter 3", "manual")],
                ),
            ],
            "oversight-technology": [
                (
                    15,
                    Status.NOT_MET,
                    0,
                    {
                        "en": "Residents voted against body cameras in the advisory "
                        "referendum, and the mayor withdrew the proposal.",
                        "es": "Los residentes votaron en contra de las cámaras "
                        "corporales en el referéndum consultivo y la alcaldía retiró "
                        "la propuesta.",
                    },
                    [("Referendum results", "referendum")],
                ),
            ],
            "end-criminalization": [
                (
                    10,
                    Status.MET,
                    100,
                    {
                        "en": "An ordinance ended fines for loitering and fare "
                        "evasion and abolished ticket quotas.",
                        "es": "Una ordenanza eliminó las multas por merodeo y por no "
                        "pagar el pasaje, y abolió las cuotas de multas.",
                    },
                    [("Ordinance text", "fines-ordinance")],
                ),
            ],
            "invest-in-communities": [
                (
                    5,
                    Status.IN_PROGRESS,
                    15,
                    {
                        "en": "A participatory budget for the east side opened for "
                        "proposals.",
                        "es": "Se abrió a propuestas un presupuesto participativo "
                        "para el lado este.",
                    },
                    [("Participatory budget call", "participatory")],
                ),
            ],
        },
        "correction": None,
    },
]


def _demo_document(title, filename, text):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(text.encode()), save=False)
        document.save()
    return document


def _build_index(home):
    index = PledgeIndexPage.objects.child_of(home).filter(slug=INDEX["slug"]).first()
    if index is not None:
        return index, False
    index = PledgeIndexPage(slug=INDEX["slug"])
    set_translations(index, "title", INDEX["title"])
    set_translations(index, "intro", INDEX["intro"])
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


def _build_pledge(index, spec, today):
    pledge = PledgePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if pledge is not None:
        return pledge, False
    city = spec["city"]["en"]
    signed = today - datetime.timedelta(days=spec["signed_days_ago"])
    pledge = PledgePage(
        slug=spec["slug"],
        mayor_name=spec["mayor"],
        date_signed=signed,
        require_update_approval=spec["approval"],
        signed_document=_demo_document(
            f"Signed pledge: {city} (demo)",
            f"{spec['slug']}-signed-pledge.txt",
            f"Demo document. Mayor {spec['mayor']} of {city} signed the pledge "
            f"to end police violence on {signed.isoformat()}.",
        ),
    )
    set_translations(
        pledge,
        "title",
        {
            "en": f"{city}: pledge to end police violence",
            "es": f"{city}: compromiso para acabar con la violencia policial",
        },
    )
    set_translations(pledge, "city", spec["city"])
    set_translations(
        pledge,
        "intro",
        {
            "en": f"<p>Mayor {spec['mayor']} signed the pledge and committed the "
            "city to seven actions. Each one is tracked below.</p>",
            "es": f"<p>{spec['mayor']} firmó el compromiso y obligó a la ciudad a "
            "siete acciones. Cada una se sigue aquí.</p>",
        },
    )
    for code, note in (("en", DEMO_NOTE["en"]), ("es", DEMO_NOTE["es"])):
        description = {
            "en": f"people killed by police in {city}",
            "es": f"personas muertas por la policía en {city}",
        }[code]
        setattr(
            pledge,
            f"local_context_{code}",
            [
                (
                    "figure",
                    {
                        "value": spec["killed"],
                        "description": description,
                        "year": signed.year - 1,
                        "source_name": note,
                        "source_url": "",
                    },
                )
            ],
        )
    index.add_child(instance=pledge)
    pledge.save_revision().publish()
    return pledge, True


def _post_demo_updates(pledge, spec, today):
    commitments = {c.slug: c for c in CommitmentPage.objects.child_of(pledge)}
    evidence_document = _demo_document(
        f"Evidence: {spec['city']['en']} (demo)",
        f"{spec['slug']}-evidence.txt",
        "Demo evidence document.",
    )
    posted = 0
    for slug, updates in spec["updates"].items():
        commitment = commitments.get(slug)
        if commitment is None or commitment.updates.exists():
            continue
        if slug == spec["overdue"]:
            commitment.target_date = today - datetime.timedelta(days=30)
            commitment.save_revision().publish()
        previous = None
        for days_ago, status, percentage, explanation, evidence in updates:
            items = [
                Evidence(title=title, document=evidence_document)
                if key == "document"
                else Evidence(
                    title=title,
                    url=f"https://www.example.org/{spec['slug']}/{key}",
                )
                for title, key in evidence
            ]
            corrects = previous if slug == spec["correction"] else None
            previous = post_update(
                commitment,
                user=None,
                status=status,
                percentage=percentage,
                explanation=explanation,
                update_date=today - datetime.timedelta(days=days_ago),
                evidence=items,
                corrects=corrects,
            )
            posted += 1
    return posted


# Commitments linked to the forums and surveys demos: action items by their
# English wording (for the first city only, whose forums they were), survey
# questions by their short code (for every city).
LINKED_ACTION_ITEMS = {
    "accountability": [
        "Translate the complaint form into five languages",
        "Make the home address optional on complaints",
    ],
    "preserve-life": ["Pilot a co-responder clinician on evening shifts"],
}
LINKED_QUESTIONS = {
    "accountability": ["trust-police"],
    "preserve-life": ["feel-safe"],
    "end-criminalization": ["treated-fairly"],
}


def _link_demo_content(pledge, with_action_items):
    """Link commitments to the forums and surveys demos when those exist.

    Whichever demo runs first, running the whole demo again fills in what was
    missing; a commitment that already has links is left as it is."""
    linked = 0
    for commitment in CommitmentPage.objects.child_of(pledge).live():
        items = []
        if with_action_items and not commitment.related_action_items.exists():
            for description in LINKED_ACTION_ITEMS.get(commitment.slug, []):
                item = (
                    ActionItem.objects.filter(
                        description_en=description, summary__live=True
                    )
                    .order_by("-summary__forum__start")
                    .first()
                )
                if item is not None:
                    items.append(CommitmentActionItem(action_item=item))
        questions = []
        if not commitment.related_questions.exists():
            for key in LINKED_QUESTIONS.get(commitment.slug, []):
                question = (
                    Question.objects.filter(
                        key=key, page__live=True, page__results_public=True
                    )
                    .order_by("-page__opens_at", "-pk")
                    .first()
                )
                if question is not None:
                    questions.append(CommitmentSurveyQuestion(question=question))
        if not items and not questions:
            continue
        commitment = commitment.get_latest_revision_as_object()
        if items:
            commitment.related_action_items = items
        if questions:
            commitment.related_questions = questions
        commitment.save_revision().publish()
        linked += 1
    return linked


@transaction.atomic
def build(home, stdout=None):
    today = timezone.localdate()
    index, created = _build_index(home)
    posted = linked = 0
    for spec in CITIES:
        pledge, _new = _build_pledge(index, spec, today)
        prefill_commitments(pledge)
        posted += _post_demo_updates(pledge, spec, today)
        linked += _link_demo_content(pledge, with_action_items=spec is CITIES[0])
    if stdout is not None:
        stdout.write(
            f"Pledges: index {'created' if created else 'kept'}, "
            f"{posted} progress update(s) added, {linked} commitment(s) linked to "
            "forums and surveys."
        )
    return index


@hooks.register("engage_load_demo", order=30)
def load_pledge_demo(home_page, stdout):
    """For ``load_demo``, last: commitments link to forum action items and
    survey questions."""
    build(home_page, stdout)
    index = PledgeIndexPage.objects.child_of(home_page).first()
    site = Site.objects.filter(root_page=home_page).first()
    if index and site:
        build_menu(site, [index])
