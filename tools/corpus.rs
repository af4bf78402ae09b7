//! A synthetic dossier for benchmarks and tests. Not part of the library: the tests and
//! benchmarks include this file with `#[path]`, and `cargo run --release --example gen_corpus`
//! writes one to disk.
//!
//! N articles of about 600 words, each with 8 mentions, 3 quotes, 2 events and 1 note;
//! N/20 people, N/100 issues, N/4 registry events over ten years, 20 outlets. The traits an
//! independent corpus showed (issue 9) are built in: a third of the quotes span a line break,
//! a third carry emphasis, a link or `<u>` inside them, about half are repeated elsewhere in
//! the article and need a prefix, a suffix or an occurrence; popularity is skewed (three
//! people and two issues appear in a large share of the articles). The output is a function
//! of N and the options only. Optionally the same corpus is written as a Hugo site (the same
//! articles, with people, issues, outlets, events and dates as taxonomies listed in each
//! page's front matter, as a Hugo user would) so the two generators can be compared.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "government",
    "ministry",
    "officials",
    "talks",
    "agreement",
    "statement",
    "council",
    "committee",
    "report",
    "budget",
    "delegation",
    "embassy",
    "week",
    "plan",
    "policy",
    "proposal",
    "response",
    "meeting",
    "round",
    "question",
    "press",
    "source",
    "year",
    "month",
    "country",
    "region",
    "city",
    "capital",
    "public",
    "official",
    "relations",
    "security",
    "trade",
    "energy",
    "election",
    "minister",
    "president",
    "spokesman",
    "agency",
    "parliament",
    "court",
    "decision",
    "measure",
    "sanctions",
    "aid",
    "water",
    "transport",
    "health",
    "schools",
    "prices",
    "workers",
    "union",
    "strike",
    "protest",
    "vote",
    "law",
    "reform",
    "said",
    "added",
    "noted",
    "argued",
    "claimed",
    "denied",
    "confirmed",
    "announced",
    "expected",
    "planned",
    "delayed",
    "new",
    "former",
    "senior",
    "local",
    "national",
    "foreign",
    "economic",
    "political",
    "military",
    "diplomatic",
    "early",
    "late",
    "major",
    "minor",
    "first",
    "second",
    "third",
    "final",
    "next",
    "previous",
    "recent",
    "long",
    "short",
    "clear",
    "would",
    "could",
    "should",
    "will",
    "may",
    "must",
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "not",
    "also",
    "still",
    "only",
    "again",
    "further",
    "more",
    "less",
    "most",
    "many",
    "several",
    "some",
    "any",
    "every",
    "after",
    "before",
    "during",
    "while",
    "since",
    "until",
    "because",
    "although",
    "however",
    "despite",
    "between",
];
const FIRST: &[&str] = &[
    "Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas",
    "Karin", "Leon", "Maya", "Nikolai", "Olga", "Pavel", "Quinn", "Rosa", "Sergei", "Tanya",
    "Ulrich", "Vera", "Walter", "Xenia", "Yuri", "Zara", "Amir", "Bianca", "Cyril", "Dora", "Emil",
    "Fiona", "Gleb", "Hana", "Ivo", "Julia",
];
const LAST: &[&str] = &[
    "Abbott",
    "Baranov",
    "Castro",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ivanova",
    "Jensen",
    "Kovacs",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Romano",
    "Sokolov",
    "Tanaka",
    "Urban",
    "Volkova",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Albrecht",
    "Bauer",
    "Chen",
    "Duarte",
    "Esposito",
    "Falk",
    "Gruber",
    "Horvat",
    "Ibarra",
    "Jovanovic",
    "Keller",
    "Lopez",
    "Meyer",
    "Nieminen",
];
const CITIES: &[&str] = &[
    "Vienna", "Geneva", "Istanbul", "Riyadh", "Helsinki", "Oslo", "Lisbon", "Warsaw", "Prague",
    "Tallinn",
];
/// Which of an article's 40 sentences carry a quote or an event (mentions take every fifth
/// from the second, the note the twenty-first), so each article has exactly 8, 3, 2 and 1.
const QUOTE_SLOTS: [usize; 3] = [3, 17, 29];
const EVENT_SLOTS: [usize; 2] = [8, 23];
const NOTE_KINDS: &[&str] = &["context", "contradiction", "correction", "question"];

