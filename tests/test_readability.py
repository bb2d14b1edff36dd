"""Plain Dutch, measured: every attendee-facing page and e-mail of the demo edition reads at B1.

The score is Flesch-Douma, the Dutch Flesch Reading Ease (W.H. Douma, "De leesbaarheid van
landbouwbladen", 1960): 206.835 - 0.93 x (words per sentence) - 77 x (syllables per word).
Syllables come from `textstat` in Dutch mode (`set_lang("nl")`), which counts them with
pyphen's Dutch hyphenation dictionary (positions + 1; no pronouncing dictionary for Dutch).
textstat's own `flesch_reading_ease` uses the same constants but drops fragments of at most two
words from the sentence count while keeping their words, which on a web page (headings,
buttons, labels) makes the sentences look far longer than they are. So sentences are counted
here: every block of the page (heading, paragraph, list item, label, button, cell) ends a
sentence, and so do . ! and ? inside it. For running text both agree (see the first test).

What is measured: the visible text of `<main>` (scripts, styles, hidden and aria-hidden parts
left out). The header, menu, language switch and footer are left out, and so is every <nav>
or breadcrumb inside <main> (registration steps) and text only screen readers get
(`visually-hidden`, e.g. the attendee's name after each link of the manage page): they are the
same short labels on every page, not text to read, and they would move every score alike.
Registration codes (`.code`) are left out too: a random code is no word, and its "syllables"
would make the score change from run to run.
E-mails: the plain-text part, each line a block, without the closing lines every mail shares.

Threshold: 60. Douma's norm table (reprinted in "Taal" 1977 on dbnl.org, and in the Dutch
Wikipedia article "Leesbaarheid") reads 60-70 as "normaal": text for readers who finished
primary school or lower secondary school (vmbo). That is the reader B1 is written for, the level
that about 95 % of Dutch adults read; 50-60 ("tamelijk moeilijk", upper secondary school) is
B2 and up. So 60, the bottom of Douma's "normaal" band, is where B1 starts. Formulas are a
guide, not a verdict (Douma said so himself): the lists below tell a writer where to look.

Lists for a writer, per failing page:
- long sentences: more than 15 words (plain-language advice for B1 keeps sentences to 15-20
  words; 15 so a sentence is flagged before it is too long);
- long words: 5 syllables or more, counted the same way as the score. Dutch glues compounds
  together, so a letter count flags short, well-known words ("aanmelding": 10 letters, 3
  syllables); syllables are what lower the score. Four-syllable words are common B1 words
  ("informatie", "gemeenteraad"); five is where readers start to stumble ("privacyverklaring").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
import textstat
from lxml import html

from festival import demo
from festival.audit import SYSTEM
from festival.events.models import Event
from festival.feedback import services as feedback
from festival.feedback.models import SurveyKind
from festival.mail.models import OutboxMessage
from festival.programme.models import Session
from festival.registration import services as registration
from festival.registration.models import (
    Attendee,
    Booking,
    BookingStatus,
    WaitlistEntry,
    WaitlistState,
)
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.crawl import page_forms

textstat.set_lang("nl")

THRESHOLD = 60.0
LONG_SENTENCE_WORDS = 15
LONG_WORD_SYLLABLES = 5

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "nav", "ol", "option", "p",
    "section", "select", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip
SKIP = {"nav", "script", "style", "template", "noscript", "svg", "textarea"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Reading:
    """A text's Flesch-Douma score and what a writer should look at."""

    score: float
    words: int
    sentences: int
    syllables: int
    long_words: list[str] = field(default_factory=list)
    long_sentences: list[str] = field(default_factory=list)


URL = re.compile(r"\S+://\S+|\S+@\S+\.\w+")


def words_of(text: str) -> list[str]:
    """Words as textstat counts them (punctuation removed); links and addresses are no words."""
    return str(textstat.remove_punctuation(URL.sub(" ", text))).split()


def measure(blocks: list[str]) -> Reading:
    sentences = [s for b in blocks for s in SENTENCE_END.split(b.strip()) if words_of(s)]
    words = [w for s in sentences for w in words_of(s)]
    syllables = {w: textstat.syllable_count(w) for w in set(words)}
    total = sum(syllables[w] for w in words)
    if not words:
        return Reading(0.0, 0, 0, 0)
    score = 206.835 - 0.93 * len(words) / len(sentences) - 77 * total / len(words)
    long_words = sorted({w for w in words if syllables[w] >= LONG_WORD_SYLLABLES}, key=str.lower)
    long_sentences = [s for s in sentences if len(words_of(s)) > LONG_SENTENCE_WORDS]
    return Reading(round(score, 1), len(words), len(sentences), total, long_words, long_sentences)


