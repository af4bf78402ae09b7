#!/usr/bin/env python3
"""Outside corpus generator for `dossier` benchmarks.

Writes a complete synthetic dossier -- site.toml, content/index.md, the registries
(content/people.toml, issues.toml, outlets.toml, events.toml, organisations.toml,
places.toml) and one content/articles/SLUG.md + SLUG.toml pair per article -- and,
optionally, a Hugo 0.111 site of the same articles (front matter terms for the
taxonomies people, issues, outlets and events, with minimal real layouts).

This generator is written independently of the project's own generator
(tools/corpus.rs, examples/gen_corpus.rs): it shares no code and no word lists with
them. The input format was learned only from README.md and the example dossier in
content/. Its purpose is to measure `dossier` on a corpus that its authors did not
shape: pseudo-words built from syllables mixed with real English function words,
varied sentence and paragraph lengths, Zipf-skewed popularity of people and issues,
quotes that cross hard-wrapped lines (PDF-style copy) or contain inline markup
(*emphasis*, links, <u>underline</u>), and repeated names and phrases so that many
annotations need `prefix`, `suffix` or `occurrence` to be unique.

Per article, on average: ~630 words, 8 mentions, 3 quotes, 2 event reports, 1 note;
articles come from 20 outlets over 10 years (2015-2024). About N/20 people, N/100
issues (at least 20), N/4 registry events.

Usage (Python 3, standard library only):

    python3 benches/outside_corpus.py --articles N --out DIR [--hugo HUGODIR] [--seed S] [--force]

    cd DIR && dossier check
    hugo --quiet -s HUGODIR -d /tmp/h-out

DIR (and HUGODIR) must be new or empty, unless --force, which replaces the generated
parts (content/, site.toml; content/, layouts/, data/, static/, config.toml) in place.
The same --seed and --articles give byte-identical output. At the end it prints a
summary: counts of quotes spanning line breaks, quotes with markup, annotations that
need prefix/suffix/occurrence, and the share of articles naming the top person.
"""

import argparse
import bisect
import datetime as dt
import os
import random
import shutil
import sys

# ---------------------------------------------------------------------------
# Vocabulary: syllables for pseudo-words, and a handful of real English words.
# ---------------------------------------------------------------------------

ONSETS = ["", "", "", "b", "b", "c", "d", "d", "f", "g", "h", "j", "k", "l", "l", "m",
          "m", "n", "n", "p", "r", "r", "s", "s", "t", "t", "v", "w", "z", "bl", "br",
          "dr", "fr", "gl", "gr", "kr", "pl", "pr", "sl", "sp", "st", "tr", "th", "sh",
          "ch", "qu"]
NUCLEI = ["a", "a", "a", "e", "e", "e", "i", "i", "o", "o", "u", "u", "ai", "ei", "ou",
          "ia", "y", "ee", "oa"]
CODAS = ["", "", "", "", "", "", "n", "n", "r", "r", "l", "s", "s", "m", "t", "nd",
         "rt", "st", "k", "x", "ll", "nt", "ng"]
SYLLABLE_WEIGHTS = [34, 44, 18, 4]

DETERMINERS = ["the", "the", "the", "the", "a", "a", "its", "their", "this", "that",
               "every", "some", "no", "another", "each", "his", "her", "our", "these"]
PREPOSITIONS = ["of", "in", "on", "for", "with", "at", "from", "by", "into", "over",
                "after", "before", "against", "during", "under", "between", "about",
                "across", "without", "through", "toward", "around", "beyond", "near"]
CONJUNCTIONS = ["and", "but", "while", "as", "although", "because", "since", "so",
                "whereas", "after", "before", "until", "even as", "and yet"]
PRONOUN_SUBJECTS = ["they", "it", "he", "she", "we", "officials", "critics",
                    "observers", "residents", "analysts", "both sides", "many"]
PLURAL_SUBJECTS = {"they", "we", "officials", "critics", "observers", "residents",
                   "analysts", "both sides", "many"}
AUX = ["would", "could", "might", "will", "should", "may", "must"]
ADVERB_REAL = ["also", "again", "still", "already", "never", "later", "quickly",
               "publicly", "openly", "briefly", "only", "largely", "partly", "now"]
REAL_NOUNS = ["government", "minister", "talks", "agreement", "officials", "week",
              "year", "statement", "report", "plan", "meeting", "council", "border",
              "budget", "court", "election", "vote", "committee", "delegation", "deal",
              "proposal", "reform", "treaty", "market", "region", "spokesperson",
              "parliament", "ministry", "letter", "decision", "visit", "sanctions",
              "dispute", "process", "negotiators", "summit", "embassy", "press",
              "agency", "coalition", "opposition", "envoy", "deadline", "draft",
              "round", "question", "answer", "people", "country", "city", "port"]
REAL_VERBS_PAST = ["said", "announced", "rejected", "proposed", "confirmed", "denied",
                   "signed", "agreed", "warned", "urged", "blocked", "approved",
                   "postponed", "criticised", "welcomed", "demanded", "promised",
                   "accepted", "opened", "closed", "described", "suggested"]
REAL_ADJECTIVES = ["new", "former", "first", "last", "next", "senior", "bilateral",
                   "national", "local", "regional", "foreign", "public", "joint",
                   "early", "late", "formal", "direct", "final", "separate", "broad"]