/// What to generate besides the size.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub seed: u64,
    /// Also write the same corpus as a Hugo site here.
    pub hugo: Option<std::path::PathBuf>,
    /// Mention the first person in every article (for the page-size bound).
    pub one_person_everywhere: bool,
}

/// Sizes of a generated corpus.
pub struct Sizes {
    pub articles: usize,
    pub people: usize,
    pub issues: usize,
    pub events: usize,
    pub outlets: usize,
}

impl Sizes {
    pub fn for_articles(n: usize) -> Sizes {
        Sizes {
            articles: n,
            people: (n / 20).max(4),
            issues: (n / 100).max(2),
            events: (n / 4).max(2),
            outlets: 20,
        }
    }
}

struct Person {
    id: String,
    name: String,
}

fn person(k: usize) -> Person {
    let f = FIRST[k % FIRST.len()];
    let l = LAST[(k / FIRST.len()) % LAST.len()];
    // Beyond the first 1,440 people, a middle initial (and then a number) keeps names unique.
    let round = k / (FIRST.len() * LAST.len());
    let (mid, num) = (round % 27, round / 27);
    let mut name = f.to_string();
    let mut id = f.to_lowercase();
    if mid > 0 {
        let c = (b'A' + (mid - 1) as u8) as char;
        name.push_str(&format!(" {c}."));
        id.push_str(&format!("-{}", c.to_ascii_lowercase()));
    }
    name.push_str(&format!(" {l}"));
    id.push_str(&format!("-{}", l.to_lowercase()));
    if num > 0 {
        name.push_str(&format!(" {}", num + 1));
        id.push_str(&format!("-{}", num + 1));
    }
    Person { id, name }
}

