#!/usr/bin/env python3
"""Generate the Bottega Fidelio demo data set (synthetic, made up from scratch).

Bottega Fidelio is an invented coffee, tea and gift shop with two stores, "Milano Brera" and
"Verona Centro", and a small web shop. This script writes the files such an owner would
export from their tools between 2025-10-01 and 2026-11-20:

    sondaggio_milano.csv   NPS survey of the Milan store, Italian Google Forms export
    survey_verona.csv      NPS answers from the Verona till kiosk (English, ';', Windows-1252)
    ordini.csv             order lines from the shop's management software (';', decimal commas)
    recensioni.csv         online reviews, 1-5 stars
    tessera_fedelta.csv    loyalty card members and their points
    expected.json          figures counted back from the two survey files (and a few totals
                           of the other files), for tests to compare Fidelio's results with

Run it from anywhere with the standard library of Python 3.11 or later:

    python3 assets/demo/generate.py

The output is deterministic: every random choice comes from generators seeded with fixed
values, so running it twice gives byte-identical files. Each file has its own generator, so
changing how one file is made does not change the others.

The expected figures are not taken from the generator's own variables: after writing the
files, the script reads the two survey files back with the csv module, applies the NPS rules
of shared/docs/metrics.md (0-10 scale, promoters 9-10, passives 7-8, detractors 0-6; a row
with a blank or out-of-range score or an unreadable date is skipped) and counts. That makes
expected.json an independent check of what an importer should find in the files.
"""

from __future__ import annotations

import calendar
import csv
import json
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent
SEED = 20251001
START = date(2025, 10, 1)
END = date(2026, 11, 20)

MILANO = "Milano Brera"
VERONA = "Verona Centro"
SHOP = "Bottega Fidelio"


def rng_for(name: str) -> random.Random:
    """One generator per output file, so that editing one file's code leaves the others alone."""
    return random.Random(f"{SEED}-{name}")


def months() -> list[str]:
    """Month keys 'YYYY-MM' from START to END, in order."""
    keys, y, m = [], START.year, START.month
    while (y, m) <= (END.year, END.month):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def days_of(month: str) -> list[date]:
    """The days of a month, cut at END (the data stop on 2026-11-20)."""
    y, m = int(month[:4]), int(month[5:])
    last = calendar.monthrange(y, m)[1]
    return [d for d in (date(y, m, i) for i in range(1, last + 1)) if START <= d <= END]


# Shops are busier on Saturdays; Sunday opening in city centres is shorter.
WEEKDAY_WEIGHT = [0.8, 0.9, 0.9, 1.0, 1.2, 1.7, 0.8]


def pick_day(rng: random.Random, month: str) -> date:
    days = days_of(month)
    return rng.choices(days, weights=[WEEKDAY_WEIGHT[d.weekday()] for d in days])[0]


def pick_time(rng: random.Random, in_store: bool) -> tuple[int, int, int]:
    """Store answers fall in opening hours (9:30-19:30); online ones at any waking hour."""
    start, end = (9 * 3600 + 1800, 19 * 3600 + 1800) if in_store else (7 * 3600, 23 * 3600 + 3599)
    s = rng.randint(start, end)
    return s // 3600, (s % 3600) // 60, s % 60


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

FIRST_F = """Giulia Francesca Chiara Sara Martina Valentina Alessandra Federica Elena Silvia Laura
Paola Anna Marta Elisa Giorgia Ilaria Beatrice Camilla Alice Roberta Monica Cristina Serena
Noemi Arianna Veronica Barbara Simona Lucia Caterina Irene Benedetta Ludovica Rebecca""".split()
FIRST_M = """Marco Luca Andrea Alessandro Matteo Francesco Lorenzo Davide Simone Federico Riccardo
Giovanni Stefano Paolo Roberto Giuseppe Antonio Fabio Massimo Daniele Tommaso Niccolò Gabriele
Filippo Pietro Emanuele Nicola Claudio Enrico Michele Jacopo Edoardo Leonardo Mattia""".split()
# Two-word surnames are joined with "_" only so that split() keeps them whole.
LAST = [s.replace("_", " ") for s in """Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci
Marino Greco Bruno Gallo Conti De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri
Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale
Lombardo Serra Coppola De_Santis D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco
Marini Grasso Valentini Messina Sala De_Angelis Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti
Cattaneo Morelli Amato Silvestri Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti Barone
Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino Fiore De_Rosa Ferretti Bellini Basile
Riva Donati Piras Vitali Battaglia Zanetti Bertolini Tosi Zanella Pavan Girardi Bonetti""".split()]
# Tourists leave the English answers and reviews.
FOREIGN_FIRST = """Emma James Sophie Oliver Charlotte Jack Amelia Harry Olivia Thomas Lucy Daniel
Hannah Lukas Anna Jonas Clara Pierre Camille Julien Chloé Sarah Michael Emily David Laura Jan""".split()
FOREIGN_LAST = """Smith Clarke Miller Taylor Brown Wilson Evans Walker Martin Weber Müller Schmidt
Fischer Dubois Moreau Laurent Jensen Hansen Johnson Davies Murphy O'Brien Novak""".split()

IT_DOMAINS = ["gmail.com"] * 9 + ["libero.it"] * 3 + ["hotmail.it"] * 2 + [
    "yahoo.it", "outlook.it", "icloud.com", "alice.it", "virgilio.it", "tiscali.it",
    "fastwebnet.it", "tim.it"]
FOREIGN_DOMAINS = ["gmail.com"] * 4 + ["outlook.com", "yahoo.co.uk", "hotmail.co.uk", "web.de",
                                       "gmx.de", "orange.fr", "icloud.com", "hotmail.com"]


