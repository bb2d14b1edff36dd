"""Demo archive for `dld-demo`: approved outcomes of its Democratie Testlabs (werkt, werkt deels),
of its Raad op Zaterdag and of one workshop, each with small generated materials, so the
kennisbank shows real entries at once. The previous edition (`dld-demo-2026`, loaded by the
feedback area) gets approved outcomes, materials and published evaluation summaries, and one
Testlab of the demo partner still waits for approval (so its outcome form is open)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from festival import audit
from festival.archive import services as archive
from festival.archive.models import (
    Material,
    MaterialKind,
    Outcome,
    OutcomeState,
    Verdict,
)
from festival.archive.schemas import MaterialFileIn, OutcomeIn, RecordingIn
from festival.evaluation import queries as evaluation_queries
from festival.events.models import Event
from festival.settings import Settings

LAB_OUTCOMES = [
    OutcomeIn(
        question="Wat gebeurt er als inwoners door loting een advies aan de raad schrijven?",
        method="Burgerberaad van 40 gelote inwoners, vier avonden, onafhankelijke begeleiding.",
        council="Gemeenteraad van Zeist",
        happened="Het beraad schreef twaalf aanbevelingen; de raad nam er tien over.",
        verdict=Verdict.WERKT,
        why="De raad beloofde vooraf wat hij met het advies zou doen, en hield zich daaraan.",
        why_tags=["rol_van_de_raad", "begeleiding"],
    ),
    OutcomeIn(
        question="Helpt een digitale raadpleging om jongeren bij de begroting te betrekken?",
        method="Online begrotingsspel, verspreid via scholen en sportclubs.",
        council="Gemeente Amersfoort",
        happened="Ruim 600 jongeren deden mee, maar vooral van twee scholen.",
        verdict=Verdict.WERKT_DEELS,
        why="De timing viel samen met de examens; wie er bij was hing af van de scholen.",
        why_tags=["timing", "wie_was_er_bij"],
    ),
]
RAAD_OUTCOME = OutcomeIn(
    council="Gemeenteraad van Enschede",
    theme="Een veilige schoolroute in de wijk",
    residents=85,
    follow_up="De raad nam een motie aan voor drie oversteekplaatsen; die liggen er nu.",
)
SHORT_OUTCOME = OutcomeIn(
    summary="Griffiers deelden tien praktische tips om raadsvergaderingen begrijpelijker te maken."
)


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with the title as its only text (small, and made without a renderer)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\n"
    return out + b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"


async def extend_demo(event: Event, *, media_dir: Path | None = None) -> dict[str, Any]:
    # The demo loader is handed only the event; the files go where the app serves media from.
    media_dir = media_dir or Settings.from_env().media_dir
    sessions = await archive.sessions_of_event(event)
    labs = [s for s in sessions if s.format == "lab"]
    raad = [s for s in sessions if s.format == "raad_op_zaterdag"]
    workshops = [s for s in sessions if s.format == "workshop"]
    chosen = list(zip(labs, LAB_OUTCOMES, strict=False))
    chosen += list(zip(raad[:1], [RAAD_OUTCOME], strict=False))
    chosen += list(zip(workshops[:1], [SHORT_OUTCOME], strict=False))
    done = await Outcome.filter(session_id__in=[s.id for s, _o in chosen]).values_list(
        "session_id", flat=True
    )
    made = 0
    for session, data in chosen:
        if session.id in done:
            continue
        actor = audit.SYSTEM
        await archive.save_outcome(session, data, actor=actor, submit=True, event=event)
        await archive.add_file(
            session,
            MaterialFileIn(title=f"Dia's: {session.title}"[:200], kind=MaterialKind.SLIDES),
            content=demo_pdf(session.title),
            media_dir=media_dir,
            actor=actor,
            approved=True,
        )
        await archive.add_recording(
            session,
            RecordingIn(title="Opname", url=f"https://video.example.org/{session.code}"),
            actor=actor,
            approved=True,
        )
        await archive.approve_outcome(session, event=event, actor=actor)
        made += 1
    return {"outcomes": made, "kennisbank": "/kennisbank"}


# ---------------------------------------------------------------- the previous edition (2026)

BURGERBERAAD = "Burgerberaad in uw gemeente: van loting tot advies"
WIJKBEGROTING = "Democratie Testlab: de wijkbegroting"
RAAD_2026 = "Raad op Zaterdag: zo organiseert u het"
# session title -> (state, the outcome's fields)
PREVIOUS_OUTCOMES: dict[str, tuple[OutcomeState, dict[str, Any]]] = {
    BURGERBERAAD: (
        OutcomeState.APPROVED,
        {
            "question": "Kan een burgerberaad van gelote inwoners de raad helpen bij een "
            "lastige keuze over de energietransitie in de wijk?",
            "method": "Vijftig gelote inwoners, vijf zaterdagen, met deskundigen en een "
            "onafhankelijke gespreksleider; de raad beloofde vooraf een reactie op elk advies.",
            "council": "Gemeenteraad van Utrecht",
            "happened": "Het beraad gaf veertien adviezen. De raad nam er elf over en legde "
            "in een openbare brief uit waarom drie adviezen niet.",
            "verdict": Verdict.WERKT,
            "why": "De raad zei vooraf wat hij met de adviezen zou doen. Door de loting "
            "zaten er ook mensen aan tafel die nooit naar een inspraakavond komen.",
            "why_tags": ["rol_van_de_raad", "wie_was_er_bij", "begeleiding"],
        },
    ),
    WIJKBEGROTING: (
        OutcomeState.SUBMITTED,  # the partner handed it in; the organisers have yet to approve
        {
            "question": "Besteden bewoners een deel van het wijkbudget beter dan de gemeente?",
            "method": "Bewoners van Zeist-West verdeelden 50.000 euro via een online stemming "
            "en twee wijkavonden.",
            "council": "Gemeente Zeist",
            "happened": "Ruim 400 bewoners stemden; zes plannen kregen geld. Jongeren en "
            "huurders deden nauwelijks mee.",
            "verdict": Verdict.WERKT_DEELS,
            "why": "De stemming liep in de zomervakantie en de wijkavonden waren vooral "
            "bekend bij mensen die al actief waren.",
            "why_tags": ["timing", "communicatie"],
        },
    ),
    RAAD_2026: (
        OutcomeState.APPROVED,
        {
            "council": "Gemeenteraad van Zeist",
            "theme": "Meer groen en minder hitte in de dorpskern",
            "residents": 64,
            "follow_up": "De raad vroeg het college om een hitteplan; in de begroting van "
            "2027 staat geld voor twintig nieuwe bomen en twee waterpleinen.",
        },
    ),
    "Weerbaar bestuur: omgaan met intimidatie": (
        OutcomeState.APPROVED,
        {
            "summary": "Raadsleden en griffiers maakten samen een stappenplan voor als een "
            "raadslid wordt bedreigd: melden, steun van de fractie, en een vast "
            "aanspreekpunt bij de griffie."
        },
    ),
    "Een jongerenraad opzetten: lessen uit Rotterdam-Zuid": (
        OutcomeState.APPROVED,
        {
            "summary": "Een jongerenraad werkt als jongeren zelf de onderwerpen kiezen en de "
            "raad binnen drie maanden antwoordt. Een vaste begeleider is onmisbaar."
        },
    ),
    "Vertrouwen meten in uw gemeente": (
        OutcomeState.APPROVED,
        {
            "summary": "Deelnemers kregen een korte vragenlijst om vertrouwen in de raad te "
            "meten, en het advies om elk jaar dezelfde vragen te stellen."
        },
    ),
}
# (session title, kind, title, approved): slides and hand-outs as small PDFs, a recording link
PREVIOUS_MATERIALS = [
    (BURGERBERAAD, MaterialKind.SLIDES, "Dia's: burgerberaad van loting tot advies", True),
    (BURGERBERAAD, MaterialKind.RECORDING, "Opname van de sessie", True),
    (RAAD_2026, MaterialKind.HANDOUT, "Draaiboek Raad op Zaterdag", True),
    (
        "Weerbaar bestuur: omgaan met intimidatie",
        MaterialKind.HANDOUT,
        "Stappenplan bij intimidatie",
        True,
    ),
    (WIJKBEGROTING, MaterialKind.SLIDES, "Dia's: de wijkbegroting van Zeist-West", False),
]


def _material(
    session: archive.SessionRef, kind: MaterialKind, title: str, approved: bool, folder: Path
) -> Material:
    if kind == MaterialKind.RECORDING:
        url = f"https://video.example.org/{session.code}"
        return Material(
            session_id=session.id,
            event_id=session.event_id,
            kind=kind,
            title=title,
            url=url,
            approved=approved,
        )
    content = demo_pdf(title)
    stored_name = secrets.token_hex(16) + ".pdf"
    (folder / stored_name).write_bytes(content)  # stored like an upload: a random name
    return Material(
        session_id=session.id,
        event_id=session.event_id,
        kind=kind,
        title=title,
        filename=archive.download_name(title, ".pdf"),
        stored_name=stored_name,
        content_type="application/pdf",
        size=len(content),
        approved=approved,
    )


async def extend_previous_edition(event: Event, *, media_dir: Path | None = None) -> dict[str, Any]:
    """Outcomes, materials and published evaluation summaries of the edition before `event`
    (bulk inserts), then its archive entries. Idempotent."""
    old = await evaluation_queries.previous_edition(event)
    if old is None or await Outcome.filter(event_id=old.id).exists():
        return {"previous_outcomes": 0}
    media_dir = media_dir or Settings.from_env().media_dir
    sessions = {s.title: s for s in await archive.sessions_of_event(old)}
    decided = old.ends_at + timedelta(days=14)
    outcomes = [
        Outcome(
            session_id=sessions[title].id,
            event_id=old.id,
            kind=archive.kind_for(sessions[title].format),
            state=state,
            submitted_at=old.ends_at + timedelta(days=7),
            approved_at=decided if state == OutcomeState.APPROVED else None,
            approved_by="organisator@demo.festival.nl" if state == OutcomeState.APPROVED else "",
            **values,
        )
        for title, (state, values) in PREVIOUS_OUTCOMES.items()
        if title in sessions
    ]
    await Outcome.bulk_create(outcomes)
    folder = media_dir / archive.MATERIALS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    materials = [
        _material(sessions[title], kind, name, approved, folder)
        for title, kind, name, approved in PREVIOUS_MATERIALS
        if title in sessions
    ]
    await Material.bulk_create(materials)
    await archive.publish_summaries(old, published=True, actor=audit.SYSTEM)
    entries = await archive.index_event(old)
    return {
        "previous_outcomes": len(outcomes),
        "previous_materials": len(materials),
        "previous_entries": entries,
    }