/// Day `d` (0..3652) of the ten years from 2015-01-01, as `YYYY-MM-DD`.
fn day(d: usize) -> String {
    let date =
        chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("valid") + chrono::Days::new(d as u64);
    date.format("%Y-%m-%d").to_string()
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().map(|f| f.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes a corpus of `n` articles into `out` (which must not exist or be empty), and the same
/// corpus as a Hugo site into `hugo` if given.
pub fn generate(out: &Path, n: usize, seed: u64, hugo: Option<&Path>) -> io::Result<Sizes> {
    let opts = Options {
        seed,
        hugo: hugo.map(Path::to_path_buf),
        ..Options::default()
    };
    generate_with(out, n, &opts)
}

/// A popular index with a skew: 30% of picks among the first three, 20% among the first
/// twenty, the rest uniform (a few people and issues are in a large share of articles).
fn skewed(rng: &mut Rng, len: usize, top: usize) -> usize {
    match rng.below(10) {
        0..=2 => rng.below(top.min(len)),
        3..=4 => rng.below(20.min(len)),
        _ => rng.below(len),
    }
}

/// [`generate`] with every option.
pub fn generate_with(out: &Path, n: usize, opts: &Options) -> io::Result<Sizes> {
    let (seed, hugo) = (opts.seed, opts.hugo.as_deref());
    let sizes = Sizes::for_articles(n);
    let mut rng = Rng(seed);
    let art_dir = out.join("content/articles");
    std::fs::create_dir_all(&art_dir)?;
    std::fs::write(
        out.join("site.toml"),
        format!(
            "title = \"Synthetic dossier ({n} articles)\"\ndescription = \"Generated by dossier gen-corpus, seed {seed}.\"\nlanguage = \"en\"\noutput_dir = \"public\"\n"
        ),
    )?;

    let people: Vec<Person> = (0..sizes.people).map(person).collect();
    let mut t = String::new();
    for p in &people {
        let _ = writeln!(
            t,
            "[{}]\nname = {}\nrole = \"{}\"\naffiliation = \"{}\"\n",
            p.id,
            toml_str(&p.name),
            rng.pick(&[
                "Minister",
                "Spokesperson",
                "Ambassador",
                "Analyst",
                "Deputy minister"
            ]),
            rng.pick(CITIES)
        );
    }
    std::fs::write(out.join("content/people.toml"), t)?;

    let issue_id = |k: usize| format!("issue-{k}");
    let mut t = String::new();
    for k in 0..sizes.issues {
        let _ = write!(
            t,
            "[{}]\ntitle = \"{} {}\"\n",
            issue_id(k),
            capital(rng.pick(WORDS)),
            rng.pick(&["talks", "reform", "crisis", "dispute", "programme"])
        );
        if k >= 10 {
            let _ = writeln!(t, "parent = \"{}\"", issue_id(k % 10));
        }
        t.push('\n');
    }
    std::fs::write(out.join("content/issues.toml"), t)?;

    let mut t = String::new();
    for k in 0..sizes.outlets {
        let _ = write!(
            t,
            "[outlet-{k}]\nname = \"{} {}\"\nkind = \"newspaper\"\n\n",
            capital(rng.pick(WORDS)),
            rng.pick(&["Times", "Post", "Herald", "Agency", "Gazette"])
        );
    }
    std::fs::write(out.join("content/outlets.toml"), t)?;

    struct Ev {
        id: String,
        title: String,
        day: usize,
        happened: bool,
    }
    let mut events = Vec::with_capacity(sizes.events);
    let mut t = String::new();
    for k in 0..sizes.events {
        let d = rng.below(3652);
        let title = format!(
            "{} {} in {} {k}",
            capital(rng.pick(WORDS)),
            rng.pick(&["meeting", "summit", "vote", "agreement", "strike"]),
            rng.pick(CITIES)
        );
        let status = rng.pick(&[
            "happened",
            "happened",
            "happened",
            "planned",
            "postponed",
            "canceled",
        ]);
        let _ = write!(
            t,
            "[event-{k}]\ntitle = {}\ndate = \"{}\"\nstatus = \"{status}\"\npeople = [\"{}\"]\nissues = [\"{}\"]\n\n",
            toml_str(&title),
            day(d),
            people[rng.below(people.len())].id,
            issue_id(rng.below(sizes.issues))
        );
        events.push(Ev {
            id: format!("event-{k}"),
            title,
            day: d,
            happened: status == "happened",
        });
    }
    std::fs::write(out.join("content/events.toml"), t)?;

    let hugo_content = match hugo {
        Some(h) => {
            write_hugo_skeleton(h)?;
            Some(h.join("content/articles"))
        }
        None => None,
    };

    for a in 0..n {
        let slug = format!("article-{a:06}");
        let pub_day = 30 + rng.below(3622);
        let outlet = rng.below(sizes.outlets);
        let mut cast: Vec<usize> = (0..4).map(|_| skewed(&mut rng, people.len(), 3)).collect();
        if opts.one_person_everywhere {
            cast[0] = 0;
        }
        let issues: Vec<usize> = (0..2).map(|_| skewed(&mut rng, sizes.issues, 2)).collect();
        let evs: Vec<usize> = (0..2).map(|_| rng.below(events.len())).collect();
        let mut md = String::with_capacity(4500);
        let mut ann = String::with_capacity(3000);
        let title = format!(
            "{} {} {}",
            capital(rng.pick(WORDS)),
            rng.pick(WORDS),
            rng.pick(WORDS)
        );
        let _ = write!(
            ann,
            "title = {}\noutlet = \"outlet-{outlet}\"\npublished = \"{}\"\nissues = [{}]\n\n",
            toml_str(&title),
            day(pub_day),
            issues
                .iter()
                .map(|&i| format!("\"{}\"", issue_id(i)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut name_count = vec![0usize; cast.len()];
        let (mut quotes, mut mentions, mut events_done) = (0, 0, 0);
        let mut note_done = false;
        let mut hugo_dates = vec![day(pub_day)];
        let mut hugo_people: Vec<&str> = Vec::new();
        // Eight paragraphs of five sentences, about 600 words; annotated sentences are woven in.
        for p in 0..8 {
            let mut para = Vec::new();
            for s in 0..5 {
                let slot = p * 5 + s;
                let text = if slot % 5 == 1 && mentions < 8 {
                    let who = mentions % cast.len();
                    let per = &people[cast[who]];
                    name_count[who] += 1;
                    let _ = write!(
                        ann,
                        "[[mention]]\nquote = {}\noccurrence = {}\nperson = \"{}\"\n\n",
                        toml_str(&per.name),
                        count_name(&md, &para, &per.name) + 1,
                        per.id
                    );
                    mentions += 1;
                    hugo_people.push(&per.id);
                    format!(
                        "{} {} {}",
                        sentence(&mut rng, 4),
                        per.name,
                        sentence(&mut rng, 6).to_lowercase()
                    )
                } else if QUOTE_SLOTS.contains(&slot) {
                    let who = &people[cast[quotes % cast.len()]];
                    let q = quote(&mut rng, &para);
                    let said = day(pub_day - rng.below(20));
                    let _ = write!(
                        ann,
                        "[[quote]]\nquote = {}\n{}speaker = \"{}\"\nsaid = \"{said}\"\nissues = [\"{}\"]\n\n",
                        toml_str(&q.words),
                        q.selector,
                        who.id,
                        issue_id(issues[quotes % 2])
                    );
                    quotes += 1;
                    hugo_dates.push(said);
                    if let Some(copy) = q.copy_before {
                        para.push(copy);
                    }
                    let text = format!("\"{}\" said {}", q.markdown, who.name);
                    if let Some(copy) = q.copy_after {
                        para.push(text);
                        copy
                    } else {
                        text
                    }
                } else if EVENT_SLOTS.contains(&slot) {
                    let e = &events[evs[events_done]];
                    let phrase = format!("{} took place", e.title);
                    // An article can only report an event after its date as planned.
                    let as_planned = if e.happened && e.day > pub_day {
                        "status = \"planned\"\n"
                    } else {
                        ""
                    };
                    let _ = write!(
                        ann,
                        "[[event]]\nquote = {}\noccurrence = 1\nevent = \"{}\"\n{as_planned}\n",
                        toml_str(&phrase),
                        e.id
                    );
                    events_done += 1;
                    hugo_dates.push(day(e.day));
                    format!("On {}, {phrase}", day(e.day))
                } else if slot == 20 && !note_done {
                    let words = sentence(&mut rng, 9);
                    let _ = write!(
                        ann,
                        "[[note]]\nquote = {}\noccurrence = 1\nkind = \"{}\"\nbody = \"The analyst's comment on *this* passage, with a link to [the first issue](issue:{}).\"\n\n",
                        toml_str(&words),
                        rng.pick(NOTE_KINDS),
                        issue_id(issues[0])
                    );
                    note_done = true;
                    words
                } else {
                    {
                        let len = 12 + rng.below(8);
                        sentence(&mut rng, len)
                    }
                };
                para.push(text);
            }
            md.push_str(&para.join(". "));
            md.push_str(".\n\n");
        }
        std::fs::write(art_dir.join(format!("{slug}.md")), &md)?;
        std::fs::write(art_dir.join(format!("{slug}.toml")), &ann)?;
        if let Some(hc) = &hugo_content {
            hugo_people.sort();
            hugo_people.dedup();
            hugo_dates.sort();
            hugo_dates.dedup();
            let months: Vec<String> =
                dedup(hugo_dates.iter().map(|d| d[..7].to_string()).collect());
            let years: Vec<String> = dedup(hugo_dates.iter().map(|d| d[..4].to_string()).collect());
            let list = |v: &[String]| {
                v.iter()
                    .map(|x| format!("\"{x}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let fm = format!(
                "+++\ntitle = {}\ndate = {}\npeople = [{}]\nissues = [{}]\noutlets = [\"outlet-{outlet}\"]\nevents = [{}]\ndates = [{}]\nmonths = [{}]\nyears = [{}]\n+++\n",
                toml_str(&title),
                day(pub_day),
                list(
                    &hugo_people
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                ),
                list(&issues.iter().map(|&i| issue_id(i)).collect::<Vec<_>>()),
                list(
                    &evs.iter()
                        .map(|&e| events[e].id.clone())
                        .collect::<Vec<_>>()
                ),
                list(&hugo_dates),
                list(&months),
                list(&years),
            );
            std::fs::write(hc.join(format!("{slug}.md")), format!("{fm}{md}"))?;
        }
    }
    Ok(sizes)
}

/// A quote as the annotation gives it and as the article shows it, with what tells it apart
/// when the article repeats it.
struct Quote {
    words: String,
    markdown: String,
    /// `prefix = …`, `suffix = …` or `occurrence = …` lines, or nothing.
    selector: String,
    copy_before: Option<String>,
    copy_after: Option<String>,
}

/// Fourteen words, varied as real quotes are: a third break across a line, a third carry
/// inline markup; about half are repeated by another sentence of the paragraph.
fn quote(rng: &mut Rng, para: &[String]) -> Quote {
    let words = sentence(rng, 14);
    let mut w: Vec<String> = words.split(' ').map(str::to_string).collect();
    match rng.below(3) {
        0 => w[7] = format!("\n{}", w[7]),
        1 => {
            let k = 3 + rng.below(8);
            w[k] = match rng.below(3) {
                0 => format!("*{}*", w[k]),
                1 => format!("[{}](https://example.org/{k})", w[k]),
                _ => format!("<u>{}</u>", w[k]),
            }
        }
        _ => {}
    }
    let markdown = w.join(" ").replace(" \n", "\n");
    // The same words again (matching is case-sensitive, so the copy keeps their case).
    let echo = format!("Critics repeated that {words}");
    let (mut selector, mut copy_before, mut copy_after) = (String::new(), None, None);
    match rng.below(8) {
        0 | 1 => {
            copy_before = Some(echo);
            selector = "occurrence = 2\n".into();
        }
        2 => {
            copy_after = Some(echo);
            selector = format!("suffix = {}\n", toml_str("\" said"));
        }
        3 => {
            copy_after = Some(echo);
            let prev = para.last().map(String::as_str).unwrap_or_default();
            let tail: Vec<&str> = prev.split(' ').rev().take(2).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            selector = format!(
                "prefix = {}\n",
                toml_str(&format!("{}. \"", tail.join(" ")))
            );
        }
        _ => {}
    }
    Quote {
        words,
        markdown,
        selector,
        copy_before,
        copy_after,
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// How often `name` already occurs in the article so far (for the mention's occurrence).
fn count_name(md: &str, para: &[String], name: &str) -> usize {
    md.matches(name).count() + para.iter().map(|p| p.matches(name).count()).sum::<usize>()
}

fn capital(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The Hugo site's configuration and minimal templates: the same kinds of pages listing the
/// same things (an article with its people, issues, events and dates; a term page per person,
/// issue, outlet, event, date, month and year listing its articles; the list pages).
fn write_hugo_skeleton(h: &Path) -> io::Result<()> {
    std::fs::create_dir_all(h.join("content/articles"))?;
    std::fs::create_dir_all(h.join("layouts/_default"))?;
    std::fs::write(
        h.join("config.toml"),
        r#"baseURL = "/"
title = "Synthetic dossier"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
uglyURLs = true
[taxonomies]
person = "people"
issue = "issues"
outlet = "outlets"
event = "events"
date = "dates"
month = "months"
year = "years"
"#,
    )?;
    let base = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/dossier.css"></head><body><nav><a href="/">Home</a> <a href="/articles/">Articles</a> <a href="/people/">People</a> <a href="/issues/">Issues</a> <a href="/events/">Events</a> <a href="/dates/">Dates</a> <a href="/outlets/">Outlets</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>"#;
    std::fs::write(h.join("layouts/_default/baseof.html"), base)?;
    std::fs::write(
        h.join("layouts/_default/single.html"),
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>{{ .Content }}<footer>{{ range $tax := slice "people" "issues" "outlets" "events" "dates" "months" "years" }}{{ with index $.Params $tax }}<p>{{ $tax }}: {{ range . }}<a href="{{ printf "/%s/%s.html" $tax (urlize .) | relURL }}">{{ . }}</a> {{ end }}</p>{{ end }}{{ end }}</footer></article>{{ end }}"#,
    )?;
    std::fs::write(
        h.join("layouts/_default/list.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}"#,
    )?;
    std::fs::write(
        h.join("layouts/_default/terms.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}"#,
    )?;
    std::fs::write(
        h.join("layouts/index.html"),
        r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 10 (where .Site.RegularPages "Section" "articles") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}"#,
    )?;
    Ok(())
}