def ascii_slug(text: str) -> str:
    """Email local parts have no accents, spaces or apostrophes (D'Angelo -> dangelo)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


@dataclass
class Person:
    first: str
    last: str
    email: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


class People:
    """Makes people with unique, plausible email addresses."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, foreign: bool = False) -> Person:
        rng = self.rng
        if foreign:
            first, last, domains = rng.choice(FOREIGN_FIRST), rng.choice(FOREIGN_LAST), FOREIGN_DOMAINS
        else:
            first = rng.choice(FIRST_F if rng.random() < 0.55 else FIRST_M)
            last, domains = rng.choice(LAST), IT_DOMAINS
        f, l = ascii_slug(first), ascii_slug(last)
        while True:
            pattern = rng.random()
            if pattern < 0.45:
                local = f"{f}.{l}"
            elif pattern < 0.6:
                local = f"{f}{l}"
            elif pattern < 0.72:
                local = f"{f[0]}{l}"
            elif pattern < 0.82:
                local = f"{l}.{f}"
            else:
                local = f"{f}.{l}{rng.choice([rng.randint(60, 99), rng.randint(1, 30)])}"
            email = f"{local}@{rng.choice(domains)}"
            if email not in self.used:
                self.used.add(email)
                return Person(first, last, email)


# ---------------------------------------------------------------------------------------------
# Customers and orders (built first: surveys, reviews and loyalty cards refer to these people)
# ---------------------------------------------------------------------------------------------

@dataclass
class Customer:
    person: Person
    store: str
    kind: str            # once / occasional / regular / fan: how often they come back
    online: float        # share of their orders placed on the web shop
    first_order: date
    order_dates: list[date] = field(default_factory=list)
    net_cents: int = 0   # filled in while orders are written, used by the loyalty file


# Catalogue: (product, unit price in cents, typical quantity range, can be faulty/returned)
CATALOGUE = [
    ("Caffè in grani Miscela Brera 250 g", 890, (1, 3), False),
    ("Caffè in grani Monorigine Etiopia 250 g", 1150, (1, 2), False),
    ("Caffè macinato per moka 250 g", 780, (1, 4), False),
    ("Capsule compatibili Intenso (10 pz)", 390, (2, 6), False),
    ("Tè verde Sencha 100 g", 950, (1, 2), False),
    ("Tè nero Earl Grey 100 g", 800, (1, 2), False),
    ("Tisana camomilla e miele (20 filtri)", 450, (1, 3), False),
    ("Cioccolato fondente 70% 100 g", 380, (1, 5), False),
    ("Cioccolato al latte con nocciole 100 g", 360, (1, 5), False),
    ("Biscotti alle mandorle 250 g", 620, (1, 2), False),
    ("Cantucci toscani 200 g", 540, (1, 3), False),
    ("Miele di acacia 500 g", 990, (1, 2), False),
    ("Marmellata di arance amare 340 g", 650, (1, 2), False),
    ("Moka 3 tazze", 2900, (1, 1), True),
    ("Moka 6 tazze", 3850, (1, 1), True),
    ("Tazza in ceramica dipinta a mano", 1400, (1, 4), True),
    ("Set 2 tazzine da espresso", 1800, (1, 2), True),
    ("Macinacaffè manuale", 5400, (1, 1), True),
    ("Teiera in ghisa 0,8 l", 4500, (1, 1), True),
    ("Confezione regalo Fidelio", 3490, (1, 2), False),
    ("Buono regalo 50 €", 5000, (1, 1), False),
]
# Everyday items are bought far more often than kitchenware and gifts.
CATALOGUE_WEIGHT = [14, 6, 10, 9, 6, 5, 4, 8, 7, 5, 5, 4, 3, 2, 1.5, 2, 1.5, 0.6, 0.6, 2.5, 1]
STORE_CODE = {MILANO: "MB", VERONA: "VC"}

# Month weights for new customers: the data start in a running shop (many existing customers
# show up in the first months) and Christmas brings new ones.
NEW_CUSTOMER_MONTH_WEIGHT = {"2025-10": 3.0, "2025-11": 2.2, "2025-12": 2.0, "2026-01": 0.7,
                             "2026-02": 0.7, "2026-03": 0.8, "2026-04": 0.9, "2026-05": 0.9,
                             "2026-06": 0.8, "2026-07": 0.8, "2026-08": 0.6, "2026-09": 0.9,
                             "2026-10": 1.0, "2026-11": 0.5}


def make_customers(rng: random.Random, people: People, count: int = 400) -> list[Customer]:
    customers = []
    month_keys = months()
    for _ in range(count):
        kind = rng.choices(["once", "occasional", "regular", "fan"], weights=[50, 30, 15, 5])[0]
        month = rng.choices(month_keys, weights=[NEW_CUSTOMER_MONTH_WEIGHT[m] for m in month_keys])[0]
        first = rng.choice(days_of(month))
        online = rng.choice([0.0, 0.0, 0.0, 0.1, 0.3, 0.8, 1.0])
        store = MILANO if rng.random() < 0.56 else VERONA
        customers.append(Customer(people.make(), store, kind, online, first))
    for c in customers:
        c.order_dates = order_dates_for(rng, c)
    return customers