NUMBER_NOUNS = ["percent", "people", "officials", "tonnes", "kilometres", "votes",
                "million", "households", "days", "members"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

ROLES = ["Foreign Minister", "Deputy Minister", "Spokesperson", "Ambassador", "Mayor",
         "Senator", "Governor", "Chief Negotiator", "Central Bank Governor",
         "Trade Commissioner", "Party Leader", "Defence Minister", "Prime Minister",
         "Opposition Leader", "Union Leader", "Judge", "Prosecutor General",
         "Energy Minister", "Envoy", "Chief Executive", "Interior Minister",
         "Finance Minister", "Committee Chair", "Special Representative"]
ISSUE_TOPICS = ["water rights", "border controls", "pension reform", "fishing quotas",
                "grain exports", "port access", "rail tariffs", "mining licences",
                "press freedom", "refugee returns", "gas transit", "tax treaty",
                "arms control", "visa rules", "airspace access", "election law",
                "debt relief", "customs union", "river dam", "minority languages",
                "farm subsidies", "wage talks", "housing rules", "coal phase-out",
                "data privacy", "cable landing rights", "ferry service",
                "budget deficit", "court reform", "police oversight", "diplomatic property",
                "embassy staffing", "direct flights", "prisoner exchange", "sanctions relief"]
EVENT_KINDS = ["summit", "talks", "vote", "referendum", "strike", "hearing", "ruling",
               "signing ceremony", "conference", "election", "protest", "inquiry",
               "audit", "launch", "blockade", "ceasefire", "consultations", "state visit"]
STATUS_VERBS = {
    "happened": ["took place", "was held", "went ahead", "was staged"],
    "planned": ["is scheduled to take place", "is expected", "will be held",
                "is planned"],
    "postponed": ["has been postponed", "was pushed back", "was put off",
                  "has been delayed"],
    "canceled": ["was called off", "has been canceled", "was scrapped",
                 "was abandoned"],
}
ORG_KINDS = [("Port Authority", "agency"), ("Council", "council"),
             ("Ministry of Trade", "ministry"), ("Electoral Commission", "commission"),
             ("Central Bank", "central bank"), ("Chamber of Commerce", "association"),
             ("Workers' Union", "trade union"), ("Supreme Court", "court"),
             ("Foreign Ministry", "ministry"), ("Energy Agency", "agency"),
             ("Audit Office", "agency"), ("Border Service", "agency")]
OUTLET_PATTERNS = [("The {} Courier", "newspaper"), ("{} News Agency", "news agency"),
                   ("Radio {}", "public broadcaster"), ("The {} Times", "newspaper"),
                   ("{} Daily", "newspaper"), ("{} Herald", "newspaper"),
                   ("{} Television", "broadcaster"), ("The {} Observer", "weekly"),
                   ("{} Wire", "news agency"), ("{} Review", "magazine")]
UNNAMED = ["a senior official", "a person familiar with the talks", "one diplomat",
           "a spokesperson who declined to be named", "an aide", "a government source",
           "two officials", "a negotiator"]
NOTE_KINDS = [("context", 32), ("question", 14), ("contradiction", 16),
              ("correction", 8), ("translation", 10), ("update", 12), ("other", 8)]
FORBIDDEN_LINE_START = set("#>-+*=<|`~0123456789_[!")


def cap(s):
    return s[:1].upper() + s[1:]


def slugify(s):
    out, dash = [], False
    for ch in s.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def toml_str(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_val(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_val(x) for x in v) + "]"
    return toml_str(str(v))


def toml_table(header, fields):
    lines = [header] if header else []
    for k, v in fields:
        if v is None or v == [] or v == "":
            continue
        lines.append("%s = %s" % (k, toml_val(v)))
    return "\n".join(lines) + "\n"


class Zipf:
    """Sample items with weight 1/rank**s (rank from 1)."""

    def __init__(self, items, s):
        self.items = list(items)
        cum, t = [], 0.0
        for r in range(1, len(self.items) + 1):
            t += 1.0 / (r ** s)
            cum.append(t)
        self.cum, self.total = cum, t

    def p1(self):
        return 1.0 / self.total

    def one(self, rng):
        return self.items[min(bisect.bisect(self.cum, rng.random() * self.total),
                              len(self.items) - 1)]

    def distinct(self, rng, k):
        k = min(k, len(self.items))
        seen, out, tries = set(), [], 0
        while len(out) < k and tries < k * 40:
            x = self.one(rng)
            tries += 1
            if id(x) not in seen:
                seen.add(id(x))
                out.append(x)
        return out


def zipf_exponent_for_share(n_items, share, k_dist):
    """Exponent s so that the top item appears in about `share` of draws of k items."""
    lo, hi = 0.0, 4.0
    for _ in range(60):
        s = (lo + hi) / 2
        h = sum(1.0 / r ** s for r in range(1, n_items + 1))
        p1 = 1.0 / h
        got = sum(w * (1 - (1 - p1) ** k) for k, w in k_dist)
        if got < share:
            lo = s
        else:
            hi = s
    return (lo + hi) / 2


# ---------------------------------------------------------------------------
# Words and sentences
# ---------------------------------------------------------------------------

class Lexicon:
    def __init__(self, rng, reserved):
        self.rng = rng
        self.seen = set(reserved)
        self.nouns = self._make(7000, 1, 3)
        self.verbs = self._make(2600, 1, 3)
        self.adjs = [w + rng.choice(["al", "ic", "ous", "ive", "ent", "ish", "ar", "", ""])
                     for w in self._make(2600, 1, 2)]
        self.advs = [a + "ly" for a in self.adjs[:900] if not a.endswith("ly")]
        self.propers = [cap(w) for w in self._make(6000, 2, 3)]
        # the commonest words are the shortest, as in real text
        for lst in (self.nouns, self.verbs, self.adjs, self.advs):
            lst.sort(key=lambda w: len(w) + 4 * rng.random())
        self.noun_z = Zipf(self.nouns, 1.0)
        self.verb_z = Zipf(self.verbs, 1.0)
        self.adj_z = Zipf(self.adjs, 1.0)
        self.adv_z = Zipf(self.advs, 1.0)
        self.det_z = Zipf(DETERMINERS, 0.6)
        self.prep_z = Zipf(PREPOSITIONS, 0.8)
        self.proper_i = 0

    def word(self, lo, hi):
        rng = self.rng
        n = rng.choices(range(lo, hi + 1), SYLLABLE_WEIGHTS[lo - 1:hi])[0]
        return "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)
                       for _ in range(n))

    def _make(self, count, lo, hi):
        out = []
        while len(out) < count:
            w = self.word(lo, hi)
            if len(w) < 3 or len(w) > 13 or w in self.seen or not w[0].isalpha():
                continue
            self.seen.add(w)
            out.append(w)
        return out

    def fresh_proper(self):
        """A capitalised pseudo-word used for nothing else (names of entities)."""
        while True:
            w = cap(self.word(2, 3))
            if 4 <= len(w) <= 11 and w.lower() not in self.seen:
                self.seen.add(w.lower())
                return w

    # -- parts of speech ---------------------------------------------------------
    def noun(self):
        rng = self.rng
        r = rng.random()
        if r < 0.22:
            w = rng.choice(REAL_NOUNS)
        else:
            w = self.noun_z.one(rng)
            if rng.random() < 0.25:
                w += "s"
            elif rng.random() < 0.08:
                w += "tion"
        return w

    def verb_past(self):
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice(REAL_VERBS_PAST)
        v = self.verb_z.one(rng)
        return v + ("d" if v.endswith("e") else "ed")

    def verb_form(self):
        rng = self.rng
        r = rng.random()
        if r < 0.62:
            return self.verb_past()
        v = self.verb_z.one(rng)
        if r < 0.77:
            return v + ("es" if v.endswith(("s", "x", "sh", "ch")) else "s")
        if r < 0.87:
            return rng.choice(AUX) + " " + v
        if r < 0.94:
            return "has " + self.verb_past()
        return "was " + v + "ing"

    def adj(self):
        if self.rng.random() < 0.25:
            return self.rng.choice(REAL_ADJECTIVES)
        return self.adj_z.one(self.rng)

    def np(self, depth=0):
        rng = self.rng
        r = rng.random()
        if r < 0.06:
            n = rng.choice(["%d" % rng.randint(2, 99), "%d" % rng.randint(100, 990),
                            "%d,%03d" % (rng.randint(1, 90), rng.randint(0, 999)),
                            "%d.%d" % (rng.randint(1, 40), rng.randint(1, 9))])
            return "some %s %s" % (n, rng.choice(NUMBER_NOUNS))
        if r < 0.1:
            return rng.choice(self.propers[:1500])
        parts = []
        if rng.random() < 0.72:
            parts.append(self.det_z.one(rng))
        if rng.random() < 0.36:
            parts.append(self.adj())
        if rng.random() < 0.14:
            parts.append(self.noun_z.one(rng))
        parts.append(self.noun())
        s = " ".join(parts)
        if depth < 1 and rng.random() < 0.2:
            s += " of " + self.np(depth + 1)
        return s

    def clause(self, subject=None):
        rng = self.rng
        if subject is None:
            subject = rng.choice(PRONOUN_SUBJECTS) if rng.random() < 0.3 else self.np()
        parts = [subject]
        if rng.random() < 0.12:
            parts.append(rng.choice(ADVERB_REAL) if rng.random() < 0.6 else self.adv_z.one(rng))
        verb = self.verb_form()
        if subject in PLURAL_SUBJECTS or subject.startswith("some ") \
                or (subject.endswith("s") and not subject.endswith("ss")):
            if verb.startswith("was "):
                verb = "were " + verb[4:]
            elif verb.startswith("has "):
                verb = "have " + verb[4:]
        parts.append(verb)
        if rng.random() < 0.82:
            parts.append(self.np())
        n_pp = 0
        while rng.random() < (0.48 if n_pp == 0 else 0.3) and n_pp < 4:
            parts.append(self.prep_z.one(rng) + " " + self.np())
            n_pp += 1
        return " ".join(parts)

    def sentence(self, subject=None, long=None):
        rng = self.rng
        s = self.clause(subject)
        if subject is None and rng.random() < 0.16:
            intro = self.prep_z.one(rng) + " " + self.np()
            if rng.random() < 0.3:
                intro = "in %d" % rng.randint(2001, 2024)
            s = cap(intro) + ", " + s
        joins = 1 if long else 0
        while rng.random() < (0.34 if joins == 0 else 0.18) and joins < 3:
            s += ", " + rng.choice(CONJUNCTIONS) + " " + self.clause()
            joins += 1
        if rng.random() < 0.07:
            s += ", " + rng.choice(["officials said", "it said", "according to the report",
                                    "sources said", "by most accounts"])
        return cap(s) + "."

    def phrase(self, lo, hi):
        """A short lower-case phrase (for short quotes): 2-5 words."""
        rng = self.rng
        n = rng.randint(lo, hi)
        ws = []
        for i in range(n):
            if i and i < n - 1 and rng.random() < 0.3:
                ws.append(rng.choice(["of", "and", "the", "in", "for", "no"]))
            elif rng.random() < 0.4:
                ws.append(self.adj())
            else:
                ws.append(self.noun())
        return " ".join(ws)


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

def fmt_day(d):
    return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)


