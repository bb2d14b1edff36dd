# ruff: noqa: E501  (a data table of Dutch titles and abstracts)
"""The demo programme of `dld-demo`: 31 sessions in 8 rooms, 28 speakers, published as version 1.

Called by festival.demo after it created the event, venues, rooms and tracks; idempotent
(speakers by name, sessions by title and start; published only when no version exists).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from festival import audit, clock
from festival.events.models import Event, Room, Track
from festival.programme import services
from festival.programme.models import ScheduleVersion, Session, SessionFormat, SessionState, Speaker
from festival.programme.services.snapshot import build_snapshot

# name, role, organisation, bio
SPEAKERS = [
    (
        "Marieke van Dijk",
        "griffier",
        "Gemeente Zeist",
        "Marieke is twaalf jaar griffier. Ze begon in Zeist met Raad op Zaterdag en helpt nu andere griffies.",
    ),
    (
        "Hans Bosman",
        "wethouder",
        "Gemeente Amersfoort",
        "Hans is wethouder voor wonen en participatie. Hij was eerder tien jaar raadslid.",
    ),
    (
        "Fatima El Amrani",
        "raadslid",
        "Gemeente Utrecht",
        "Fatima is raadslid en woordvoerder democratie. Ze organiseert spreekuren in de wijk.",
    ),
    (
        "Joost Verhoeven",
        "onderzoeker",
        "Universiteit Utrecht",
        "Joost onderzoekt hoe inwoners het vertrouwen in de lokale politiek ervaren.",
    ),
    (
        "Sanne de Wit",
        "jongerenwerker",
        "Jongerenwerk Zwolle",
        "Sanne werkt met jongeren van 16 tot 23 jaar en brengt ze in contact met de gemeenteraad.",
    ),
    (
        "Pieter Jansen",
        "burgemeester",
        "Gemeente Heusden",
        "Pieter is burgemeester en voorzitter van de raad. Hij zet zich in voor een veilige raad.",
    ),
    (
        "Esther Kuipers",
        "griffier",
        "Gemeente Almere",
        "Esther leidt de griffie van Almere en is trainer in vergadertechniek.",
    ),
    (
        "Ruben Hoekstra",
        "stadsgids en historicus",
        "Het Utrechts Archief",
        "Ruben vertelt over zeven eeuwen bestuur in de Utrechtse binnenstad.",
    ),
    (
        "Yara Mulder",
        "raadslid",
        "Gemeente Deventer",
        "Yara werd op haar 21e raadslid. Ze is het jongste raadslid van Deventer.",
    ),
    (
        "Koen Smit",
        "adviseur participatie",
        "Gemeente Tilburg",
        "Koen schreef mee aan de participatieverordening van Tilburg.",
    ),
    (
        "Naima Bouzid",
        "wethouder",
        "Gemeente Leiden",
        "Naima is wethouder voor jeugd en democratie en was eerder jongerenwerker.",
    ),
    (
        "Thomas de Graaf",
        "trainer weerbaarheid",
        "Stichting Veilig Bestuur",
        "Thomas traint raadsleden en bestuurders in het omgaan met bedreiging en intimidatie.",
    ),
    (
        "Lotte Brouwer",
        "projectleider",
        "Democratie Testlab Zeist",
        "Lotte leidt het Democratie Testlab in Zeist, waar inwoners door loting meedoen.",
    ),
    (
        "Inge Veenstra",
        "onderzoeker",
        "Rijksuniversiteit Groningen",
        "Inge doet onderzoek naar burgerberaden en de opkomst bij gemeenteraadsverkiezingen.",
    ),
    (
        "Mohamed Aziz",
        "jongerenwerker",
        "Jongerenraad Rotterdam-Zuid",
        "Mohamed zette de jongerenraad van Rotterdam-Zuid op en begeleidt die nog steeds.",
    ),
    (
        "Willemijn Schouten",
        "griffier",
        "Gemeente Haarlem",
        "Willemijn maakt raadsstukken begrijpelijk en schrijft zelf op taalniveau B1.",
    ),
    (
        "Bart Vermeulen",
        "raadslid",
        "Gemeente Enschede",
        "Bart is fractievoorzitter en vaste gast bij Raad op Zaterdag in Enschede.",
    ),
    (
        "Ilse van der Meer",
        "adviseur Omgevingswet",
        "Gemeente Ede",
        "Ilse helpt initiatiefnemers en inwoners om samen plannen te maken onder de Omgevingswet.",
    ),
    (
        "Gerrit Postma",
        "voorzitter dorpsbelang",
        "Dorpsbelang Ternaard",
        "Gerrit schreef met zijn dorp een dorpsplan dat de gemeente heeft overgenomen.",
    ),
    (
        "Anouk Peeters",
        "communicatieadviseur",
        "Gemeente Breda",
        "Anouk zorgt dat digitale inspraak ook werkt voor mensen die moeite hebben met lezen.",
    ),
    (
        "Daan Visser",
        "voorzitter jongerenraad",
        "Jongerenraad Utrecht",
        "Daan is 19 jaar en voorzitter van de Utrechtse jongerenraad.",
    ),
    (
        "Sophie Lambrechts",
        "onderzoeker",
        "Tilburg University",
        "Sophie onderzoekt loting als manier om inwoners bij besluiten te betrekken.",
    ),
    (
        "Erik Hendriks",
        "burgemeester",
        "Gemeente Oldambt",
        "Erik is burgemeester van een plattelandsgemeente met veel kleine dorpen.",
    ),
    (
        "Priya Ramdin",
        "raadslid",
        "Gemeente Den Haag",
        "Priya is raadslid en voorzitter van de commissie bestuur.",
    ),
    (
        "Jeroen Wolters",
        "griffier",
        "Gemeente Apeldoorn",
        "Jeroen organiseerde de verkiezingsavonden en de evaluatie van de opkomst in Apeldoorn.",
    ),
    (
        "Mariska Dekker",
        "procesbegeleider",
        "Stichting Burgerberaad",
        "Mariska begeleidde burgerberaden in zes gemeenten.",
    ),
    (
        "Tim van Leeuwen",
        "adviseur digitale participatie",
        "Gemeente Groningen",
        "Tim bouwt online inspraakplatforms die ook zonder muis en met een schermlezer werken.",
    ),
    (
        "Hanneke Groen",
        "wethouder",
        "Gemeente Zwolle",
        "Hanneke is wethouder voor wijken en gaf inwoners een eigen wijkbudget.",
    ),
]

# name -> (role, bio) in English
SPEAKERS_EN = {
    "Marieke van Dijk": (
        "clerk",
        "Marieke has been a council clerk for twelve years. She started Council on Saturday in Zeist and now helps other clerks' offices.",
    ),
    "Hans Bosman": (
        "alderman",
        "Hans is alderman for housing and participation. Before that he was a council member for ten years.",
    ),
    "Fatima El Amrani": (
        "council member",
        "Fatima is a council member and speaks for her party on democracy. She holds open hours in her neighbourhood.",
    ),
    "Joost Verhoeven": ("researcher", "Joost studies how much residents trust local politics."),
    "Sanne de Wit": (
        "youth worker",
        "Sanne works with young people aged 16 to 23 and puts them in touch with the municipal council.",
    ),
    "Pieter Jansen": (
        "mayor",
        "Pieter is mayor and chair of the council. He works for a safe council.",
    ),
    "Esther Kuipers": (
        "clerk",
        "Esther heads the clerk's office of Almere and trains people to run good meetings.",
    ),
    "Ruben Hoekstra": (
        "city guide and historian",
        "Ruben tells the story of seven centuries of government in the centre of Utrecht.",
    ),
    "Yara Mulder": (
        "council member",
        "Yara became a council member at 21. She is the youngest council member in Deventer.",
    ),
    "Koen Smit": (
        "participation adviser",
        "Koen helped write the participation by-law of Tilburg.",
    ),
    "Naima Bouzid": (
        "alderman",
        "Naima is alderman for youth and democracy and used to be a youth worker.",
    ),
    "Thomas de Graaf": (
        "resilience trainer",
        "Thomas trains council members and officials to deal with threats and intimidation.",
    ),
    "Lotte Brouwer": (
        "project leader",
        "Lotte leads the Democracy Test Lab in Zeist, where residents take part by lot.",
    ),
    "Inge Veenstra": (
        "researcher",
        "Inge studies citizens' assemblies and turnout in municipal elections.",
    ),
    "Mohamed Aziz": (
        "youth worker",
        "Mohamed set up the youth council of Rotterdam-Zuid and still supports it.",
    ),
    "Willemijn Schouten": (
        "clerk",
        "Willemijn makes council documents easy to read and writes in plain language herself.",
    ),
    "Bart Vermeulen": (
        "council member",
        "Bart leads his party group and is a regular at Council on Saturday in Enschede.",
    ),
    "Ilse van der Meer": (
        "Environment Act adviser",
        "Ilse helps residents and local initiatives make plans together under the Environment Act.",
    ),
    "Gerrit Postma": (
        "chair of the village association",
        "Gerrit and his village wrote a village plan that the municipality adopted.",
    ),
    "Anouk Peeters": (
        "communications adviser",
        "Anouk makes sure online participation also works for people who find reading hard.",
    ),
    "Daan Visser": (
        "chair of the youth council",
        "Daan is 19 and chairs the Utrecht youth council.",
    ),
    "Sophie Lambrechts": (
        "researcher",
        "Sophie studies drawing lots as a way to involve residents in decisions.",
    ),
    "Erik Hendriks": ("mayor", "Erik is mayor of a rural municipality with many small villages."),
    "Priya Ramdin": (
        "council member",
        "Priya is a council member and chairs the governance committee.",
    ),
    "Jeroen Wolters": (
        "clerk",
        "Jeroen organised the election nights and the review of the turnout in Apeldoorn.",
    ),
    "Mariska Dekker": (
        "facilitator",
        "Mariska has guided citizens' assemblies in six municipalities.",
    ),
    "Tim van Leeuwen": (
        "digital participation adviser",
        "Tim builds online participation platforms that also work without a mouse and with a screen reader.",
    ),
    "Hanneke Groen": (
        "alderman",
        "Hanneke is alderman for neighbourhoods and gave residents their own neighbourhood budget.",
    ),
}

# Dutch abstract -> English abstract (the demo shows every text in both languages)
ABSTRACTS_EN = {
    "Haal uw badge op bij de balie en drink een kop koffie of thee.": "Pick up your badge at the desk and have a cup of coffee or tea.",
    "We openen de dag samen. Wethouder Naima Bouzid vertelt waarom lokale democratie ons allemaal aangaat. Onderzoeker Joost Verhoeven laat zien hoe inwoners over de gemeenteraad denken.": "We open the day together. Alderman Naima Bouzid explains why local democracy matters to all of us. Researcher Joost Verhoeven shows what residents think of the municipal council.",
    "Raad, college of inwoners: wie heeft straks het laatste woord? Drie sprekers gaan met elkaar en met de zaal in debat.": "Council, executive or residents: who will have the final say? Three speakers debate with each other and with the audience.",
    "Op zaterdag gaan raadsleden in gesprek met inwoners over één onderwerp. U krijgt een draaiboek en oefent de eerste stappen.": "On a Saturday, council members talk with residents about one topic. You get a step-by-step plan and practise the first steps.",
    "Wat vraagt de Omgevingswet van u als gemeente? Aan de hand van echte plannen uit Ede en Tilburg bespreken we wat goed ging en wat beter kan.": "What does the Environment Act ask of you as a municipality? Using real plans from Ede and Tilburg, we discuss what went well and what could be better.",
    "Steeds meer bestuurders krijgen te maken met bedreiging of intimidatie, ook online. U leert wat u kunt doen en waar u hulp vindt.": "More and more officials face threats or intimidation, online too. You learn what you can do and where to find help.",
    "Hoe begint u een jongerenraad die echt iets te zeggen heeft? Twee jongeren vertellen hoe zij het deden.": "How do you start a youth council that really has a say? Two young people tell how they did it.",
    "Een gesprek tussen griffiers over de rol van de griffie tussen raad, college en inwoners.": "A conversation between clerks about the role of the clerk's office between the council, the executive and residents.",
    "Wat komt er kijken bij een burgerberaad? We lopen alle stappen door: van de loting tot het advies aan de raad.": "What does a citizens' assembly involve? We go through every step: from drawing lots to the advice to the council.",
    "In een kleine groep doet u zelf mee aan een loting en een gesprek zoals in het Testlab van Zeist.": "In a small group you take part in drawing lots and a conversation yourself, as in the Test Lab of Zeist.",
    "Een eenvoudige lunch voor iedereen. Vegetarisch en veganistisch eten is er ook.": "A simple lunch for everyone. There is vegetarian and vegan food too.",
    "Een kort gesprek tijdens de lunch over de nieuwste cijfers. Neem uw lunch gerust mee.": "A short talk during lunch about the latest figures. Feel free to bring your lunch.",
    "Een korte wandeling langs plekken waar in Utrecht eeuwenlang werd bestuurd. We verzamelen in de Trouwzaal. De route is ongeveer 1 kilometer en zonder trappen.": "A short walk past places where Utrecht has been governed for centuries. We meet in the Trouwzaal. The route is about 1 kilometre long and has no stairs.",
    "Waarom stemmen sommige wijken veel minder dan andere? Onderzoek en ervaringen uit Utrecht en Apeldoorn.": "Why do some neighbourhoods vote much less than others? Research and experiences from Utrecht and Apeldoorn.",
    "Online inspraak werkt alleen als iedereen mee kan doen. U test zelf een inspraakplatform met een schermlezer en in eenvoudige taal.": "Online participation only works if everyone can take part. You test a participation platform yourself with a screen reader and in plain language.",
    "Een dorp schreef zijn eigen plan en de gemeente nam het over. Hoe kregen ze dat voor elkaar?": "A village wrote its own plan and the municipality adopted it. How did they manage that?",
    "Mag u als raadslid meestemmen over de sportclub van uw dochter? We oefenen met echte dilemma's.": "As a council member, may you vote on your daughter's sports club? We practise with real dilemmas.",
    "Jongeren en raadsleden praten over de vraag of jongeren vanaf 16 jaar mogen stemmen bij gemeenteraadsverkiezingen.": "Young people and council members talk about whether people should be allowed to vote in municipal elections from the age of 16.",
    "Weinig raadsleden en veel dorpen: hoe maakt u Raad op Zaterdag dan haalbaar?": "Few council members and many villages: how do you make Council on Saturday work?",
    "Voorbeelden uit Leiden en Rotterdam: hoe geeft u kinderen en jongeren echt een stem?": "Examples from Leiden and Rotterdam: how do you really give children and young people a voice?",
    "U herschrijft een echt raadsvoorstel in eenvoudige taal en krijgt direct tips.": "You rewrite a real council proposal in plain language and get tips straight away.",
    "De burgemeester is verantwoordelijk voor de veiligheid van raad en college. Wat betekent dat in de praktijk?": "The mayor is responsible for the safety of the council and the executive. What does that mean in practice?",
    "Vijf gemeenten deden mee. Wat leverde het op voor inwoners en raad?": "Five municipalities took part. What did it bring residents and the council?",
    "Elke gemeente moet een participatieverordening hebben. U krijgt een stappenplan en voorbeelden.": "Every municipality must have a participation by-law. You get a step-by-step plan and examples.",
    "In Zwolle beslissen inwoners zelf over een deel van het geld voor hun wijk. Hoe werkt dat?": "In Zwolle, residents decide on part of the money for their neighbourhood. How does that work?",
    "Een rondleiding door het stadhuis, ook langs plekken waar u normaal niet komt. De route gaat met de lift.": "A tour of the city hall, including places you normally do not see. The route uses the lift.",
    "Griffiers bespreken in een kleine groep een lastige situatie uit hun eigen werk.": "Clerks discuss a difficult situation from their own work in a small group.",
    "Wat kunnen Nederlandse gemeenten leren van inspraak in Vlaanderen en Denemarken? Deze sessie is in het Engels.": "What can Dutch municipalities learn from citizen participation in Flanders and Denmark? This session is in English.",
    "In een kleine groep doet u zelf mee aan een loting en een gesprek zoals in het Testlab van Zeist. Deze workshop is een herhaling van de ochtend.": "In a small group you take part in drawing lots and a conversation yourself, as in the Test Lab of Zeist. This workshop repeats the morning one.",
    "Even pauze voor de afsluiting.": "A short break before the closing session.",
    "We kijken samen terug op de dag. Wat nemen we mee naar onze eigen gemeente?": "We look back on the day together. What do we take home to our own municipality?",
}

ROOM_ACCESS = {
    "Raadzaal": ["step_free", "hearing_loop"],
    "Burgerzaal": ["step_free", "hearing_loop"],
    "Collegekamer": ["step_free", "quiet_space"],
}
ALL = [
    "raadsleden",
    "griffiers",
    "wethouders",
    "burgemeesters",
    "ambtenaren",
    "inwoners",
    "jongeren",
]
BESTUUR = ["raadsleden", "wethouders", "burgemeesters"]

# (title, title_en, format, track, room, start, end, capacity, registration, audiences, speakers,
#  abstract, extra accessibility, language)
SESSIONS: list[tuple[Any, ...]] = [
    (
        "Inloop met koffie en thee",
        "Walk-in with coffee and tea",
        "break",
        None,
        "Burgerzaal",
        "09:00",
        "09:30",
        None,
        False,
        ALL,
        [],
        "Haal uw badge op bij de balie en drink een kop koffie of thee.",
        [],
        "nl",
    ),
    (
        "Plenaire opening: lokale democratie in beweging",
        "Opening plenary: local democracy on the move",
        "plenary",
        None,
        "Raadzaal",
        "09:30",
        "10:30",
        None,
        False,
        ALL,
        ["Naima Bouzid", "Joost Verhoeven"],
        "We openen de dag samen. Wethouder Naima Bouzid vertelt waarom lokale democratie ons allemaal aangaat. "
        "Onderzoeker Joost Verhoeven laat zien hoe inwoners over de gemeenteraad denken.",
        ["sign_language", "live_captions"],
        "nl",
    ),
    # round 1
    (
        "Debat: wie beslist er in 2030?",
        "Debate: who decides in 2030?",
        "debate",
        "Weerbaar bestuur",
        "Raadzaal",
        "10:45",
        "12:00",
        None,
        True,
        [*BESTUUR, "inwoners"],
        ["Pieter Jansen", "Priya Ramdin", "Joost Verhoeven"],
        "Raad, college of inwoners: wie heeft straks het laatste woord? Drie sprekers gaan met elkaar en met "
        "de zaal in debat.",
        [],
        "nl",
    ),
    (
        "Raad op Zaterdag: zo organiseert u het",
        "Council on Saturday: how to organise it",
        "workshop",
        "Raad op Zaterdag",
        "Burgerzaal",
        "10:45",
        "12:00",
        60,
        True,
        ["raadsleden", "griffiers"],
        ["Marieke van Dijk", "Bart Vermeulen"],
        "Op zaterdag gaan raadsleden in gesprek met inwoners over één onderwerp. U krijgt een draaiboek en "
        "oefent de eerste stappen.",
        [],
        "nl",
    ),
    (
        "Omgevingswet: participatie die werkt",
        "Environment Act: participation that works",
        "workshop",
        "Omgevingswet & participatie",
        "Commissiekamer 1",
        "10:45",
        "12:00",
        30,
        True,
        ["ambtenaren", "raadsleden", "inwoners"],
        ["Ilse van der Meer", "Koen Smit"],
        "Wat vraagt de Omgevingswet van u als gemeente? Aan de hand van echte plannen uit Ede en Tilburg "
        "bespreken we wat goed ging en wat beter kan.",
        [],
        "nl",
    ),
    (
        "Weerbaar bestuur: omgaan met intimidatie",
        "Resilient governance: dealing with intimidation",
        "workshop",
        "Weerbaar bestuur",
        "Commissiekamer 2",
        "10:45",
        "12:00",
        24,
        True,
        BESTUUR,
        ["Thomas de Graaf", "Erik Hendriks"],
        "Steeds meer bestuurders krijgen te maken met bedreiging of intimidatie, ook online. U leert wat u "
        "kunt doen en waar u hulp vindt.",
        [],
        "nl",
    ),
    (
        "Een jongerenraad opzetten: lessen uit Rotterdam-Zuid",
        "Starting a youth council",
        "workshop",
        "Jong & democratie",
        "Trouwzaal",
        "10:45",
        "12:00",
        30,
        True,
        ["jongeren", "ambtenaren", "raadsleden"],
        ["Mohamed Aziz", "Daan Visser"],
        "Hoe begint u een jongerenraad die echt iets te zeggen heeft? Twee jongeren vertellen hoe zij het "
        "deden.",
        [],
        "nl",
    ),
    (
        "De griffier als spin in het web",
        "The clerk at the centre of the web",
        "workshop",
        None,
        "Collegekamer",
        "10:45",
        "12:00",
        16,
        True,
        ["griffiers"],
        ["Esther Kuipers", "Willemijn Schouten"],
        "Een gesprek tussen griffiers over de rol van de griffie tussen raad, college en inwoners.",
        [],
        "nl",
    ),
    (
        "Burgerberaad in uw gemeente: van loting tot advies",
        "A citizens' assembly in your municipality",
        "lab",
        "Democratie Testlabs",
        "Leeszaal",
        "10:45",
        "12:00",
        40,
        True,
        ALL,
        ["Mariska Dekker", "Inge Veenstra"],
        "Wat komt er kijken bij een burgerberaad? We lopen alle stappen door: van de loting tot het advies "
        "aan de raad.",
        [],
        "nl",
    ),
    (
        "Democratie Testlab: loting in de praktijk",
        "Democracy Test Lab: sortition in practice",
        "workshop",
        "Democratie Testlabs",
        "Studio",
        "10:45",
        "12:00",
        12,
        True,
        ALL,
        ["Lotte Brouwer", "Sophie Lambrechts"],
        "In een kleine groep doet u zelf mee aan een loting en een gesprek zoals in het Testlab van Zeist.",
        [],
        "nl",
    ),
    # lunch
    (
        "Lunch",
        "Lunch",
        "break",
        None,
        "Burgerzaal",
        "12:00",
        "13:00",
        None,
        False,
        ALL,
        [],
        "Een eenvoudige lunch voor iedereen. Vegetarisch en veganistisch eten is er ook.",
        [],
        "nl",
    ),
    (
        "Lunchgesprek: hoe gaat het met de lokale democratie?",
        "Lunch talk: how is local democracy doing?",
        "debate",
        None,
        "Leeszaal",
        "12:15",
        "12:45",
        None,
        False,
        ALL,
        ["Joost Verhoeven", "Hanneke Groen"],
        "Een kort gesprek tijdens de lunch over de nieuwste cijfers. Neem uw lunch gerust mee.",
        [],
        "nl",
    ),
    (
        "Lunchwandeling: democratie in de binnenstad",
        "Lunch walk: democracy in the city centre",
        "excursion",
        None,
        "Trouwzaal",
        "12:10",
        "12:50",
        20,
        True,
        ALL,
        ["Ruben Hoekstra"],
        "Een korte wandeling langs plekken waar in Utrecht eeuwenlang werd bestuurd. We verzamelen in de "
        "Trouwzaal. De route is ongeveer 1 kilometer en zonder trappen.",
        [],
        "nl",
    ),
    # round 2
    (
        "Verkiezingen 2026: wat leren we van de opkomst?",
        "Elections 2026: lessons from the turnout",
        "debate",
        None,
        "Raadzaal",
        "13:00",
        "14:15",
        None,
        True,
        ALL,
        ["Inge Veenstra", "Fatima El Amrani", "Jeroen Wolters"],
        "Waarom stemmen sommige wijken veel minder dan andere? Onderzoek en ervaringen uit Utrecht en "
        "Apeldoorn.",
        [],
        "nl",
    ),
    (
        "Digitale participatie zonder drempels",
        "Digital participation without barriers",
        "workshop",
        "Democratie Testlabs",
        "Burgerzaal",
        "13:00",
        "14:15",
        None,
        True,
        ["ambtenaren", "inwoners"],
        ["Tim van Leeuwen", "Anouk Peeters"],
        "Online inspraak werkt alleen als iedereen mee kan doen. U test zelf een inspraakplatform met een "
        "schermlezer en in eenvoudige taal.",
        ["live_captions"],
        "nl",
    ),
    (
        "Van inspraak naar samenspraak: het dorpsplan van Ternaard",
        "From consultation to co-creation",
        "workshop",
        "Omgevingswet & participatie",
        "Commissiekamer 1",
        "13:00",
        "14:15",
        30,
        True,
        ["inwoners", "ambtenaren", "raadsleden"],
        ["Gerrit Postma", "Ilse van der Meer"],
        "Een dorp schreef zijn eigen plan en de gemeente nam het over. Hoe kregen ze dat voor elkaar?",
        [],
        "nl",
    ),
    (
        "Integriteit in de raad: lastige dilemma's oefenen",
        "Integrity in the council: practising dilemmas",
        "workshop",
        "Weerbaar bestuur",
        "Commissiekamer 2",
        "13:00",
        "14:15",
        24,
        True,
        [*BESTUUR, "griffiers"],
        ["Esther Kuipers", "Pieter Jansen"],
        "Mag u als raadslid meestemmen over de sportclub van uw dochter? We oefenen met echte dilemma's.",
        [],
        "nl",
    ),
    (
        "Stemmen vanaf 16? Jongeren in gesprek met raadsleden",
        "Voting from 16? Young people meet councillors",
        "debate",
        "Jong & democratie",
        "Trouwzaal",
        "13:00",
        "14:15",
        40,
        True,
        ["jongeren", "raadsleden"],
        ["Daan Visser", "Yara Mulder", "Sanne de Wit"],
        "Jongeren en raadsleden praten over de vraag of jongeren vanaf 16 jaar mogen stemmen bij "
        "gemeenteraadsverkiezingen.",
        [],
        "nl",
    ),
    (
        "Raad op Zaterdag in een kleine gemeente",
        "Council on Saturday in a small municipality",
        "raad_op_zaterdag",
        "Raad op Zaterdag",
        "Collegekamer",
        "13:00",
        "14:15",
        16,
        True,
        ["raadsleden", "griffiers"],
        ["Erik Hendriks", "Marieke van Dijk"],
        "Weinig raadsleden en veel dorpen: hoe maakt u Raad op Zaterdag dan haalbaar?",
        [],
        "nl",
    ),
    (
        "Kinderburgemeester en jeugdgemeenteraad: wat werkt?",
        "Child mayor and youth council: what works?",
        "workshop",
        "Jong & democratie",
        "Leeszaal",
        "13:00",
        "14:15",
        25,
        True,
        ["jongeren", "ambtenaren", "wethouders"],
        ["Mohamed Aziz", "Naima Bouzid"],
        "Voorbeelden uit Leiden en Rotterdam: hoe geeft u kinderen en jongeren echt een stem?",
        [],
        "nl",
    ),
    (
        "Toegankelijke raadsstukken: schrijven op B1",
        "Accessible council papers: writing in plain language",
        "workshop",
        None,
        "Studio",
        "13:00",
        "14:15",
        12,
        True,
        ["griffiers", "ambtenaren"],
        ["Willemijn Schouten"],
        "U herschrijft een echt raadsvoorstel in eenvoudige taal en krijgt direct tips.",
        [],
        "nl",
    ),
    # round 3
    (
        "Weerbaar bestuur: wat doet de burgemeester?",
        "Resilient governance: the mayor's role",
        "debate",
        "Weerbaar bestuur",
        "Raadzaal",
        "14:30",
        "15:45",
        None,
        True,
        BESTUUR,
        ["Pieter Jansen", "Thomas de Graaf", "Naima Bouzid"],
        "De burgemeester is verantwoordelijk voor de veiligheid van raad en college. Wat betekent dat in de "
        "praktijk?",
        [],
        "nl",
    ),
    (
        "Raad op Zaterdag: ervaringen uit vijf gemeenten",
        "Council on Saturday: five municipalities",
        "workshop",
        "Raad op Zaterdag",
        "Burgerzaal",
        "14:30",
        "15:45",
        80,
        True,
        ["raadsleden", "inwoners"],
        ["Bart Vermeulen", "Fatima El Amrani", "Hans Bosman"],
        "Vijf gemeenten deden mee. Wat leverde het op voor inwoners en raad?",
        [],
        "nl",
    ),
    (
        "Participatieverordening schrijven: de eerste stappen",
        "Writing a participation ordinance",
        "workshop",
        "Omgevingswet & participatie",
        "Commissiekamer 1",
        "14:30",
        "15:45",
        30,
        True,
        ["ambtenaren", "griffiers", "raadsleden"],
        ["Koen Smit", "Jeroen Wolters"],
        "Elke gemeente moet een participatieverordening hebben. U krijgt een stappenplan en voorbeelden.",
        [],
        "nl",
    ),
    (
        "Wijkbudgetten: inwoners beslissen mee over geld",
        "Neighbourhood budgets",
        "lab",
        "Democratie Testlabs",
        "Commissiekamer 2",
        "14:30",
        "15:45",
        20,
        True,
        ["inwoners", "wethouders"],
        ["Hanneke Groen", "Tim van Leeuwen"],
        "In Zwolle beslissen inwoners zelf over een deel van het geld voor hun wijk. Hoe werkt dat?",
        [],
        "nl",
    ),
    (
        "Excursie: het stadhuis achter de schermen",
        "Excursion: behind the scenes of the city hall",
        "excursion",
        None,
        "Trouwzaal",
        "14:30",
        "15:45",
        20,
        True,
        ALL,
        ["Ruben Hoekstra"],
        "Een rondleiding door het stadhuis, ook langs plekken waar u normaal niet komt. De route gaat met de "
        "lift.",
        [],
        "nl",
    ),
    (
        "Intervisie voor griffiers",
        "Peer review for clerks",
        "workshop",
        None,
        "Collegekamer",
        "14:30",
        "15:45",
        16,
        True,
        ["griffiers"],
        ["Marieke van Dijk", "Esther Kuipers"],
        "Griffiers bespreken in een kleine groep een lastige situatie uit hun eigen werk.",
        [],
        "nl",
    ),
    (
        "Local democracy in Europe: lessons from Flanders and Denmark",
        "Local democracy in Europe: lessons from Flanders and Denmark",
        "workshop",
        None,
        "Leeszaal",
        "14:30",
        "15:45",
        40,
        True,
        ["raadsleden", "ambtenaren", "griffiers"],
        ["Joost Verhoeven"],
        "Wat kunnen Nederlandse gemeenten leren van inspraak in Vlaanderen en Denemarken? "
        "Deze sessie is in het Engels.",
        [],
        "en",
    ),
    # the repeat of the Testlab, see REPEATS
    (
        "Democratie Testlab: loting in de praktijk",
        "Democracy Test Lab: sortition in practice",
        "workshop",
        "Democratie Testlabs",
        "Studio",
        "14:30",
        "15:45",
        12,
        True,
        ALL,
        ["Lotte Brouwer", "Sophie Lambrechts"],
        "In een kleine groep doet u zelf mee aan een loting en een gesprek zoals in het Testlab van Zeist. "
        "Deze workshop is een herhaling van de ochtend.",
        [],
        "nl",
    ),
    (
        "Koffie en thee",
        "Coffee and tea",
        "break",
        None,
        "Burgerzaal",
        "15:45",
        "16:15",
        None,
        False,
        ALL,
        [],
        "Even pauze voor de afsluiting.",
        [],
        "nl",
    ),
    (
        "Plenaire afsluiting: wat nemen we mee?",
        "Closing plenary: what do we take home?",
        "plenary",
        None,
        "Raadzaal",
        "16:15",
        "17:00",
        None,
        False,
        ALL,
        ["Hanneke Groen", "Daan Visser", "Priya Ramdin"],
        "We kijken samen terug op de dag. Wat nemen we mee naar onze eigen gemeente?",
        ["sign_language", "live_captions"],
        "nl",
    ),
]


def _at(event: Event, hhmm: str) -> datetime:
    local = clock.to_local(event.starts_at, event.timezone)
    hour, minute = (int(part) for part in hhmm.split(":"))
    return clock.from_local(
        datetime(local.year, local.month, local.day, hour, minute), event.timezone
    )


def _code() -> str:
    return services.new_code()


async def _speakers(event: Event) -> tuple[dict[str, Speaker], int]:
    existing = {sp.name: sp for sp in await Speaker.filter(event=event)}
    created = 0
    for name, role, organisation, bio in SPEAKERS:
        if name not in existing:
            role_en, bio_en = SPEAKERS_EN[name]
            existing[name] = await Speaker.create(
                event=event,
                code=_code(),
                name=name,
                role=role,
                role_en=role_en,
                organisation=organisation,
                bio=bio,
                bio_en=bio_en,
            )
            created += 1
    return existing, created


async def _sessions(event: Event, speakers: dict[str, Speaker], state: SessionState) -> int:
    rooms = {room.name: room for room in await Room.filter(event=event)}
    tracks = {track.name: track for track in await Track.filter(event=event)}
    existing = {(s.title, s.starts_at) for s in await Session.filter(event=event)}
    first_of: dict[str, Session] = {}
    created = 0
    for (
        title,
        title_en,
        fmt,
        track,
        room_name,
        start,
        end,
        capacity,
        registration,
        audiences,
        names,
        abstract,
        access,
        language,
    ) in SESSIONS:
        room = rooms.get(room_name)
        starts_at = _at(event, start)
        if room is None or (title, starts_at) in existing:
            continue
        repeat_of = first_of.get(title) or await Session.filter(event=event, title=title).first()
        session = await Session.create(
            event=event,
            code=_code(),
            title=title,
            title_en=title_en,
            abstract=abstract,
            abstract_en=ABSTRACTS_EN[abstract],
            format=SessionFormat(fmt),
            track=tracks.get(track) if track else None,
            room=room,
            starts_at=starts_at,
            ends_at=_at(event, end),
            capacity=capacity,
            requires_registration=registration,
            language=language,
            audiences=audiences,
            accessibility=ROOM_ACCESS.get(room_name, ["step_free"]) + access,
            state=state,
            repeat_of=repeat_of,
        )
        first_of.setdefault(title, session)
        await session.speakers.add(*(speakers[name] for name in names))
        created += 1
    return created


async def extend_demo(event: Event) -> dict[str, Any]:
    """Speakers and sessions of the demo, then version 1 of the programme if none is published."""
    publish = getattr(services, "publish_programme", None)
    speakers, made_speakers = await _speakers(event)
    state = SessionState.DRAFT if publish else SessionState.PUBLISHED
    made_sessions = await _sessions(event, speakers, state)
    version = await ScheduleVersion.filter(event=event).order_by("-number").first()
    if version is None:
        if publish is not None:
            version = await publish(
                event,
                actor=audit.SYSTEM,
                confirm_conflicts=True,
            )
        else:
            version = await ScheduleVersion.create(
                event=event,
                number=1,
                published_at=clock.now(),
                published_by="system",
                snapshot=await build_snapshot(event.id),
            )
    return {"speakers": made_speakers, "sessions": made_sessions, "version": version.number}