def page_blocks(page: str) -> list[str]:
    """The visible text of <main>, one string per block."""
    tree = html.fromstring(page)
    main = tree.find(".//main")
    assert main is not None, "page without <main>"
    blocks: list[str] = [""]

    def walk(element: html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = (element.get("class") or "").split()
        hidden = element.get("hidden") is not None or element.get("aria-hidden") == "true"
        hidden = hidden or bool({"visually-hidden", "breadcrumb", "code"} & set(classes))
        if tag in SKIP or hidden or (tag == "input" and element.get("type") == "hidden"):
            if element.tail:
                blocks[-1] += element.tail
            return
        if tag in BLOCKS:
            blocks.append("")
        if element.text:
            blocks[-1] += element.text
        if tag == "input" and element.get("type") in ("submit", "button"):
            blocks.append(element.get("value", ""))
        for child in element:
            walk(child)
        if tag in BLOCKS:
            blocks.append("")
        if element.tail:
            blocks[-1] += element.tail

    walk(main)
    return [" ".join(b.split()) for b in blocks if b.strip()]


def mail_blocks(text: str) -> list[str]:
    """The plain-text mail, one block per line, without the lines every mail ends with."""
    body = text.split("\n-- \n")[0]
    return [" ".join(line.split()) for line in body.splitlines() if line.strip()]


# ---------------------------------------------------------------- the measure itself


def test_measure_is_flesch_douma_and_agrees_with_textstat_on_running_text() -> None:
    text = "De kat zit op de mat. Wij gaan morgen naar de gemeenteraad."
    reading = measure([text])
    # 12 words in 2 sentences; syllables 6 + (1+1+2+1+1+4): 206.835 - 0.93*6 - 77*16/12
    assert (reading.words, reading.sentences, reading.syllables) == (12, 2, 16)
    assert reading.score == 98.6
    assert reading.score == round(textstat.flesch_reading_ease(text), 1)


def test_measure_lists_long_words_and_sentences() -> None:
    sixteen = "Wij gaan op zaterdag met de hele klas naar het stadhuis om de raad te zien."
    reading = measure(["Welkom bij de gemeenteraadsvergadering.", sixteen, "Kom ook."])
    assert reading.long_words == ["gemeenteraadsvergadering"]
    assert reading.long_sentences == [sixteen]
    assert measure([sixteen.replace("hele ", "")]).long_sentences == []


def test_page_blocks_reads_the_visible_text_of_main() -> None:
    page = """<html><body><header><a href="/">festival</a></header>
    <main><p class="breadcrumb"><a href="/e">Dag</a></p><nav><ol><li>Stap 1</li></ol></nav>
    <h1>Klopt <em>alles</em>?</h1><p>Kijk het na.<span class="visually-hidden"> (Anna)</span></p>
    <ul><li><svg aria-hidden="true"><title>x</title></svg><span>Ringleiding</span></li>
    <li hidden>Weg</li></ul><input type="hidden" name="t" value="x"><button>Verstuur</button>
    </main><footer>Privacy</footer></body></html>"""
    assert page_blocks(page) == ["Klopt alles?", "Kijk het na.", "Ringleiding", "Verstuur"]
    assert mail_blocks("Beste Anna,\n\nTot dan!\n\n-- \nAutomatisch verstuurd.") == [
        "Beste Anna,",
        "Tot dan!",
    ]


# ---------------------------------------------------------------- the pages and mails


def _form_data(page: str, url: str, **values: object) -> dict[str, object]:
    """The registration form of the page as a browser sends it, with these values on top."""
    form = next(f for f in page_forms(page, url) if f.method == "POST")
    data: dict[str, object] = {}
    for f in form.fields:
        if f.type in ("checkbox", "radio"):
            if f.checked:
                data[f.name] = f.value
        else:
            data[f.name] = f.value
    return data | values


async def _register(client: httpx.AsyncClient, texts: dict[str, list[str]]) -> str:
    """Walk the four steps as one person with one workshop; returns the manage page's path."""
    url = f"/events/{demo.SLUG}/register"
    page = (await client.get(url)).text
    texts["aanmelden 1: ticket"] = page_blocks(page)
    ticket = re.search(r'name="ticket_type" value="(\d+)"', page)
    assert ticket is not None
    steps = [
        ("ticket", {"ticket_type": ticket.group(1), "count": "1"}),
        ("people", {"attendees.0.name": "Fatima Bakker", "attendees.0.email": "f@zeist.nl"}),
        ("sessions", {}),
    ]
    for number, (step, values) in enumerate(steps, start=2):
        response = await client.post(url, data=_form_data(page, url, step=step, **values))
        assert response.status_code == 200, response.text
        page = response.text
        texts[f"aanmelden {number}: {('personen', 'workshops', 'controleren')[number - 2]}"] = (
            page_blocks(page)
        )
    done = await client.post(url, data=_form_data(page, url, step="summary", consent="yes"))
    assert done.status_code == 303, done.text
    return str(done.headers["location"]).split("?")[0]


async def _offer(settings: Settings) -> str:
    """A seat frees up in a full workshop: the first on its waiting list gets the offer mail."""
    entry = (
        await WaitlistEntry.filter(state=WaitlistState.WAITING, position=1).order_by("id").first()
    )
    assert entry is not None
    seated = (
        await Booking.filter(session_id=entry.session_id, status=BookingStatus.CONFIRMED)
        .order_by("id")
        .first()
    )
    assert seated is not None
    await registration.cancel_attendee(await Attendee.get(id=seated.attendee_id), actor=SYSTEM)
    await run_jobs(settings)
    mail = await OutboxMessage.filter(template="registration/waitlist_offer").order_by("id").first()
    assert mail is not None
    return mail.text


async def _page(client: httpx.AsyncClient, path: str) -> list[str]:
    response = await client.get(path)
    assert response.status_code == 200, path
    return page_blocks(response.text)


async def _attendee_texts(client: httpx.AsyncClient, settings: Settings) -> dict[str, list[str]]:
    """Every attendee-facing page and mail of the demo edition, as blocks of visible text."""
    await demo.load_demo()
    await run_jobs(settings)
    event = await Event.get(slug=demo.SLUG)
    base = f"/events/{demo.SLUG}"
    texts: dict[str, list[str]] = {}
    texts["evenement"] = await _page(client, base)
    texts["programma"] = await _page(client, f"{base}/programme")
    for session_format in ("plenary", "workshop", "raad_op_zaterdag"):
        found = (
            await Session.filter(event_id=event.id, format=session_format, state="published")
            .order_by("starts_at", "id")
            .first()
        )
        assert found is not None
        texts[f"sessie ({session_format})"] = await _page(client, f"{base}/sessions/{found.code}")
    manage = await _register(client, texts)
    texts["aanmelding beheren"] = await _page(client, manage)
    texts["betaling (terug van de bank)"] = await _page(client, f"{manage}/betaling")
    await run_jobs(settings)
    confirmation = await OutboxMessage.get(template="registration/confirmation", to="f@zeist.nl")
    attendee = await Attendee.get(email="f@zeist.nl")
    found = await registration.get_registration_by_id(attendee.registration_id)
    assert found is not None
    texts["mail: bevestiging"] = mail_blocks(confirmation.text.replace(found.code, ""))
    offer = await _offer(settings)
    texts["mail: plek vrij (wachtlijst)"] = mail_blocks(offer)
    offer_path = re.search(r"http://testserver(\S+/waitlist/\S+)", offer)
    assert offer_path is not None
    texts["plek vrij (wachtlijst)"] = await _page(client, offer_path.group(1))
    session = await Session.filter(event_id=event.id, format="workshop").order_by("id").first()
    assert session is not None
    survey = await feedback.survey_for(event.id, SurveyKind.SESSION)
    link = feedback.AnswerLink(attendee.id, survey.id, session.id)
    answer = feedback.answer_url("", demo.SLUG, link, secret_key=settings.secret_key)
    texts["feedbackformulier"] = await _page(client, answer)
    return texts


def _report(readings: dict[str, Reading]) -> str:
    lines = []
    for name, reading in readings.items():
        mark = "  " if reading.score >= THRESHOLD else "!!"
        lines.append(f"{mark} {reading.score:5.1f}  {name} ({reading.words} words)")
        if reading.score < THRESHOLD:
            lines += [f"      long word: {w}" for w in reading.long_words]
            lines += [f"      long sentence: {s}" for s in reading.long_sentences]
    return "\n".join(lines)


async def test_attendee_pages_and_mails_read_at_b1(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    texts = await _attendee_texts(client, settings)
    readings = {name: measure(blocks) for name, blocks in texts.items()}
    print("\n" + _report(readings))  # the scores, with pytest -s
    failing = [name for name, reading in readings.items() if reading.score < THRESHOLD]
    assert failing == [], _report(readings)
