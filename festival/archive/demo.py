"""Demo archive for `dld-demo`: approved outcomes of its Democratie Testlabs (werkt, werkt deels),
of its Raad op Zaterdag and of one workshop, each with small generated materials, so the
kennisbank shows real entries at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from festival import audit
from festival.archive import services as archive
from festival.archive.models import MaterialKind, Outcome, Verdict
from festival.archive.schemas import MaterialFileIn, OutcomeIn, RecordingIn
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