def date_start(ds):
    """Start day of a date form (YYYY, YYYY-MM, YYYY-MM-DD, ~, ranges, before/after)."""
    s = ds
    for p in ("~", "before ", "after "):
        if s.startswith(p):
            s = s[len(p):]
    s = s.split("/")[0]
    parts = [int(x) for x in s.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


def date_text(ds):
    """How an article writes a date form in its text."""
    if ds.startswith("~"):
        return "around " + fmt_day(date_start(ds))
    if ds.startswith("before "):
        return "by " + fmt_day(date_start(ds))
    if ds.startswith("after "):
        d = ds[6:]
        if len(d) == 7:
            dd = date_start(d)
            return "after %s %d" % (MONTHS[dd.month - 1], dd.year)
        return "after " + fmt_day(date_start(d))
    if "/" in ds:
        a, b = [date_start(x) for x in ds.split("/")]
        if a.month == b.month and a.year == b.year:
            return "between %d and %d %s %d" % (a.day, b.day, MONTHS[a.month - 1], a.year)
        return "between %s and %s" % (fmt_day(a), fmt_day(b))
    if len(ds) == 4:
        return "in " + ds
    if len(ds) == 7:
        d = date_start(ds)
        return "in %s %d" % (MONTHS[d.month - 1], d.year)
    return "on " + fmt_day(date_start(ds))


# ---------------------------------------------------------------------------
# Paragraph model: markdown source and plain (rendered) text, kept in step.
# ---------------------------------------------------------------------------

class Para:
    __slots__ = ("md", "pl", "mlen", "plen", "sentences", "mdtext", "pltext", "kind")

    def __init__(self, kind="p"):
        self.md, self.pl = [], []
        self.mlen = self.plen = 0
        self.sentences = []  # plain spans of narrative sentences (note targets)
        self.kind = kind

    def add(self, plain, md=None):
        if md is None:
            md = plain
        span = (self.plen, self.plen + len(plain), self.mlen, self.mlen + len(md))
        self.pl.append(plain)
        self.md.append(md)
        self.plen += len(plain)
        self.mlen += len(md)
        return span

    def sep(self):
        if self.plen:
            self.add(" ")

    def finish(self):
        self.mdtext = "".join(self.md)
        self.pltext = "".join(self.pl)


def wrap_md(md, width):
    toks = md.split(" ")
    out = [toks[0]]
    cur = len(toks[0])
    for t in toks[1:]:
        if cur + 1 + len(t) > width and t and t[0] not in FORBIDDEN_LINE_START:
            out.append("\n")
            cur = len(t)
        else:
            out.append(" ")
            cur += 1 + len(t)
        out.append(t)
    return "".join(out)


class Ann:
    __slots__ = ("kind", "para", "span", "fields", "id", "quote", "dis", "markup",
                 "crosses", "gstart", "meta")

    def __init__(self, kind, para, span, fields, aid=None, meta=None):
        self.kind, self.para, self.span, self.fields = kind, para, span, fields
        self.id = aid
        self.dis = []
        self.markup = False
        self.crosses = False
        self.meta = meta or {}


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------

class Corpus:
    def __init__(self, n_articles, seed):
        self.n = n_articles
        self.rng = random.Random(seed)
        self.ids = set(["index"])
        reserved = set()
        for lst in (DETERMINERS, PREPOSITIONS, REAL_NOUNS, CONJUNCTIONS, PRONOUN_SUBJECTS,
                    AUX, ADVERB_REAL, REAL_VERBS_PAST, REAL_ADJECTIVES, NUMBER_NOUNS):
            for w in lst:
                reserved.update(w.lower().split())
        self.lex = Lexicon(self.rng, reserved)
        self.make_registries()

    def new_id(self, base):
        base = slugify(base) or "x"
        i, cand = 1, base
        while cand in self.ids or cand.startswith("index"):
            i += 1
            cand = "%s-%d" % (base, i)
        self.ids.add(cand)
        return cand

    # -- registries --------------------------------------------------------------
    def make_registries(self):
        rng, lex, n = self.rng, self.lex, self.n
        self.countries = [lex.fresh_proper() for _ in range(14)]
        # places
        n_places = max(15, n // 100)
        self.places = []
        for _ in range(n_places):
            name = lex.fresh_proper()
            self.places.append({"id": self.new_id(name), "name": name,
                                "kind": rng.choice(["city", "city", "city", "region", "port"]),
                                "country": rng.choice(self.countries)})
        self.place_z = Zipf(self.places, 0.9)
        # organisations
        n_orgs = max(8, n // 250)
        self.orgs = []
        for _ in range(n_orgs):
            base = rng.choice(self.countries + [p["name"] for p in self.places[:30]])
            kind, okind = rng.choice(ORG_KINDS)
            name = "%s %s" % (base, kind)
            while any(o["name"] == name for o in self.orgs):
                base = lex.fresh_proper()
                name = "%s %s" % (base, kind)
            acro = "".join(w[0] for w in name.replace("'", "").split() if w[0].isupper())
            aliases = [acro] if len(acro) >= 2 and rng.random() < 0.6 else []
            self.orgs.append({"id": self.new_id(name), "name": name, "aliases": aliases,
                              "kind": okind, "country": rng.choice(self.countries),
                              "text": "the " + name})
        self.org_z = Zipf(self.orgs, 0.8)
        # outlets: 20 that publish, 6 cited only
        self.outlets = []
        used = set()
        for i in range(26):
            pat, kind = OUTLET_PATTERNS[i % len(OUTLET_PATTERNS)]
            base = lex.fresh_proper() if i % 3 else rng.choice(self.countries)
            name = pat.format(base)
            if name in used:
                name = pat.format(lex.fresh_proper())
            used.add(name)
            oid = self.new_id(name.replace("The ", ""))
            self.outlets.append({"id": oid, "name": name, "kind": kind,
                                 "country": rng.choice(self.countries),
                                 "url": "https://%s.example/" % oid,
                                 "spelling": i % 2, "publishes": i < 20})
        self.pub_outlets = [o for o in self.outlets if o["publishes"]]
        self.outlet_z = Zipf(self.pub_outlets, 0.7)
        self.cited_z = Zipf(self.outlets, 0.5)
        # people
        n_people = max(15, n // 20)
        self.people = []
        names = set()
        for _ in range(n_people):
            while True:
                first = cap(lex.word(1, 2))
                last = lex.fresh_proper()
                if len(first) >= 3 and first.lower() not in lex.seen \
                        and (first, last) not in names:
                    break
            names.add((first, last))
            alt = None
            if rng.random() < 0.35:
                for a, b in (("y", "i"), ("k", "c"), ("v", "w"), ("ou", "u"), ("ee", "i"),
                             ("ai", "ay"), ("x", "ks"), ("i", "y")):
                    if a in last[1:]:
                        alt = last[0] + last[1:].replace(a, b, 1)
                        break
            role = rng.choice(ROLES)
            aff = rng.choice([o["name"] for o in self.orgs] +
                             ["%s government" % c for c in self.countries])
            p = {"id": self.new_id("%s %s" % (first, last)), "first": first, "last": last,
                 "name": "%s %s" % (first, last), "alt": alt, "role": role,
                 "affiliation": aff}
            aliases = [last]
            if alt:
                aliases += ["%s %s" % (first, alt), alt]
            p["aliases"] = aliases
            self.people.append(p)
        self.k_people_dist = [(1, .05), (2, .15), (3, .25), (4, .25), (5, .15), (6, .1), (7, .05)]
        s = zipf_exponent_for_share(len(self.people), 0.30, self.k_people_dist)
        self.people_s = s
        self.people_z = Zipf(self.people, s)
        # issues (a tree)
        n_issues = max(20, n // 100)
        self.issues = []
        titles = set()
        for i in range(n_issues):
            while True:
                topic = rng.choice(ISSUE_TOPICS)
                adj = lex.word(1, 2) + rng.choice(["ian", "ese", "ic", "an", "i", ""])
                phrase = "%s %s" % (adj, topic)
                if phrase not in titles and adj not in lex.seen and len(adj) >= 4:
                    break
            lex.seen.add(adj)
            titles.add(phrase)
            parent = None
            if i >= 5 and rng.random() < 0.55:
                parent = self.issues[rng.randrange(0, i)]["id"]
            self.issues.append({"id": self.new_id(phrase), "title": cap(phrase),
                                "phrase": phrase, "parent": parent})
        self.issue_z = Zipf(self.issues, 1.0)
        # registry events, sorted by date
        n_events = max(10, n // 4)
        start = dt.date(2014, 6, 1).toordinal()
        end = dt.date(2025, 6, 30).toordinal()
        evs = []
        for _ in range(n_events):
            kind = rng.choice(EVENT_KINDS)
            while True:
                nm = lex.fresh_proper()
                title = "%s %s" % (nm, kind)
                if slugify(title) not in self.ids:
                    break
            d = dt.date.fromordinal(rng.randint(start, end))
            r = rng.random()
            if r < 0.62:
                ds = d.isoformat()
            elif r < 0.77:
                ds = d.isoformat()[:7]
            elif r < 0.81:
                ds = d.isoformat()[:4]
            elif r < 0.88:
                ds = "~" + d.isoformat()
            elif r < 0.94:
                d2 = d + dt.timedelta(days=rng.randint(1, 3))
                ds = "%s/%s" % (d.isoformat(), d2.isoformat())
            elif r < 0.97:
                ds = "before " + d.isoformat()
            else:
                ds = "after " + d.isoformat()[:7]
            status = rng.choices(["happened", "planned", "postponed", "canceled"],
                                 [80, 6, 8, 6])[0]
            place = self.place_z.one(rng)
            evs.append({"id": self.new_id(title), "title": title, "phrase": "the " + title,
                        "date": ds, "status": status, "place": place,
                        "people": [p["id"] for p in self.people_z.distinct(rng, rng.randint(0, 3))],
                        "issues": [x["id"] for x in self.issue_z.distinct(rng, rng.randint(1, 2))],
                        "key": date_start(ds).toordinal()})
        evs.sort(key=lambda e: (e["key"], e["id"]))
        self.events = evs
        self.event_keys = [e["key"] for e in evs]
        pop = list(range(1, len(evs) + 1))
        rng.shuffle(pop)
        self.event_weight = [1.0 / r ** 0.6 for r in pop]

    # -- helpers used while writing an article ---------------------------------------
    def person_form(self, st, p, outlet):
        """Pick how the article names a person here; return (text, is_full)."""
        rng = self.rng
        last = p["alt"] if (p["alt"] and outlet["spelling"]) else p["last"]
        full = "%s %s" % (p["first"], last)
        if p["id"] not in st["named"]:
            st["named"].add(p["id"])
            return (("%s %s" % (p["role"], full)) if rng.random() < 0.55 else full), True
        r = rng.random()
        if r < 0.55:
            return last, False
        if r < 0.9:
            return full, True
        return "%s %s" % (p["role"], full), True

    def put_person(self, st, para, p, outlet):
        text, _ = self.person_form(st, p, outlet)
        last = p["alt"] if (p["alt"] and outlet["spelling"]) else p["last"]
        full = "%s %s" % (p["first"], last)
        span = para.add(text)
        # the mention's passage: the name as written (with or without the role)
        if text.endswith(full) and text != full and self.rng.random() < 0.7:
            off = len(text) - len(full)
            span = (span[0] + off, span[1], span[2] + off, span[3])
        st["cands"].append(("person", p["id"], st["pi"], span))
        return text

    def said_phrase(self, pub):
        """(text, said, date_note) for when a statement was made."""
        rng = self.rng
        r = rng.random()
        wd = WEEKDAYS[pub.weekday()]
        art = "in an article of %s %s" % (wd, fmt_day(pub))
        if r < 0.36:
            return "", None, None
        if r < 0.58:
            back = rng.randint(0, 4)
            d = pub - dt.timedelta(days=back)
            t = "on " + WEEKDAYS[d.weekday()]
            note = '"%s", %s: %s.' % (t, art, "the same day" if back == 0 else fmt_day(d))
            return t, d.isoformat(), note
        if r < 0.76:
            back = rng.randint(5, 11)
            d = pub - dt.timedelta(days=back)
            t = "last " + WEEKDAYS[d.weekday()]
            return t, d.isoformat(), '"%s", %s: %s.' % (t, art, fmt_day(d))
        if r < 0.84:
            d = pub - dt.timedelta(days=1)
            return "yesterday", d.isoformat(), '"Yesterday", %s: %s.' % (art, fmt_day(d))
        if r < 0.89:
            m = dt.date(pub.year, pub.month, 1) - dt.timedelta(days=1)
            return "last month", m.isoformat()[:7], \
                '"Last month", %s: %s %d.' % (art, MONTHS[m.month - 1], m.year)
        if r < 0.96:
            d = pub - dt.timedelta(days=rng.randint(2, 60))
            return "on %d %s" % (d.day, MONTHS[d.month - 1]), d.isoformat(), None
        return "", pub.isoformat(), None

    def quote_words(self, short):
        lex, rng = self.lex, self.rng
        if short:
            return lex.phrase(2, 5).split(" ")
        n_sent = rng.choices([1, 2, 3], [50, 35, 15])[0]
        text = " ".join(lex.sentence(subject=rng.choice(["we", "I", "this", "nobody",
                                                          "the " + lex.noun(), None]))
                        for _ in range(n_sent))
        return text.split(" ")

    def markup_words(self, words, st):
        """md versions of words with one piece of inline markup inside (not at the ends)."""
        rng = self.rng
        n = len(words)
        i = rng.randint(1, n - 2)
        j = min(n - 1, i + rng.choice([1, 1, 1, 2, 2, 3]))  # exclusive end, < n
        md = list(words)

        def core(w):
            k = len(w)
            while k > 1 and not w[k - 1].isalnum():
                k -= 1
            return w[:k], w[k:]

        last_core, last_tail = core(md[j - 1])
        kind = rng.choice(["em", "link", "u"])
        if kind == "em":
            md[i] = "*" + md[i]
            md[j - 1] = (core(md[j - 1])[0] + "*" + core(md[j - 1])[1]) if i != j - 1 \
                else ("*" + last_core + "*" + last_tail)
        elif kind == "link":
            url = "https://example.org/x/%s" % slugify(self.lex.noun_z.one(rng))
            if i == j - 1:
                md[i] = "[" + last_core + "](" + url + ")" + last_tail
            else:
                md[i] = "[" + md[i]
                md[j - 1] = last_core + "](" + url + ")" + last_tail
        else:
            if i == j - 1:
                md[i] = "<u>" + last_core + "</u>" + last_tail
            else:
                md[i] = "<u>" + md[i]
                md[j - 1] = last_core + "</u>" + last_tail
        # a piece of markup must not open on punctuation-only words; keep it simple
        return md

    def narrative(self, st, para, n_sent, extras=True):
        """Narrative sentences, with names, issues and places mixed in."""
        rng, lex = self.rng, self.lex
        for _ in range(n_sent):
            para.sep()
            r = rng.random() if extras else 1.0
            start = para.plen
            if r < 0.16 and st["people"]:
                p = rng.choice(st["people"])
                # subject: the person's name, then the rest of a sentence
                self.put_person(st, para, p, st["outlet"])
                rest = lex.sentence(subject="X")[1:]
                para.add(rest)
            elif r < 0.27 and st["issues"]:
                iss = rng.choice(st["issues"])
                head = cap(lex.clause()) + " " + rng.choice(["over", "on", "about",
                                                               "concerning", "linked to"]) + " the "
                para.add(head)
                sp = para.add(iss["phrase"])
                st["cands"].append(("issue", iss["id"], st["pi"], sp))
                para.add(rng.choice([".", ", officials said.", " this year.",
                                     ", " + rng.choice(CONJUNCTIONS) + " " + lex.clause() + "."]))
            elif r < 0.33:
                pl = st["place"]
                head = cap(lex.clause()) + " in "
                para.add(head)
                sp = para.add(pl["name"])
                st["cands"].append(("place", pl["id"], st["pi"], sp))
                para.add(".")
            elif r < 0.37 and st["org"]:
                o = st["org"]
                para.add("According to the ")
                sp = para.add(o["name"])
                st["cands"].append(("organisation", o["id"], st["pi"], sp))
                para.add(", " + lex.clause() + ".")
            elif r < 0.40 and st["cited"]:
                o = st["cited"]
                sp = para.add(o["name"])
                st["cands"].append(("outlet", o["id"], st["pi"], sp))
                para.add(" " + rng.choice(["reported", "wrote", "said"]) + " that " +
                         lex.clause() + ".")
            elif r < 0.43 and st["ev_mentions"]:
                e = rng.choice(st["ev_mentions"])
                para.add(cap(lex.clause()) + " " + rng.choice(["before", "after", "ahead of",
                                                               "since"]) + " the ")
                sp = para.add(e["title"])
                st["cands"].append(("event", e["id"], st["pi"], sp))
                para.add(".")
            else:
                para.add(lex.sentence())
            para.sentences.append((start, para.plen))

    # -- one article -------------------------------------------------------------------
    def article(self, idx, pub_ord):
        rng, lex = self.rng, self.lex
        pub = dt.date.fromordinal(pub_ord)
        outlet = self.outlet_z.one(rng)
        k = rng.choices([k for k, _ in self.k_people_dist],
                        [w for _, w in self.k_people_dist])[0]
        people = self.people_z.distinct(rng, k)
        issues = self.issue_z.distinct(rng, rng.choices([1, 2, 3], [40, 40, 20])[0])
        # events near the publication date
        lo = bisect.bisect_left(self.event_keys, pub_ord - 420)
        hi = bisect.bisect_right(self.event_keys, pub_ord + 150)
        n_rep = rng.choices([0, 1, 2, 3, 4], [8, 25, 35, 22, 10])[0]
        reg_events = []
        if hi > lo:
            window = self.events[lo:hi]
            weights = self.event_weight[lo:hi]
            for _ in range(n_rep * 3):
                if len(reg_events) >= n_rep:
                    break
                e = rng.choices(window, weights)[0]
                if e not in reg_events:
                    reg_events.append(e)
        n_inline = sum(1 for e in reg_events if rng.random() < 0.17)
        reg_events = reg_events[:len(reg_events) - n_inline] if n_inline else reg_events
        st = {"named": set(), "cands": [], "pi": 0, "people": people, "issues": issues,
              "outlet": outlet, "place": self.place_z.one(rng),
              "org": self.org_z.one(rng) if rng.random() < 0.55 else None,
              "cited": None, "ev_mentions": [e for e in reg_events if rng.random() < 0.35]}
        if rng.random() < 0.45:
            c = self.cited_z.one(rng)
            if c is not outlet:
                st["cited"] = c
        pdf = rng.random() < 0.62
        anns = []
        paras = []

        def new_para(kind="p"):
            p = Para(kind)
            paras.append(p)
            st["pi"] = len(paras) - 1
            return p

        main = people[0]
        last_main = main["alt"] if (main["alt"] and outlet["spelling"]) else main["last"]
        # title (and sometimes the headline in the text)
        title = "%s %s %s" % (last_main, lex.verb_form().split(" ")[-1], lex.np())
        if rng.random() < 0.3:
            title = "%s: %s" % (cap(lex.np()), lex.clause(subject=last_main))
        title = cap(title)
        if rng.random() < 0.3:
            h = new_para("h")
            h.add("", "# ")
            h.add(title)
        # lede
        p = new_para()
        if rng.random() < 0.35:
            pl = st["place"]
            sp = p.add(pl["name"].upper() if rng.random() < 0.3 else pl["name"])
            st["cands"].append(("place", pl["id"], st["pi"], sp))
            p.add(", %d %s (%s) – " % (pub.day, MONTHS[pub.month - 1], outlet["name"]))
        self.put_person(st, p, main, outlet)
        p.add(" " + lex.verb_past() + " " + lex.np())
        if issues and rng.random() < 0.7:
            p.add(" over the ")
            sp = p.add(issues[0]["phrase"])
            st["cands"].append(("issue", issues[0]["id"], st["pi"], sp))
        p.add(", " + rng.choice(CONJUNCTIONS) + " " + lex.clause() + ".")
        p.sentences.append((0, p.plen))
        self.narrative(st, p, rng.randint(0, 2))

        # plan the rest
        n_q = rng.choices([0, 1, 2, 3, 4, 5, 6], [5, 12, 22, 25, 18, 11, 7])[0]
        blocks = ["q"] * n_q + ["e"] * len(reg_events) + ["i"] * n_inline
        target = max(220, int(rng.gauss(630, 190)))
        est = 45 + n_q * 55 + (len(reg_events) + n_inline) * 50
        n_fill = max(1, int((target - est) / 75))
        blocks += ["f"] * n_fill
        rng.shuffle(blocks)
        pending_repeats = []
        quotes_meta = []
        ev_iter = iter(reg_events)
        qn = en = 0

        for b in blocks:
            if b == "f":
                p = new_para()
                if pending_repeats and rng.random() < 0.7:
                    ph, who = pending_repeats.pop(0)
                    p.add(cap(lex.clause()) + ", echoing what ")
                    self.put_person(st, p, who, outlet)
                    p.add(" called \"" + ph + "\".")
                    p.sentences.append((0, p.plen))
                self.narrative(st, p, rng.choices([1, 2, 3, 4, 5, 6], [10, 20, 25, 22, 15, 8])[0])
            elif b == "q":
                qn += 1
                p = new_para()
                pull = self.quote_para(st, p, anns, qn, pub, outlet, pending_repeats)
                if rng.random() < 0.5:
                    self.narrative(st, p, rng.randint(1, 2))
                if pull:
                    pq = new_para()
                    pq.add(pull, "*" + pull + "*")
            else:
                en += 1
                p = new_para()
                if rng.random() < 0.5:
                    self.narrative(st, p, 1)
                    p.sep()
                if b == "e":
                    self.event_sentence(st, p, anns, en, pub, next(ev_iter))
                else:
                    self.event_sentence(st, p, anns, en, pub, None)
                if rng.random() < 0.6:
                    self.narrative(st, p, rng.randint(1, 3))
        # repeats not placed yet, and make up the length
        while pending_repeats:
            ph, who = pending_repeats.pop(0)
            p = new_para()
            self.put_person(st, p, who, outlet)
            p.add("'s \"" + ph + "\" " + lex.verb_form() + " " + lex.np() + ".")
            p.sentences.append((0, p.plen))
        for pp in paras:
            pp.finish()
        total = sum(len(pp.pltext.split()) for pp in paras)
        while total < target * 0.92:
            p = new_para()
            self.narrative(st, p, rng.randint(2, 5))
            p.finish()
            total += len(p.pltext.split())
        # make sure every person of the article is named somewhere
        named_people = set(c[1] for c in st["cands"] if c[0] == "person")
        missing = [x for x in people if x["id"] not in named_people]
        if missing:
            p = new_para()
            for x in missing:
                p.sep()
                self.put_person(st, p, x, outlet)
                p.add(" " + lex.sentence(subject="X")[2:])
            p.finish()
        # make sure every issue of the article is named somewhere
        named_issues = set(c[1] for c in st["cands"] if c[0] == "issue")
        missing = [i for i in issues if i["id"] not in named_issues]
        if missing:
            p = new_para()
            for iss in missing:
                p.sep()
                p.add(cap(lex.clause()) + " on the ")
                sp = p.add(iss["phrase"])
                st["cands"].append(("issue", iss["id"], st["pi"], sp))
                p.add(".")
            p.finish()
        # layout: PDF-style copy is hard-wrapped
        width = rng.randint(58, 84)
        for pp in paras:
            if pdf and pp.kind != "h":
                pp.mdtext = wrap_md(pp.mdtext, width)
        # mentions: each entity once, then extra passages up to the target
        by_entity = {}
        for c in st["cands"]:
            by_entity.setdefault((c[0], c[1]), []).append(c)
        chosen = []
        for key, cs in by_entity.items():
            c = cs[0] if rng.random() < 0.75 else rng.choice(cs)
            chosen.append(c)
        target_m = max(3, min(15, int(round(rng.gauss(5.0, 2.0)))))
        rest = [c for c in st["cands"] if c not in chosen]
        rng.shuffle(rest)
        while len(chosen) < target_m and rest:
            chosen.append(rest.pop())
        for kind, eid, pi, span in chosen:
            anns.append(Ann("mention", pi, span, [(kind, eid)]))
        # notes: decided now, linked to other articles once all exist
        n_notes = rng.choices([0, 1, 2, 3], [25, 50, 20, 5])[0]
        ev_anns = [a for a in anns if a.kind == "event" and "registry" in a.meta]
        q_anns = [a for a in anns if a.kind == "quote"]
        for _ in range(n_notes):
            kind = rng.choices([k for k, _ in NOTE_KINDS], [w for _, w in NOTE_KINDS])[0]
            if kind in ("contradiction", "correction", "update") and ev_anns:
                tgt = rng.choice(ev_anns)
                anns.append(Ann("note", tgt.para, tgt.span, [], meta={
                    "kind": kind, "event": tgt.meta["registry"]}))
                continue
            if kind in ("contradiction", "correction", "update"):
                kind = "context"
            if kind == "translation" and q_anns:
                tgt = rng.choice(q_anns)
                anns.append(Ann("note", tgt.para, tgt.span, [], meta={"kind": kind}))
                continue
            # a narrative phrase
            cands = [(i, s) for i, pp in enumerate(paras) for s in pp.sentences]
            if not cands:
                continue
            pi, (s0, s1) = rng.choice(cands)
            text = paras[pi].pltext[s0:s1]
            ws = text.split(" ")
            if len(ws) < 3:
                continue
            ln = min(len(ws), rng.randint(3, 9))
            a = rng.randint(0, len(ws) - ln)
            start = s0 + sum(len(w) + 1 for w in ws[:a])
            end = start + len(" ".join(ws[a:a + ln]))
            anns.append(Ann("note", pi, (start, end, None, None), [],
                            meta={"kind": kind}))
        slug_words = slugify(" ".join(title.split(" ")[:4]))[:40].strip("-")
        slug = "%s-%s-%s" % (outlet["id"], pub.isoformat(), slug_words)
        while slug in self.slugs:
            slug += "-%d" % rng.randint(2, 9)
        self.slugs.add(slug)
        published = pub.isoformat()
        if rng.random() < 0.1:
            published += "T%02d:%02d:00%+03d:00" % (rng.randint(6, 23), rng.randint(0, 59),
                                                    rng.randint(-5, 5))
        art = {"slug": slug, "slug_words": slug_words, "title": title, "outlet": outlet, "pub": pub,
               "published": published, "issues": issues, "paras": paras, "anns": anns,
               "pdf": pdf, "people": people}
        self.resolve(art)
        return art

    def quote_para(self, st, p, anns, qn, pub, outlet, pending_repeats):
        rng, lex = self.rng, self.lex
        r = rng.random()
        short = rng.random() < 0.3
        speaker_kind = "person"
        if r < 0.08:
            speaker_kind = "unnamed"
        elif r < 0.17 and st["org"]:
            speaker_kind = "org"
        words = self.quote_words(short)
        want_markup = len(words) >= 3 and rng.random() < 0.345
        # end punctuation inside the quotation marks
        form = rng.choice(["lead", "lead", "after", "via"]) if not short else "short"
        if form == "via" and not st["cited"]:
            form = "lead"
        if form in ("lead", "via"):
            w = words[-1]
            words[-1] = w.rstrip(".,") + ","
        md_words = self.markup_words(words, st) if want_markup else words
        plain_q, md_q = " ".join(words), " ".join(md_words)
        said_t, said, date_note = self.said_phrase(pub)
        speaker = st["people"][0] if rng.random() < 0.45 else rng.choice(st["people"])
        fields = []

        def put_speaker():
            if speaker_kind == "unnamed":
                u = rng.choice(UNNAMED)
                p.add(u)
                fields.append(("unnamed", u))
            elif speaker_kind == "org":
                o = st["org"]
                p.add("the ")
                sp = p.add(o["name"])
                st["cands"].append(("organisation", o["id"], st["pi"], sp))
                fields.append(("speaker", o["id"]))
            else:
                self.put_person(st, p, speaker, outlet)
                fields.append(("speaker", speaker["id"]))

        verb = rng.choice(["said", "said", "said", "added", "told reporters", "wrote",
                           "insisted", "argued"])
        tail = (" " + said_t) if said_t else ""
        if form in ("lead", "via"):
            p.add('"')
            qspan = p.add(plain_q, md_q)
            p.add('" ')
            if rng.random() < 0.5 or speaker_kind == "unnamed":
                p.add(verb + " ")
                put_speaker()
            else:
                put_speaker()
                p.add(" " + verb)
            if form == "via":
                p.add(" in an interview with ")
                sp = p.add(st["cited"]["name"])
                st["cands"].append(("outlet", st["cited"]["id"], st["pi"], sp))
                fields.append(("via", st["cited"]["name"]))
            p.add(tail + ".")
        elif form == "after":
            put_speaker()
            p.add(" " + verb.replace("told reporters", "told reporters") + tail + " that \"")
            qspan = p.add(plain_q, md_q)
            p.add('"')
        else:  # short phrase
            put_speaker()
            p.add(" " + rng.choice(["warned of", "spoke of", "called it", "described it as",
                                    "promised"]) + " \"")
            qspan = p.add(plain_q, md_q)
            p.add("\"" + tail + ", " + rng.choice(CONJUNCTIONS) + " " + lex.clause() + ".")
            if speaker_kind == "person" and rng.random() < 0.75:
                pending_repeats.append((plain_q, speaker))
        if said:
            fields.append(("said", said))
        if rng.random() < 0.7 and st["issues"]:
            fields.append(("issues", [i["id"] for i in rng.sample(
                st["issues"], min(len(st["issues"]), rng.randint(1, 2)))]))
        if date_note:
            fields.append(("date_note", date_note))
        a = Ann("quote", st["pi"], qspan, fields,
                aid=("q%d" % qn) if rng.random() < 0.5 else None)
        a.markup = want_markup
        anns.append(a)
        # a pull quote repeats a long statement as its own paragraph
        if not short and rng.random() < 0.16:
            core = plain_q.rstrip(".,")
            a.span = (qspan[0], qspan[0] + len(core), qspan[2], qspan[3] -
                      (len(plain_q) - len(core)))
            return core
        return None

    def event_sentence(self, st, p, anns, en, pub, ev):
        rng, lex = self.rng, self.lex
        fields = []
        meta = {}
        if ev is not None:
            status = ev["status"]
            ds = ev["date"]
            if ev["key"] > pub.toordinal():
                status = "planned"
            elif rng.random() < 0.07:
                status = rng.choice(["postponed", "canceled", "happened"])
            own_date = None
            if len(ds) == 10 and rng.random() < 0.08:
                d = date_start(ds) + dt.timedelta(days=rng.choice([-2, -1, 1, 2]))
                if d.toordinal() <= pub.toordinal():
                    own_date = d.isoformat()
            phrase = ev["title"]
            place = ev["place"]
            text_date = date_text(own_date or ds)
            fields.append(("event", ev["id"]))
            if status != ev["status"]:
                fields.append(("status", status))
            if own_date:
                fields.append(("date", own_date))
                fields.append(("date_note", "This report gives %s; the registry has %s." %
                               (fmt_day(date_start(own_date)), date_text(ds)[3:]
                                if date_text(ds).startswith("on ") else date_text(ds))))
            meta["registry"] = ev["id"]
        else:
            kind = rng.choice(EVENT_KINDS)
            while True:
                nm = lex.fresh_proper()
                phrase = "%s %s" % (nm, kind)
                if slugify(phrase) not in self.ids:
                    break
            self.ids.add(slugify(phrase))
            d = pub - dt.timedelta(days=rng.randint(0, 200))
            r = rng.random()
            if r < 0.7:
                ds = d.isoformat()
            elif r < 0.85:
                ds = d.isoformat()[:7]
            else:
                d2 = min(pub, d + dt.timedelta(days=rng.randint(1, 2)))
                ds = "%s/%s" % (d.isoformat(), d2.isoformat()) if d2 > d else d.isoformat()
            status = "happened"
            place = st["place"]
            text_date = date_text(ds)
            fields += [("title", phrase), ("date", ds), ("status", status),
                       ("place", place["name"])]
            ppl = [x["id"] for x in rng.sample(st["people"], min(len(st["people"]),
                                                                 rng.randint(0, 2)))]
            if ppl:
                fields.append(("people", ppl))
            if st["issues"]:
                fields.append(("issues", [st["issues"][0]["id"]]))
        verb = rng.choice(STATUS_VERBS[status])
        start = p.plen
        p.add("The ")
        p.add(phrase + " " + verb + " in ")
        sp_place = p.add(place["name"])
        p.add(" " + text_date)
        span = (start, p.plen, None, None)
        if rng.random() < 0.4:
            st["cands"].append(("place", place["id"], st["pi"], sp_place))
        p.add(rng.choice([".", ", officials said.", ", " + lex.clause() + "."]))
        p.sentences.append((start, p.plen))
        anns.append(Ann("event", st["pi"], span, fields, aid="report-%d" % en, meta=meta))

    # -- resolve every annotation against the article's plain text -------------------
    def resolve(self, art):
        rng = self.rng
        paras = art["paras"]
        offs, pos = [], 0
        for pp in paras:
            offs.append(pos)
            pos += len(pp.pltext) + 1
        # blocks are joined by whitespace, which matching treats as one space: a
        # prefix or suffix may run on into the next paragraph
        plain = " ".join(pp.pltext for pp in paras)
        art["plain"] = plain
        keep = []
        for a in art["anns"]:
            pp = paras[a.para]
            s0, s1 = a.span[0], a.span[1]
            q = pp.pltext[s0:s1].strip()
            lead = len(pp.pltext[s0:s1]) - len(pp.pltext[s0:s1].lstrip())
            s0 += lead
            s1 = s0 + len(q)
            if not q:
                continue
            a.quote = q
            g = offs[a.para] + s0
            a.gstart = g
            occ = []
            i = plain.find(q)
            while i >= 0:
                occ.append(i)
                i = plain.find(q, i + 1)
            if g not in occ:
                continue
            if a.span[2] is not None:
                m0, m1 = a.span[2] + lead, a.span[3]
                a.crosses = "\n" in pp.mdtext[m0:m1]
            else:
                # locate the md span by mapping plain offsets through the pieces
                a.crosses = self.md_crosses(pp, s0, s1)
            if len(occ) > 1:
                a.dis = self.disambiguate(a, plain, q, g, occ, pp, s0, s1)
                if a.dis is None:
                    continue
            keep.append(a)
        keep.sort(key=lambda a: (a.gstart, a.kind))
        art["anns"] = keep

    def md_crosses(self, pp, s0, s1):
        pl = mm = 0
        m0 = m1 = None
        for ptxt, mtxt in zip(pp.pl, pp.md):
            if m0 is None and pl + len(ptxt) > s0:
                m0 = mm + (s0 - pl if ptxt == mtxt else 0)
            if m1 is None and pl + len(ptxt) >= s1:
                m1 = mm + (s1 - pl if ptxt == mtxt else len(mtxt))
            pl += len(ptxt)
            mm += len(mtxt)
        if m0 is None or m1 is None:
            return False
        return "\n" in pp.mdtext[m0:m1]

    def disambiguate(self, a, plain, q, g, occ, pp, s0, s1):
        rng = self.rng
        order = ["occurrence", "prefix", "suffix"] if a.kind == "mention" else \
            ["prefix", "suffix", "occurrence"]
        if rng.random() < 0.3:
            rng.shuffle(order)
        for how in order:
            if how == "occurrence":
                return [("occurrence", occ.index(g) + 1)]
            if how == "prefix":
                before = pp.pltext[:s0]
                ws = before.split(" ")
                for n in range(2, min(len(ws), 7) + 1):
                    pre = " ".join(ws[-n:])
                    if not pre.strip() or len(pre.strip()) < 3:
                        continue
                    hits = [o for o in occ if plain[max(0, o - len(pre)):o] == pre]
                    if hits == [g]:
                        return [("prefix", pre.lstrip())]
            if how == "suffix":
                after = pp.pltext[s1:]
                ws = after.split(" ")
                for n in range(1, min(len(ws), 6) + 1):
                    suf = " ".join(ws[:n])
                    if len(suf.strip()) < 3:
                        continue
                    hits = [o for o in occ if plain[o + len(q):o + len(q) + len(suf)] == suf]
                    if hits == [g]:
                        return [("suffix", suf.rstrip())]
        return None

    # -- second pass: note bodies and links ---------------------------------------------
    def link_notes(self, arts):
        rng, lex = self.rng, self.lex
        reports = {}
        for art in arts:
            for a in art["anns"]:
                if a.kind == "event" and "registry" in a.meta:
                    reports.setdefault(a.meta["registry"], []).append((art, a))
        ev_by_id = {e["id"]: e for e in self.events}
        for art in arts:
            for a in art["anns"]:
                if a.kind != "note":
                    continue
                kind = a.meta["kind"]
                see = []
                body = lex.sentence()
                if kind in ("contradiction", "correction", "update"):
                    eid = a.meta["event"]
                    others = [(b, x) for b, x in reports.get(eid, [])
                              if b is not art and x.id]
                    if kind == "update":
                        others = [(b, x) for b, x in others if b["pub"] > art["pub"]]
                    if others:
                        b, x = others[0] if kind == "update" else rng.choice(others)
                        link = "article:%s#%s" % (b["slug"], x.id)
                        ev = ev_by_id[eid]
                        if kind == "update":
                            body = "Later, [%s](%s) reported it differently: %s" % (
                                b["outlet"]["name"], link, lex.sentence())
                        elif kind == "contradiction":
                            body = "[%s](%s) tells it otherwise. See [the event](event:%s)." % (
                                b["outlet"]["name"], link, eid)
                        else:
                            body = "The date is wrong here: *%s* per [%s](%s)." % (
                                date_text(ev["date"]), b["outlet"]["name"], link)
                        see = [link, "event:%s" % eid]
                    else:
                        kind = "context"
                        see = ["event:%s" % eid]
                if kind == "question":
                    body = "Who %s? %s" % (lex.clause(subject="").strip(), lex.sentence())
                elif kind == "translation":
                    body = "The original has *%s*; %s" % (lex.phrase(1, 3), lex.sentence())
                elif kind == "context" and rng.random() < 0.5 and art["people"]:
                    p = rng.choice(art["people"])
                    body = "On [%s](person:%s): %s" % (p["name"], p["id"], lex.sentence())
                    see.append("person:%s" % p["id"])
                elif kind == "other" and art["issues"]:
                    i = art["issues"][0]
                    body = "%s See [%s](issue:%s) and [that day](date:%s)." % (
                        lex.sentence(), i["title"], i["id"], art["pub"].isoformat())
                a.fields = [("kind", kind), ("body", body)]
                if see:
                    a.fields.append(("see", see))

    # -- writing ----------------------------------------------------------------------
    def run(self, out, hugo):
        rng = self.rng
        self.slugs = set()
        start = dt.date(2015, 1, 1).toordinal()
        end = dt.date(2024, 12, 31).toordinal()
        dates = sorted(rng.randint(start, end) for _ in range(self.n))
        arts = [self.article(i, d) for i, d in enumerate(dates)]
        self.link_notes(arts)
        used = set()
        for art in arts:
            for a in art["anns"]:
                for k, v in a.fields:
                    if k == "event":
                        used.add(v)
        self.events = [e for e in self.events if e["id"] in used]
        self.write_dossier(out, arts)
        if hugo:
            self.write_hugo(hugo, arts)
        return self.stats(arts)

    def article_toml(self, art):
        rng = self.rng
        o = art["outlet"]
        head = [("title", art["title"]), ("outlet", o["id"]), ("published", art["published"]),
                ("url", "%s%s/%s" % (o["url"], art["pub"].isoformat().replace("-", "/"),
                                     art["slug_words"]))]
        if rng.random() < 0.5:
            head.append(("byline", "By " + self.lex.fresh_proper() + " " +
                         self.lex.fresh_proper()))
        head += [("language", "en"), ("issues", [i["id"] for i in art["issues"]])]
        parts = [toml_table(None, head)]
        if rng.random() < 0.18:
            parts.append(toml_table("[[trimmed]]", [
                ("what", rng.choice(["Related-article link after the third paragraph",
                                     "Newsletter sign-up box", "Photo caption",
                                     "Share buttons and tags"])),
                ("text", self.lex.sentence() if rng.random() < 0.5 else None)]))
        if art["pdf"]:
            parts.append(toml_table("[copy]", [
                ("from", "pdf"), ("name", "%s print edition" % o["name"]),
                ("note", "Text extracted from the PDF; its line breaks are kept.")]))
        elif rng.random() < 0.06:
            parts.append(toml_table("[copy]", [
                ("from", "archive"), ("name", "Web archive"),
                ("url", "https://archive.example/%s" % art["slug"]),
                ("excerpt", rng.random() < 0.3)]))
        for a in art["anns"]:
            rows = []
            if a.id:
                rows.append(("id", a.id))
            rows.append(("quote", a.quote))
            rows += a.dis
            rows += a.fields
            parts.append(toml_table("[[%s]]" % a.kind, rows))
        return "\n".join(parts)

    def write_dossier(self, out, arts):
        os.makedirs(os.path.join(out, "content", "articles"), exist_ok=True)

        def w(rel, text):
            with open(os.path.join(out, rel), "w", encoding="utf-8") as f:
                f.write(text)

        w("site.toml", toml_table(None, [
            ("title", "Outside corpus: %d articles" % self.n),
            ("description", "A synthetic dossier written by benches/outside_corpus.py."),
            ("base_url", "https://example.org/outside/"), ("language", "en"),
            ("author", "outside_corpus.py"), ("output_dir", "public")]) +
            "\n[options]\nsearch = true\nhome_timeline_items = 12\n")
        w("content/people.toml", "# People\n\n" + "\n".join(toml_table("[%s]" % p["id"], [
            ("name", p["name"]), ("aliases", p["aliases"]), ("role", p["role"]),
            ("affiliation", p["affiliation"]),
            ("summary", "%s of the %s. %s" % (p["role"], p["affiliation"], self.lex.sentence()))])
            for p in self.people))
        w("content/issues.toml", "# Issues\n\n" + "\n".join(toml_table("[%s]" % i["id"], [
            ("title", i["title"]), ("parent", i["parent"]),
            ("summary", self.lex.sentence())]) for i in self.issues))
        w("content/outlets.toml", "# Outlets\n\n" + "\n".join(toml_table("[%s]" % o["id"], [
            ("name", o["name"]), ("country", o["country"]), ("kind", o["kind"]),
            ("url", o["url"])]) for o in self.outlets))
        w("content/organisations.toml", "\n".join(toml_table("[%s]" % o["id"], [
            ("name", o["name"]), ("aliases", o["aliases"]), ("kind", o["kind"]),
            ("country", o["country"])]) for o in self.orgs))
        w("content/places.toml", "\n".join(toml_table("[%s]" % p["id"], [
            ("name", p["name"]), ("kind", p["kind"]), ("country", p["country"])])
            for p in self.places))
        w("content/events.toml", "# Events\n\n" + "\n".join(toml_table("[%s]" % e["id"], [
            ("title", e["title"]), ("date", e["date"]), ("status", e["status"]),
            ("place", e["place"]["name"]), ("people", e["people"]), ("issues", e["issues"]),
            ("summary", self.lex.sentence() if self.rng.random() < 0.4 else None)])
            for e in self.events))
        top = self.people[:3]
        w("content/index.md", (
            "This dossier follows [%s](person:%s), [%s](person:%s) and [%s](person:%s) "
            "through %d articles, and the issue of [%s](issue:%s).\n\n%s\n" % (
                top[0]["name"], top[0]["id"], top[1]["name"], top[1]["id"], top[2]["name"],
                top[2]["id"], self.n, self.issues[0]["title"], self.issues[0]["id"],
                self.lex.sentence())))
        for art in arts:
            md = "\n\n".join(pp.mdtext for pp in art["paras"]) + "\n"
            w("content/articles/%s.md" % art["slug"], md)
            w("content/articles/%s.toml" % art["slug"], self.article_toml(art))

    def write_hugo(self, hd, arts):
        for sub in ("content/articles", "layouts/_default", "data", "static"):
            os.makedirs(os.path.join(hd, sub), exist_ok=True)

        def w(rel, text):
            path = os.path.join(hd, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

        w("config.toml", """baseURL = "https://example.org/outside-hugo/"
languageCode = "en"
title = "Outside corpus (Hugo twin)"
paginate = 200
rssLimit = 50
disableKinds = []

[taxonomies]
person = "people"
issue = "issues"
outlet = "outlets"
event = "events"

[markup.goldmark.renderer]
unsafe = true
""")
        w("layouts/_default/baseof.html", """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "articles/" | relURL }}">Articles</a> <a href="{{ "people/" | relURL }}">People</a> <a href="{{ "issues/" | relURL }}">Issues</a> <a href="{{ "outlets/" | relURL }}">Outlets</a> <a href="{{ "events/" | relURL }}">Events</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""")
        w("layouts/_default/single.html", """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ range .Params.outlets }} · <a href="{{ printf "outlets/%s/" (urlize .) | relURL }}">{{ with index site.Data.outlets . }}{{ .name }}{{ else }}{{ . }}{{ end }}</a>{{ end }}
{{ with .Params.byline }} · {{ . }}{{ end }}</p>
{{ .Content }}
<aside>
{{ with .Params.people }}<h2>People</h2><ul>{{ range . }}<li><a href="{{ printf "people/%s/" (urlize .) | relURL }}">{{ with index site.Data.people . }}{{ .name }}{{ else }}{{ . }}{{ end }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.issues }}<h2>Issues</h2><ul>{{ range . }}<li><a href="{{ printf "issues/%s/" (urlize .) | relURL }}">{{ with index site.Data.issues . }}{{ .title }}{{ else }}{{ . }}{{ end }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.events }}<h2>Events</h2><ul>{{ range . }}<li><a href="{{ printf "events/%s/" (urlize .) | relURL }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.source }}<p><a href="{{ . }}" rel="external">Original</a></p>{{ end }}
</aside>
</article>
{{ end }}
""")
        w("layouts/_default/list.html", """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""")
        w("layouts/_default/taxonomy.html", """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<p>{{ len .Pages }} articles</p>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""")
        w("layouts/_default/terms.html", """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""")
        w("layouts/index.html", """{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<h2>Latest articles</h2>
<ul>{{ range first 12 (where site.RegularPages "Section" "articles").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
<h2>People</h2>
<ul>{{ range first 20 site.Taxonomies.people.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Issues</h2>
<ul>{{ range first 20 site.Taxonomies.issues.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""")
        w("static/style.css", "body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:auto;"
                              "padding:1rem}nav a{margin-right:.6rem}aside{font-size:.9em}\n")
        w("data/people.toml", "\n".join(toml_table("[%s]" % p["id"], [("name", p["name"])])
                                        for p in self.people))
        w("data/issues.toml", "\n".join(toml_table("[%s]" % i["id"], [("title", i["title"])])
                                        for i in self.issues))
        w("data/outlets.toml", "\n".join(toml_table("[%s]" % o["id"], [("name", o["name"])])
                                         for o in self.outlets))
        w("content/_index.md", "+++\ntitle = \"Outside corpus\"\n+++\n\n%s\n" % self.lex.sentence())
        w("content/articles/_index.md", "+++\ntitle = \"Articles\"\n+++\n")
        for tax, title in (("people", "People"), ("issues", "Issues"), ("outlets", "Outlets"),
                           ("events", "Events")):
            w("content/%s/_index.md" % tax, "+++\ntitle = %s\n+++\n" % toml_str(title))
        for p in self.people:
            w("content/people/%s/_index.md" % p["id"], "+++\ntitle = %s\n+++\n\n%s, %s.\n" % (
                toml_str(p["name"]), p["role"], p["affiliation"]))
        for i in self.issues:
            w("content/issues/%s/_index.md" % i["id"], "+++\ntitle = %s\n+++\n" %
              toml_str(i["title"]))
        for o in self.outlets:
            w("content/outlets/%s/_index.md" % o["id"], "+++\ntitle = %s\n+++\n" %
              toml_str(o["name"]))
        for e in self.events:
            w("content/events/%s/_index.md" % e["id"], "+++\ntitle = %s\n+++\n\n%s.\n" % (
                toml_str(e["title"]), cap(date_text(e["date"]))))
        for art in arts:
            people, issues, events = [], [i["id"] for i in art["issues"]], []
            for a in art["anns"]:
                for k, v in a.fields:
                    if a.kind == "mention" and k == "person" or a.kind == "quote" and k == "speaker":
                        if v not in people and any(v == p["id"] for p in art["people"]):
                            people.append(v)
                    elif (a.kind == "mention" and k == "issue") or (a.kind == "quote" and k == "issues"):
                        for x in (v if isinstance(v, list) else [v]):
                            if x not in issues:
                                issues.append(x)
                    elif a.kind == "event" and k == "event" and v not in events:
                        events.append(v)
            fm = toml_table(None, [
                ("title", art["title"]), ("date", art["published"]),
                ("people", people), ("issues", issues), ("outlets", [art["outlet"]["id"]]),
                ("events", events), ("source", "%s%s" % (art["outlet"]["url"], art["slug"]))])
            md = "\n\n".join(pp.mdtext for pp in art["paras"]) + "\n"
            w("content/articles/%s.md" % art["slug"], "+++\n" + fm + "+++\n\n" + md)

    def stats(self, arts):
        c = {"articles": len(arts), "words": 0, "mention": 0, "quote": 0, "event": 0,
             "note": 0, "quote_crosses": 0, "quote_markup": 0, "dis": 0, "dis_mention": 0,
             "dis_quote": 0, "dis_event": 0, "dis_note": 0, "dis_occurrence": 0,
             "dis_prefix": 0, "dis_suffix": 0}
        person_articles = {}
        outlets = set()
        for art in arts:
            c["words"] += len(art["plain"].split())
            outlets.add(art["outlet"]["id"])
            named = set()
            for a in art["anns"]:
                c[a.kind] += 1
                if a.kind == "quote":
                    c["quote_crosses"] += a.crosses
                    c["quote_markup"] += a.markup
                    for k, v in a.fields:
                        if k == "speaker":
                            named.add(v)
                if a.kind == "mention" and a.fields[0][0] == "person":
                    named.add(a.fields[0][1])
                if a.dis:
                    c["dis"] += 1
                    c["dis_" + a.kind] += 1
                    c["dis_" + a.dis[0][0]] += 1
            for pid in named:
                person_articles[pid] = person_articles.get(pid, 0) + 1
        top = max(person_articles.items(), key=lambda kv: kv[1]) if person_articles else ("-", 0)
        c["top_person"] = top[0]
        c["top_person_share"] = top[1] / max(1, len(arts))
        c["people"] = len(self.people)
        c["issues"] = len(self.issues)
        c["events"] = len(self.events)
        c["outlets_publishing"] = len(outlets)
        c["zipf_s_people"] = round(self.people_s, 3)
        return c


def prepare(path, force, parts):
    if os.path.exists(path) and os.listdir(path):
        if not force:
            sys.exit("%s is not empty (use --force to replace the generated parts)" % path)
        for p in parts:
            full = os.path.join(path, p)
            if os.path.isdir(full):
                shutil.rmtree(full)
            elif os.path.exists(full):
                os.remove(full)
    os.makedirs(path, exist_ok=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--hugo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    if args.articles < 1:
        sys.exit("--articles must be at least 1")
    prepare(args.out, args.force, ["content", "site.toml"])
    if args.hugo:
        prepare(args.hugo, args.force, ["content", "layouts", "data", "static", "config.toml"])
    corpus = Corpus(args.articles, args.seed)
    s = corpus.run(args.out, args.hugo)
    n = max(1, s["articles"])
    q = max(1, s["quote"])
    print("wrote %d articles to %s%s" % (s["articles"], args.out,
                                         (" and a Hugo twin to %s" % args.hugo) if args.hugo else ""))
    print("per article: %.0f words, %.2f mentions, %.2f quotes, %.2f event reports, %.2f notes"
          % (s["words"] / n, s["mention"] / n, s["quote"] / n, s["event"] / n, s["note"] / n))
    print("registries: %d people (Zipf s=%.3f), %d issues, %d events; %d outlets publish"
          % (s["people"], s["zipf_s_people"], s["issues"], s["events"], s["outlets_publishing"]))
    print("quotes: %d, spanning a line break %d (%.0f%%), with inline markup %d (%.0f%%)"
          % (s["quote"], s["quote_crosses"], 100.0 * s["quote_crosses"] / q,
             s["quote_markup"], 100.0 * s["quote_markup"] / q))
    print("annotations needing prefix/suffix/occurrence: %d (mentions %d, quotes %d, events %d,"
          " notes %d; by occurrence %d, prefix %d, suffix %d)"
          % (s["dis"], s["dis_mention"], s["dis_quote"], s["dis_event"], s["dis_note"],
             s["dis_occurrence"], s["dis_prefix"], s["dis_suffix"]))
    print("top person %s named in %.1f%% of articles" % (s["top_person"],
                                                          100 * s["top_person_share"]))


if __name__ == "__main__":
    main()