def order_dates_for(rng: random.Random, c: Customer) -> list[date]:
    """Repeat behaviour: many buy once, some come back now and then, a few every month or more."""
    dates = [c.first_order]
    if c.kind == "once":
        return dates
    if c.kind == "occasional":
        for _ in range(rng.randint(1, 3)):
            nxt = dates[-1] + timedelta(days=rng.randint(25, 150))
            if nxt > END:
                break
            dates.append(nxt)
        return dates
    mean_gap, lapse = (30, 0.05) if c.kind == "regular" else (12, 0.03)
    while True:
        nxt = dates[-1] + timedelta(days=max(3, round(rng.gauss(mean_gap, mean_gap / 3))))
        if nxt > END or rng.random() < lapse:
            return dates
        dates.append(nxt)


@dataclass
class OrderLine:
    product: str
    qty: int
    price_cents: int


@dataclass
class Order:
    day: date
    customer: Customer | None   # None: walk-in sale, nobody asked for an email
    store: str
    channel: str
    lines: list[OrderLine]
    company: tuple[str, str] | None = None  # (email, name) of a business buying gift boxes
    number: str = ""


def order_lines(rng: random.Random) -> list[OrderLine]:
    n = rng.choices([1, 2, 3, 4, 5], weights=[38, 30, 18, 9, 5])[0]
    picks: list[int] = []
    while len(picks) < n:
        i = rng.choices(range(len(CATALOGUE)), weights=CATALOGUE_WEIGHT)[0]
        if i not in picks:
            picks.append(i)
    return [OrderLine(CATALOGUE[i][0], rng.randint(*CATALOGUE[i][2]), CATALOGUE[i][1]) for i in picks]


