"""What the previous demo edition is made of: rooms, tracks, sessions (with their partner, mean
rating and turnout), speakers, who came, and the open answers people gave."""

from __future__ import annotations

from festival.registration.models import AttendeeRole

SLUG = "dld-demo-2026"
TZ = "Europe/Amsterdam"
ATTENDEES = 300
ROLES = [  # (role, weight): who came in 2026
    (AttendeeRole.RAADSLID, 34),
    (AttendeeRole.GRIFFIER, 14),
    (AttendeeRole.AMBTENAAR, 20),
    (AttendeeRole.WETHOUDER, 8),
    (AttendeeRole.INWONER, 12),
    (AttendeeRole.JONGERE, 7),
    (AttendeeRole.BURGEMEESTER, 5),
]
ROOMS = [
    ("Raadzaal", 220),
    ("Burgerzaal", 60),
    ("Commissiekamer 1", 30),
    ("Commissiekamer 2", 30),
    ("Trouwzaal", 25),
]
TRACKS = ["Raad op Zaterdag", "Weerbaar bestuur", "Jong & democratie"]
# title, format, room, track or "", start, end, partner slug or "", quality (mean rating), turnout
SESSIONS = [
    (
        "Plenaire opening: lokale democratie in beweging",
        "plenary",
        "Raadzaal",
        "",
        "09:30",
        "10:30",
        "",
        3.9,
        0.9,
    ),
    (
        "Raad op Zaterdag: zo organiseert u het",
        "raad_op_zaterdag",
        "Burgerzaal",
        "Raad op Zaterdag",
        "10:45",
        "12:00",
        "gemeente-zeist",
        4.5,
        0.95,
    ),
    (
        "Weerbaar bestuur: omgaan met intimidatie",
        "workshop",
        "Commissiekamer 1",
        "Weerbaar bestuur",
        "10:45",
        "12:00",
        "vereniging-van-griffiers",
        4.2,
        0.9,
    ),
    (
        "Burgerberaad in uw gemeente: van loting tot advies",
        "lab",
        "Commissiekamer 2",
        "",
        "10:45",
        "12:00",
        "huis-voor-democratie",
        4.4,
        0.9,
    ),
    (
        "Een jongerenraad opzetten: lessen uit Rotterdam-Zuid",
        "workshop",
        "Trouwzaal",
        "Jong & democratie",
        "10:45",
        "12:00",
        "jongerenraad-amersfoort",
        3.6,
        0.8,
    ),
    (
        "Debat: wie beslist er in 2030?",
        "debate",
        "Raadzaal",
        "Weerbaar bestuur",
        "13:00",
        "14:15",
        "",
        3.4,
        0.85,
    ),
    (
        "Vertrouwen meten in uw gemeente",
        "workshop",
        "Burgerzaal",
        "",
        "13:00",
        "14:15",
        "universiteit-utrecht",
        3.8,
        0.7,
    ),
    (
        "Moties schrijven die werken",
        "workshop",
        "Commissiekamer 1",
        "Raad op Zaterdag",
        "13:00",
        "14:15",
        "vereniging-van-griffiers",
        2.6,
        0.6,
    ),
    (
        "Democratie Testlab: de wijkbegroting",
        "lab",
        "Commissiekamer 2",
        "Jong & democratie",
        "13:00",
        "14:15",
        "gemeente-zeist",
        4.1,
        0.85,
    ),
    (
        "Stadswandeling: zeven eeuwen bestuur",
        "excursion",
        "Trouwzaal",
        "",
        "13:00",
        "14:15",
        "",
        4.6,
        0.9,
    ),
    ("Kennismaken met de griffie", "workshop", "Trouwzaal", "", "14:30", "15:30", "", 3.9, 0.06),
    ("Slotdebat en borrel", "plenary", "Raadzaal", "", "15:45", "16:45", "", 3.7, 0.7),
]
SMALL_SESSIONS = {
    "Kennismaken met de griffie"
}  # fewer than five answers: the small-group rule shows
# (session, address, name): the speaker of a partner's Testlab, for its outcome link
LAB_SPEAKER = ("Democratie Testlab: de wijkbegroting", "e.bakker@zeist.example.nl", "Esra Bakker")
SPEAKERS = [
    ("Marieke van Dijk", "griffier"),
    ("Joost Verhoeven", "onderzoeker"),
    ("Sanne de Wit", "jongerenwerker"),
    ("Ruben Hoekstra", "stadsgids en historicus"),
]
USES = [
    {"nl": "Ik pas het toe in mijn werk", "en": "I will apply it in my work"},
    {"nl": "Ik deel het met collega's", "en": "I will share it with colleagues"},
    {"nl": "Ik zoek meer informatie", "en": "I will look for more information"},
    {"nl": "Nog niets", "en": "Nothing yet"},
]
BETTER = [
    "Meer tijd voor vragen uit de zaal.",
    "De zaal was te warm en te vol.",
    "Graag de dia's vooraf toegestuurd.",
    "Meer voorbeelden uit kleine gemeenten.",
    "Heel praktisch, ik ga dit meteen proberen in onze raad.",
    "Iets minder zenden, meer samen doen.",
    "De inleiding duurde te lang.",
    "Goede mix van theorie en praktijk.",
    "Ik miste de stem van inwoners zelf.",
    "Fijn dat jongeren zelf aan het woord kwamen.",
    "Duidelijke uitleg, ook voor nieuwe raadsleden.",
    "Een vervolgsessie zou mooi zijn.",
]
EVENT_TAKEAWAYS = [
    "Veel nieuwe contacten met griffiers uit andere gemeenten.",
    "Inspiratie om een burgerberaad te starten.",
    "De dag was goed georganiseerd.",
    "Volgend jaar graag meer workshops in de middag.",
    "Het slotdebat mocht korter.",
]