def euro(cents: int) -> str:
    """Italian money format: decimal comma and a dot for thousands (1.396,00)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d}"


def write_orders(customers: list[Customer]) -> None:
    rng = rng_for("ordini")
    orders: list[Order] = []
    for c in customers:
        for d in c.order_dates:
            # A few customers also shop at the other store, e.g. when travelling.
            store = c.store if rng.random() < 0.92 else (VERONA if c.store == MILANO else MILANO)
            channel = "online" if rng.random() < c.online else "negozio"
            orders.append(Order(d, c, store, channel, order_lines(rng)))
    # Walk-in sales where no email was taken: they count in shop revenue, not per customer.
    for _ in range(260):
        month = rng.choice(months())
        store = MILANO if rng.random() < 0.55 else VERONA
        orders.append(Order(pick_day(rng, month), None, store, "negozio", order_lines(rng)))
    # Christmas gift boxes for offices: large lines, totals above 1.000 €.
    for email, name, day, qty in [
        ("acquisti@studiolegalebianchi.it", "Studio Legale Bianchi", date(2025, 12, 4), 40),
        ("amministrazione@ferrarieng.it", "Ferrari Engineering Srl", date(2025, 12, 11), 25),
        ("ufficio@cantinevalpantena.it", "Cantine Valpantena", date(2026, 11, 18), 30),
    ]:
        store = VERONA if "cantine" in email else MILANO
        orders.append(Order(day, None, store, "negozio",
                            [OrderLine("Confezione regalo Fidelio", qty, 3490)], company=(email, name)))

    # Document numbers run per store and year, in date order, as a till would number them.
    orders.sort(key=lambda o: (o.day, o.store, o.channel, o.customer.person.email if o.customer else ""))
    counters: dict[tuple[str, int], int] = {}
    for o in orders:
        key = (STORE_CODE[o.store], o.day.year)
        counters[key] = counters.get(key, 0) + 1
        o.number = f"{key[0]}-{o.day.year % 100:02d}-{counters[key]:05d}"

    # Returns: a faulty moka or a cup that broke in the post, brought back a few days later.
    returns = []
    for o in orders:
        faulty = [line for line in o.lines if any(p == line.product and f for p, _, _, f in CATALOGUE)]
        if faulty and rng.random() < 0.10:
            back = o.day + timedelta(days=rng.randint(2, 20))
            if back <= END:
                line = rng.choice(faulty)
                returns.append((back, o, OrderLine(line.product, -line.qty, line.price_cents)))
        elif o.customer and rng.random() < 0.006:   # a change of mind on a food item
            back = o.day + timedelta(days=rng.randint(1, 7))
            if back <= END:
                line = o.lines[0]
                returns.append((back, o, OrderLine(line.product, -1, line.price_cents)))
    returns.sort(key=lambda r: (r[0], r[1].number))
    return_counters: dict[tuple[str, int], int] = {}
    rows = []
    for o in orders:
        rows.append((o.day, o.number, o, o.lines))
    for back, o, line in returns:
        key = (STORE_CODE[o.store], back.year)
        return_counters[key] = return_counters.get(key, 0) + 1
        rows.append((back, f"R-{key[0]}-{back.year % 100:02d}-{return_counters[key]:04d}", o, [line]))
    rows.sort(key=lambda r: (r[0], r[1].startswith("R"), r[1]))

    with open(OUT / "ordini.csv", "w", encoding="utf-8", newline="") as f:
        # Management software on a Windows PC: ';' and CRLF line ends.
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["N. documento", "Data", "Email cliente", "Cliente", "Prodotto", "Quantità",
                    "Prezzo unitario", "Totale", "Negozio", "Canale"])
        for day, number, o, lines in rows:
            if o.customer:
                email, name = o.customer.person.email, o.customer.person.name
            elif o.company:
                email, name = o.company
            else:
                email, name = "", ""
            for line in lines:
                total = line.qty * line.price_cents
                if o.customer:
                    o.customer.net_cents += total
                w.writerow([number, day.strftime("%d/%m/%Y"), email, name, line.product, line.qty,
                            euro(line.price_cents), euro(total), o.store, o.channel])


# ---------------------------------------------------------------------------------------------
# Survey comments
# ---------------------------------------------------------------------------------------------

IT_SENTENCES = {
    "promoter": [
        "Personale gentilissimo e molto preparato.", "Mi hanno consigliato una miscela perfetta per la moka.",
        "Ottima qualità del caffè, si sente la differenza.", "Negozio bellissimo, sembra una bottega di una volta.",
        "Consigli utili e mai invadenti.", "Sempre disponibili, anche quando il negozio è pieno.",
        "Il tè verde è il migliore che abbia mai provato.", "Confezione regalo curatissima, mia madre l'ha adorata.",
        "Prezzi giusti per la qualità che offrono.", "Spedizione velocissima, arrivato tutto in due giorni.",
        "Mi sento sempre accolta come un'amica.", "La ragazza alla cassa mi ha spiegato le differenze tra le miscele.",
        "Prodotti artigianali di qualità, niente a che vedere con il supermercato.",
        "Ho portato un'amica e adesso viene anche lei.", "La degustazione del sabato è fantastica.",
        "Cantucci buonissimi, li ricompro ogni mese.", "Servizio impeccabile.",
        "Hanno sostituito subito la moka difettosa, senza storie.",
        "Atmosfera accogliente e profumo di caffè appena tostato.", "Grande scelta di tè e tisane.",
        "Il sito è semplice e il pacco era curato.", "I punti della tessera si usano facilmente.",
        "Mi hanno tenuto da parte il caffè che cercavo.", "Qualità altissima, vale ogni euro.",
        "Vengo qui da anni e non mi hanno mai deluso.", "Personale gentile e sorridente.",
        "Con 20 € ho fatto un regalo bellissimo.", "Ottimi consigli sulla macinatura.",
    ],
    "passive": [
        "Buoni prodotti ma prezzi un po' alti.", "Tutto bene, niente di speciale.",
        "Qualità buona, però il sabato c'è sempre coda.", "La scelta di tisane è un po' limitata.",
        "Personale gentile, ma l'attesa alla cassa è lunga.", "Il caffè è buono ma costa più che altrove.",
        "Spedizione un po' lenta, prodotto ok.", "Avrei voluto qualche consiglio in più.",
        "Il prodotto che cercavo era esaurito, mi hanno detto di ripassare.",
        "Non trovo sempre le stesse miscele.", "La confezione regalo costa 3 € in più, un po' tanto.",
        "Prezzi nella media alta.", "Il sito potrebbe essere più chiaro sulle spese di spedizione.",
        "Buono il caffè, meno convincente il cioccolato.", "La tessera fedeltà dà pochi vantaggi.",
        "Negozio carino ma un po' piccolo, si sta stretti.", "Bene ma non benissimo.",
    ],
    "detractor": [
        "Attesa lunghissima, c'era una sola persona in negozio.",
        "Personale scortese, mi hanno fatto sentire di troppo.", "Prezzi troppo alti per quello che offrono.",
        "La moka perdeva dalla guarnizione dopo una settimana.",
        "Reso complicato: volevano lo scontrino originale e non l'avevo più.",
        "Ho aspettato 20 minuti per pagare un pacco di caffè.",
        "Ordine online arrivato in ritardo e con un barattolo rotto.", "Nessuno mi ha salutato né aiutato.",
        "Il caffè non era fresco, aroma sparito.", "Prodotto difettoso e nemmeno una scusa.",
        "Mi hanno risposto male quando ho chiesto informazioni.", "Lo sconto della tessera non è stato applicato.",
        "Per avere un rimborso ho dovuto scrivere tre email.", "Più di 11 € per 250 g di caffè è esagerato.",
        "Negozio disordinato e scaffali mezzi vuoti.", "Il POS non funzionava e sono dovuto andare a prelevare.",
        "Il macinacaffè che mi hanno venduto non macina fine.", "Perché pagare di più se il servizio è questo?",
    ],
}
# Verona's summer staff shortage (June-August 2026) shows up in what detractors write.
VERONA_SUMMER = [
    "In estate sembra che manchi personale: coda fino alla porta.",
    "Una sola commessa per tutto il negozio, attesa infinita.",
    "Cassa chiusa a metà pomeriggio e nessuno sapeva quando riapriva.",
    "Personale nervoso e stanco, si vede che sono in pochi.",
    "Con il caldo il cioccolato in vetrina era sciolto.",
    "Attesa lunga, troppi turisti e poco personale.",
]
IT_SHORT = {
    "promoter": ["Ottimo!", "Tutto perfetto", "Top", "Bravissimi", "Qualità eccellente", "Sempre il massimo"],
    "passive": ["Bene", "Nella media", "Discreto", "Ok", "Carino"],
    "detractor": ["Caro.", "Troppa attesa", "Deludente", "Scortesi", "Mai più"],
}
IT_CLOSERS = {
    "promoter": ["Tornerò sicuramente!", "Grazie mille!", "Consigliatissimo.", "Bravi!", "Continuate così.",
                 "Complimenti a tutto lo staff."],
    "passive": ["Nel complesso soddisfatto.", "Nel complesso soddisfatta.", "Si può migliorare.",
                "Vedremo la prossima volta."],
    "detractor": ["Peccato.", "Non tornerò.", "Molto deluso.", "Molto delusa.", "Sistemate questa cosa."],
}
EN_SENTENCES = {
    "promoter": ["Lovely little shop, the staff were so helpful.", "Best espresso beans I've bought in Italy.",
                 "Great gift boxes, we took three home.", "The lady explained every blend to us in perfect English.",
                 "Beautiful shop and fair prices.", "Friendly staff and great quality.", "Amazing tea selection.",
                 "Shipping to London was quick and the parcel was beautifully packed."],
    "passive": ["Nice products but a bit pricey.", "Good shop, long queue at the till.",
                "OK overall, hard to find someone who spoke English.",
                "Shipping to the UK took longer than expected.", "Good coffee, small shop, very crowded."],
    "detractor": ["Waited ages to pay, only one person working.", "Staff were rude when we asked for help.",
                  "Too expensive for what it is.", "The moka pot leaked after two days.",
                  "Returning an item was a nightmare.", "Charged twice on my card, still waiting for the refund."],
}
EN_CLOSERS = {"promoter": ["Thanks!", "Will come back.", "Highly recommended."],
              "passive": ["Not bad.", "Fine overall."],
              "detractor": ["Disappointed.", "Not coming back."]}


def make_comment(rng: random.Random, group: str, english: bool, store: str, month: str,
                 allow_fancy: bool) -> str:
    """A natural-sounding comment: one or two sentences from the score group, sometimes a closer.

    allow_fancy lets Google Forms answers carry an emoji or a line break (paragraph answers can),
    which a Windows-1252 kiosk file cannot.
    """
    if english:
        parts = rng.sample(EN_SENTENCES[group], rng.choice([1, 1, 2]))
        if rng.random() < 0.3:
            parts.append(rng.choice(EN_CLOSERS[group]))
        return " ".join(parts)
    if rng.random() < 0.15:
        return rng.choice(IT_SHORT[group])
    pool = IT_SENTENCES[group]
    if group == "detractor" and store == VERONA and month in ("2026-06", "2026-07", "2026-08"):
        pool = VERONA_SUMMER * 3 + pool
    parts = []
    for _ in range(rng.choice([1, 1, 1, 2])):
        s = rng.choice(pool)
        if s not in parts:
            parts.append(s)
    if rng.random() < 0.3:
        parts.append(rng.choice(IT_CLOSERS[group]))
    sep = "\n" if allow_fancy and len(parts) > 1 and rng.random() < 0.12 else " "
    text = sep.join(parts)
    if rng.random() < 0.12:   # typed quickly on a phone: lower case, no final full stop
        text = text[0].lower() + text[1:].rstrip(".")
    if allow_fancy and group == "promoter" and rng.random() < 0.05:
        text += " 😊"
    return text


# ---------------------------------------------------------------------------------------------
# Survey answers
# ---------------------------------------------------------------------------------------------

# Answers per month, both stores together: Christmas is busy, August is quiet in Milan.
SURVEY_VOLUME = {"2025-10": 92, "2025-11": 104, "2025-12": 132, "2026-01": 74, "2026-02": 68,
                 "2026-03": 86, "2026-04": 96, "2026-05": 101, "2026-06": 88, "2026-07": 83,
                 "2026-08": 64, "2026-09": 93, "2026-10": 112, "2026-11": 71}
# Milan empties in August while Verona is full of tourists.
MILANO_SHARE = {"2026-07": 0.5, "2026-08": 0.42}


def group_odds(store: str, month: str) -> tuple[float, float, float]:
    """(promoters, passives, detractors) the shop 'really' had: the story behind the numbers.

    Milano is steady around +40, with a dip in the Christmas rush and January returns, then
    better from spring 2026 (new staff training). Verona runs around +23, falls below zero in
    July-August 2026 when it was short of staff, and recovers in the autumn.
    """
    if store == MILANO:
        return {"2025-12": (0.48, 0.31, 0.21), "2026-01": (0.50, 0.30, 0.20)}.get(
            month, (0.60, 0.28, 0.12) if month >= "2026-04" else (0.55, 0.30, 0.15))
    return {"2026-06": (0.38, 0.30, 0.32), "2026-07": (0.30, 0.28, 0.42), "2026-08": (0.32, 0.29, 0.39),
            "2026-09": (0.42, 0.31, 0.27), "2026-10": (0.50, 0.30, 0.20),
            "2026-11": (0.50, 0.30, 0.20)}.get(month, (0.46, 0.31, 0.23))


def score_in(rng: random.Random, group: str) -> int:
    if group == "promoter":
        return rng.choices([9, 10], weights=[45, 55])[0]
    if group == "passive":
        return rng.choices([7, 8], weights=[40, 60])[0]
    return rng.choices(range(7), weights=[3, 1, 2, 3, 5, 8, 12])[0]


@dataclass
class Answer:
    when: datetime
    store: str
    channel: str        # "negozio" or "online"
    score: int
    comment: str
    email: str
    name: str


def make_answers(customers: list[Customer]) -> list[Answer]:
    rng = rng_for("sondaggi")
    people = People(rng_for("survey-people"))
    italians = [people.make() for _ in range(700)]
    tourists = [people.make(foreign=True) for _ in range(150)]
    answers = []
    for month in months():
        total = SURVEY_VOLUME[month] + rng.randint(-6, 6)
        for _ in range(total):
            store = MILANO if rng.random() < MILANO_SHARE.get(month, 0.56) else VERONA
            channel = "online" if rng.random() < (0.25 if store == MILANO else 0.15) else "negozio"
            day = pick_day(rng, month)
            when = datetime(day.year, day.month, day.day, *pick_time(rng, channel == "negozio"))
            # Who answered: a tourist, one of the shop's customers (same email as in ordini.csv),
            # or someone who is not in the order file.
            known = [c for c in customers if c.store == store and c.first_order <= day]
            r = rng.random()
            tourist = r < (0.10 if store == MILANO else 0.15)
            customer = None if tourist or not known or r > 0.12 + (0.10 if store == MILANO else 0.15) \
                else rng.choice(known)
            person = rng.choice(tourists) if tourist else customer.person if customer else rng.choice(italians)
            p, pa, d = group_odds(store, month)
            if customer and customer.kind in ("regular", "fan"):
                p, d = p + 0.10, max(0.03, d - 0.10)   # loyal customers are happier
            group = rng.choices(["promoter", "passive", "detractor"], weights=[p, pa, d])[0]
            chance = {"promoter": 0.34, "passive": 0.30, "detractor": 0.50}[group]
            comment = make_comment(rng, group, tourist, store, month, store == MILANO) \
                if rng.random() < chance else ""
            email = person.email
            if customer and rng.random() < 0.05:   # typed by hand: capitals, same person
                email = email.capitalize().replace("@gmail.com", "@Gmail.com")
            answers.append(Answer(when, store, channel, score_in(rng, group), comment, email, person.name))
    answers.sort(key=lambda a: (a.when, a.email))
    return answers


def write_milano(answers: list[Answer]) -> None:
    """Google Forms (Italian account) 'Download responses (.csv)'."""
    with open(OUT / "sondaggio_milano.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Informazioni cronologiche", "Indirizzo email",
                    f"Quanto è probabile che consiglieresti {SHOP} a un amico o a un collega?",
                    "Perché hai dato questo voto?", "Negozio", "Canale"])
        for a in answers:
            if a.store != MILANO:
                continue
            t = a.when
            # Italian Sheets locale: dd/mm/yyyy, hour without a leading zero, dots in the time.
            stamp = f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour}.{t.minute:02d}.{t.second:02d}"
            w.writerow([stamp, a.email, a.score, a.comment, MILANO, a.channel])


def write_verona(answers: list[Answer]) -> None:
    """Till kiosk export: English labels, ';', Windows-1252, CRLF, a title above the header."""
    rng = rng_for("verona-kiosk")
    rows = []
    for a in answers:
        if a.store != VERONA:
            continue
        # The kiosk asks for an email but does not require it; the name is asked even less.
        email = a.email if rng.random() < 0.6 else ""
        name = a.name if email and rng.random() < 0.45 else ""
        rows.append([a.when.strftime("%d/%m/%Y %H:%M"), email, name, str(a.score), a.comment, VERONA,
                     "Online" if a.channel == "online" else "In store"])
    # Deliberately unusable rows, so the app has something to list under "skipped":
    # two answers with no score (kiosk timed out), a score of 11 typed in by hand, and a
    # row written while the kiosk clock was unset.
    broken = sorted(rng.sample(range(10, len(rows) - 10), 4))
    rows[broken[0]][3] = ""
    rows[broken[1]][3] = "11"
    rows[broken[2]][0] = "??/??"
    rows[broken[3]][3] = ""
    rows[broken[3]][4] = ""
    with open(OUT / "survey_verona.csv", "w", encoding="cp1252", newline="") as f:
        f.write("Customer feedback export - Verona Centro\r\n\r\n")
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["Date", "Customer email", "Name", "Score", "Comment", "Store", "Channel"])
        w.writerows(rows)


# ---------------------------------------------------------------------------------------------
# Reviews and loyalty cards
# ---------------------------------------------------------------------------------------------

REVIEW_OPENERS = {
    MILANO: ["Piccola bottega nel cuore di Brera.", "Negozio storico a due passi da via Fiori Chiari.",
             "Ci passo ogni volta che sono in Brera."],
    VERONA: ["Bottega in pieno centro, vicino a Piazza delle Erbe.", "Negozio in centro a Verona.",
             "Passato per caso dopo l'Arena."],
}


def star_weights(store: str, month: str) -> list[int]:
    if store == VERONA and month in ("2026-06", "2026-07", "2026-08"):
        return [14, 12, 18, 26, 30]
    return [3, 3, 8, 26, 60] if store == MILANO else [5, 6, 12, 30, 47]


def write_reviews(customers: list[Customer]) -> None:
    rng = rng_for("recensioni")
    people = People(rng_for("review-people"))
    rows = []
    for month in months():
        for _ in range(25 + rng.randint(-4, 4) - (8 if month == "2026-11" else 0)):
            store = MILANO if rng.random() < 0.55 else VERONA
            day = pick_day(rng, month)
            stars = rng.choices([1, 2, 3, 4, 5], weights=star_weights(store, month))[0]
            group = "promoter" if stars >= 4 else "passive" if stars == 3 else "detractor"
            tourist = rng.random() < 0.18
            known = [c for c in customers if c.store == store and c.first_order <= day]
            customer = rng.choice(known) if known and not tourist and rng.random() < 0.3 else None
            if customer:
                author, email = customer.person.name, customer.person.email
            else:
                p = people.make(foreign=tourist)
                author = p.name if rng.random() < 0.6 else f"{p.first} {p.last[0]}."
                email = ""
            if rng.random() < 0.12:
                text = ""   # stars only, no text
            elif tourist:
                text = " ".join(rng.sample(EN_SENTENCES[group], rng.choice([1, 2])))
            else:
                parts = [rng.choice(REVIEW_OPENERS[store])] if rng.random() < 0.4 else []
                parts += rng.sample(IT_SENTENCES[group], rng.choice([1, 2, 2]))
                text = " ".join(parts)
            rows.append((day, author, email, stars, text, store))
    # Review sites export the newest first.
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    with open(OUT / "recensioni.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Data", "Autore", "Email", "Stelle", "Recensione", "Negozio"])
        for day, author, email, stars, text, store in rows:
            w.writerow([day.strftime("%d/%m/%Y"), author, email, stars, text, store])


def write_loyalty(customers: list[Customer]) -> None:
    """~180 card holders: mostly repeat customers, plus a few who signed up and never bought.

    Points: 1 point per euro of net spend since joining (plus an opening balance for cards older
    than the data); 100 points are redeemed at a time. Tier by points earned: Oro from 400,
    Argento from 150, otherwise Bronzo.
    """
    rng = rng_for("tessera")
    weight = {"fan": 10, "regular": 8, "occasional": 4, "once": 1.5}
    pool = list(customers)
    members: list[tuple[date, str, int]] = []   # (joined, email, points earned)
    for _ in range(165):
        c = rng.choices(pool, weights=[weight[x.kind] for x in pool])[0]
        pool.remove(c)
        if c.first_order < date(2025, 12, 1) and rng.random() < 0.5:
            joined = date(rng.randint(2021, 2025), 1, 1) + timedelta(days=rng.randint(0, 270))
            opening = rng.randint(0, 250)
        else:
            joined, opening = rng.choice(c.order_dates[:2]), 0
        # Spend after joining: approximated by the share of the customer's orders since then.
        share = sum(d >= joined for d in c.order_dates) / len(c.order_dates)
        earned = opening + max(0, c.net_cents) * share // 100
        email = c.person.email if rng.random() > 0.02 else c.person.email.upper()
        members.append((joined, email, int(earned)))
    people = People(rng_for("tessera-people"))
    for _ in range(15):
        members.append((START + timedelta(days=rng.randint(0, (END - START).days)), people.make().email, 0))
    members.sort()
    with open(OUT / "tessera_fedelta.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["Codice tessera", "Email", "Iscritto dal", "Punti accumulati", "Punti utilizzati",
                    "Livello"])
        for i, (joined, email, earned) in enumerate(members):
            used = int(earned * rng.uniform(0, 0.8)) // 100 * 100
            tier = "Oro" if earned >= 400 else "Argento" if earned >= 150 else "Bronzo"
            w.writerow([f"BF{1200 + 7 * i:06d}", email, joined.strftime("%d/%m/%Y"), earned, used, tier])


# ---------------------------------------------------------------------------------------------
# Independent check: read the files back and count
# ---------------------------------------------------------------------------------------------

def nps_figures(scores: list[int]) -> dict:
    n = len(scores)
    pro = sum(s >= 9 for s in scores)
    pas = sum(7 <= s <= 8 for s in scores)
    det = sum(s <= 6 for s in scores)
    out = {"responses": n, "promoters": pro, "passives": pas, "detractors": det}
    if n:
        p, d = pro / n, det / n
        out["nps"] = round(100 * (p - d), 3)
        out["moe"] = round(1.96 * 100 * math.sqrt((p + d - (p - d) ** 2) / n), 3)
    return out


def check_score(text: str) -> tuple[int | None, str]:
    t = text.strip()
    if not t:
        return None, "blank score"
    if not re.fullmatch(r"-?\d+", t) or not 0 <= int(t) <= 10:
        return None, f"score '{t}' is not on the 0-10 scale"
    return int(t), ""


def read_survey(path: Path, encoding: str, delimiter: str, skip_lines: int, date_re: str,
                cols: dict) -> tuple[list[dict], list[dict], int]:
    """Rows as (month, store, score) dicts, the skipped rows with reasons, and the data row count."""
    with open(path, encoding=encoding, newline="") as f:
        for _ in range(skip_lines):
            f.readline()
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader)
        idx = {role: header.index(name) for role, name in cols.items()}
        good, skipped, n = [], [], 0
        for n, row in enumerate(reader, start=1):
            m = re.fullmatch(date_re, row[idx["date"]])
            ok_date = False
            if m:
                try:
                    when = date(int(m["y"]), int(m["m"]), int(m["d"]))
                    ok_date = True
                except ValueError:
                    pass
            score, problem = check_score(row[idx["score"]])
            if not ok_date:
                problem = f"unreadable date '{row[idx['date']]}'"
            if problem:
                skipped.append({"row": n, "reason": problem})
                continue
            good.append({"month": f"{when.year:04d}-{when.month:02d}", "store": row[idx["store"]],
                         "score": score, "comment": bool(row[idx["comment"]].strip()),
                         "email": row[idx["email"]].strip().lower()})
    return good, skipped, n


def parse_euro(text: str) -> int:
    neg = text.startswith("-")
    whole, cents = text.lstrip("-").replace(".", "").split(",")
    value = int(whole) * 100 + int(cents)
    return -value if neg else value


def summarise_orders() -> tuple[dict, set[str]]:
    with open(OUT / "ordini.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    docs: dict[str, dict] = {}
    for r in rows:
        d = docs.setdefault(r["N. documento"], {"total": 0, "email": r["Email cliente"].strip().lower(),
                                                  "return": r["N. documento"].startswith("R"),
                                                  "store": r["Negozio"]})
        d["total"] += parse_euro(r["Totale"])
    orders = [d for d in docs.values() if not d["return"] and d["total"] > 0]
    per_customer: dict[str, int] = {}
    for d in orders:
        if d["email"]:
            per_customer[d["email"]] = per_customer.get(d["email"], 0) + 1
    gross = sum(d["total"] for d in orders)
    refunds = -sum(d["total"] for d in docs.values() if d["return"])
    # Net revenue per customer: their orders minus the returns documents naming them.
    net: dict[str, int] = {}
    for d in docs.values():
        if d["email"] and (d["return"] or d["total"] > 0):
            net[d["email"]] = net.get(d["email"], 0) + d["total"]
    best = max(per_customer, key=lambda e: (net[e], e))
    by_store = {}
    for store in sorted({d["store"] for d in orders}):
        mine = [d for d in orders if d["store"] == store]
        store_refunds = -sum(d["total"] for d in docs.values() if d["return"] and d["store"] == store)
        by_store[store] = {
            "orders": len(mine),
            "customers": len({d["email"] for d in mine if d["email"]}),
            "net_revenue_eur": (sum(d["total"] for d in mine) - store_refunds) / 100,
        }
    return {
        "lines": len(rows),
        "orders": len(orders),
        "orders_without_email": sum(1 for d in orders if not d["email"]),
        "return_documents": sum(1 for d in docs.values() if d["return"]),
        "customers": len(per_customer),
        "customers_with_2_or_more_orders": sum(1 for v in per_customer.values() if v >= 2),
        "gross_eur": gross / 100,
        "refunds_eur": refunds / 100,
        "net_revenue_eur": (gross - refunds) / 100,
        "by_store": by_store,
        "best_customer": {"email": best, "orders": per_customer[best], "net_revenue_eur": net[best] / 100},
    }, set(per_customer)


def summarise_reviews() -> dict:
    with open(OUT / "recensioni.csv", encoding="utf-8", newline="") as f:
        stars = [int(r["Stelle"]) for r in csv.DictReader(f)]
    return {"reviews": len(stars), "mean_stars": round(sum(stars) / len(stars), 4),
            "share_4_5": round(sum(s >= 4 for s in stars) / len(stars), 4)}


def summarise_loyalty() -> dict:
    with open(OUT / "tessera_fedelta.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    earned = sum(int(r["Punti accumulati"]) for r in rows)
    used = sum(int(r["Punti utilizzati"]) for r in rows)
    tiers = {t: sum(r["Livello"] == t for r in rows) for t in ("Bronzo", "Argento", "Oro")}
    return {"members": len(rows), "tiers": tiers, "points_earned": earned, "points_redeemed": used,
            "redemption_rate": round(used / earned, 4),
            "emails": sorted(r["Email"].strip().lower() for r in rows if r["Email"].strip())}


def write_expected() -> None:
    milano, milano_skipped, milano_rows = read_survey(
        OUT / "sondaggio_milano.csv", "utf-8", ",", 0,
        r"(?P<d>\d{2})/(?P<m>\d{2})/(?P<y>\d{4}) \d{1,2}\.\d{2}\.\d{2}",
        {"date": "Informazioni cronologiche", "email": "Indirizzo email", "store": "Negozio",
         "comment": "Perché hai dato questo voto?",
         "score": f"Quanto è probabile che consiglieresti {SHOP} a un amico o a un collega?"})
    verona, verona_skipped, verona_rows = read_survey(
        OUT / "survey_verona.csv", "cp1252", ";", 2,
        r"(?P<d>\d{2})/(?P<m>\d{2})/(?P<y>\d{4}) \d{2}:\d{2}",
        {"date": "Date", "email": "Customer email", "store": "Store", "comment": "Comment", "score": "Score"})

    expected: dict = {}
    for name, good, skipped, rows in [("sondaggio_milano.csv", milano, milano_skipped, milano_rows),
                                      ("survey_verona.csv", verona, verona_skipped, verona_rows)]:
        expected[name] = {"rows": rows, **nps_figures([g["score"] for g in good]),
                          "comments": sum(g["comment"] for g in good), "skipped": skipped}
    both = milano + verona
    expected["overall"] = nps_figures([g["score"] for g in both])
    expected["by_month"] = {m: nps_figures([g["score"] for g in both if g["month"] == m]) for m in months()}
    expected["by_store"] = {s: nps_figures([g["score"] for g in both if g["store"] == s])
                            for s in (MILANO, VERONA)}
    orders, order_emails = summarise_orders()
    survey_emails = {g["email"] for g in both if g["email"]}
    expected["survey_emails_also_in_orders"] = len(survey_emails & order_emails)
    expected["ordini.csv"] = orders
    expected["recensioni.csv"] = summarise_reviews()
    loyalty = summarise_loyalty()
    members = set(loyalty.pop("emails"))
    # Membership rate (metrics.md): members who ordered / customers who ordered.
    loyalty["members_who_ordered"] = len(members & order_emails)
    loyalty["customers_who_ordered"] = len(order_emails)
    expected["tessera_fedelta.csv"] = loyalty
    expected["_note"] = ("Counted by assets/demo/generate.py reading its own output files back; "
                         "rows = data rows below the header; nps/moe as in shared/docs/metrics.md, "
                         "rounded to 3 decimals; months are the local dates as written.")
    with open(OUT / "expected.json", "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")

    for name in ("sondaggio_milano.csv", "survey_verona.csv"):
        e = expected[name]
        print(f"{name}: rows {e['rows']}, responses {e['responses']}, promoters {e['promoters']}, "
              f"passives {e['passives']}, detractors {e['detractors']}, NPS {e['nps']:+.1f} "
              f"± {e['moe']:.1f}, skipped {len(e['skipped'])}")
    o = expected["overall"]
    print(f"both stores: responses {o['responses']}, NPS {o['nps']:+.1f} ± {o['moe']:.1f}")


def main() -> None:
    customers = make_customers(rng_for("clienti"), People(rng_for("customer-people")))
    write_orders(customers)
    answers = make_answers(customers)
    write_milano(answers)
    write_verona(answers)
    write_reviews(customers)
    write_loyalty(customers)
    write_expected()


if __name__ == "__main__":
    main()
