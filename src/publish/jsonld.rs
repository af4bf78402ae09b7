//! schema.org JSON-LD for a page's `<head>`: NewsArticle (with Quotation parts) on article
//! pages, ProfilePage + Person on person pages, Event on event and date pages, WebSite on the
//! home page. The JSON is escaped so that nothing in it can end the `<script>` element.

use super::{absolute, rfc3339};
use crate::model::Status;
use crate::render::Page;
use crate::site::{AnnKind, ArticleId, EventId, Site, Speaker, Target, url};
use serde::Serialize;

// Each object is a typed struct rather than a `json!` map: a page's JSON-LD is printed for
// every page, and a map allocates every key. Fields are declared in the order of their keys
// (`@` first, then alphabetical), the order the maps printed them in, so the bytes did not
// change; `Option` fields that a map left out are skipped when `None`.

/// schema.org's context, on every top-level object.
const CONTEXT: &str = "https://schema.org";

/// A thing with a type, a name and, when it has a page, its URL: an issue, a person, an
/// organisation, a place, an author.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl<'a> Named<'a> {
    fn new(kind: &'static str, name: &'a str, url: Option<String>) -> Self {
        Named { kind, name, url }
    }
}

/// The home page: the site.
#[derive(Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    url: String,
}

/// A person page: the profile and its person.
#[derive(Serialize)]
struct ProfilePage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "mainEntity")]
    main_entity: PersonLd<'a>,
    url: String,
}

#[derive(Serialize)]
struct PersonLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<Named<'a>>,
    #[serde(rename = "alternateName")]
    alternate_name: &'a [String],
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    url: String,
}

/// An Event with its start date, status and place (`@context` only at the top level).
#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(rename = "eventStatus")]
    event_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Named<'a>>,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
    url: String,
}

/// A date page: the events of the day.
#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<EventLd<'a>>,
}

/// A NewsArticle.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(rename = "hasPart")]
    has_part: Vec<Quotation<'a>>,
    headline: &'a str,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    mentions: Vec<Mention<'a>>,
    publisher: Publisher<'a>,
    url: String,
}

/// What an article mentions: people, organisations, places (named) and events.
#[derive(Serialize)]
#[serde(untagged)]
enum Mention<'a> {
    Named(Named<'a>),
    Event(EventLd<'a>),
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    url: String,
}

/// A quote of an article, with its speaker as creator.
#[derive(Serialize)]
struct Quotation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    creator: Named<'a>,
    #[serde(rename = "dateCreated")]
    date_created: String,
    text: &'a str,
    url: String,
}

/// A disputed point.
#[derive(Serialize)]
struct Claim<'a, 'b> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Vec<Named<'a>>,
    appearance: &'b [Appearance<'a>],
    #[serde(rename = "firstAppearance")]
    first_appearance: Option<&'b Appearance<'a>>,
    name: &'a str,
    text: &'a str,
    url: String,
}

/// A passage a disputed point sets side by side, with the article it is part of.
#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "isPartOf")]
    is_part_of: PartOf<'a>,
    text: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PartOf<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    publisher: Named<'a>,
}

/// The JSON-LD of `page`, ready to put inside `<script type="application/ld+json">`, or
/// `None` for pages that describe nothing in particular. `root` leads from the page to the
/// site root (used for URLs when there is no `base_url`).
pub fn for_page(site: &Site, page: Page, root: &str) -> Option<String> {
    let link = |path: &str| absolute(site, path).unwrap_or_else(|| site.href(root, path));
    Some(match page {
        Page::Home => script_safe(&WebSite {
            context: CONTEXT,
            kind: "WebSite",
            description: &site.config.description,
            in_language: &site.config.language,
            name: &site.config.title,
            url: link(""),
        }),
        Page::Article(i) => script_safe(&article(site, i, &link)),
        Page::Person(i) => {
            let p = &site.people[i];
            script_safe(&ProfilePage {
                context: CONTEXT,
                kind: "ProfilePage",
                main_entity: PersonLd {
                    kind: "Person",
                    affiliation: (p.affiliation.as_deref())
                        .map(|org| Named::new("Organization", org, None)),
                    alternate_name: &p.aliases,
                    job_title: p.role.as_deref(),
                    name: &p.name,
                    url: link(&url::person(&p.id)),
                },
                url: link(&url::person(&p.id)),
            })
        }
        Page::Event(i) => script_safe(&EventLd {
            context: Some(CONTEXT),
            ..event(site, i, &link)
        }),
        Page::Date(d) => {
            let events = &site.dates.get(&d)?.events;
            if events.is_empty() {
                return None;
            }
            script_safe(&Graph {
                context: CONTEXT,
                graph: events.iter().map(|&e| event(site, e, &link)).collect(),
            })
        }
        Page::Disputed(r) => claim(site, r, &link),
        _ => return None,
    })
}

/// A NewsArticle: publisher, dates, what it is about (its issues), whom and what it mentions,
/// and its quotes as Quotation parts with their speakers as creators.
fn article<'a>(site: &'a Site, i: ArticleId, link: &dyn Fn(&str) -> String) -> NewsArticle<'a> {
    let a = &site.articles[i];
    let outlet = &site.outlets[a.outlet];
    let page = url::article(&a.slug);
    let about = (a.issues.iter())
        .map(|&k| {
            let issue = &site.issues[k];
            Named::new("Thing", &issue.title, Some(link(&url::issue(&issue.id))))
        })
        .collect();
    let mut mentions: Vec<Mention> = (a.people.iter())
        .map(|&k| {
            let p = &site.people[k];
            Mention::Named(Named::new(
                "Person",
                &p.name,
                Some(link(&url::person(&p.id))),
            ))
        })
        .collect();
    mentions.extend(
        a.events
            .iter()
            .map(|&e| Mention::Event(event(site, e, link))),
    );
    mentions.extend(named_in(site, a, link).into_iter().map(Mention::Named));
    let has_part = (a.annotations.iter())
        .filter_map(|x| match &x.kind {
            AnnKind::Quote { speaker, said, .. } => Some(Quotation {
                kind: "Quotation",
                creator: creator(site, speaker, link),
                date_created: said.key(),
                text: &x.passage,
                url: link(&format!("{page}#{}", x.anchor)),
            }),
            _ => None,
        })
        .collect();
    NewsArticle {
        context: CONTEXT,
        kind: "NewsArticle",
        about,
        author: (a.byline.as_deref()).map(|by| Named::new("Person", by, None)),
        date_published: rfc3339(&a.published, a.published_time.as_deref()),
        has_part,
        headline: &a.title,
        in_language: a.language.as_deref(),
        is_based_on: a.url.as_deref(),
        mentions,
        publisher: Publisher {
            kind: "NewsMediaOrganization",
            name: &outlet.name,
            same_as: outlet.url.as_deref(),
            url: link(&url::outlet(&outlet.id)),
        },
        url: link(&page),
    }
}

/// The outlets, organisations and places an article's mentions name, each once.
fn named_in<'a>(
    site: &'a Site,
    a: &crate::site::Article,
    link: &dyn Fn(&str) -> String,
) -> Vec<Named<'a>> {
    let mut named: Vec<Target> = a
        .annotations
        .iter()
        .filter_map(|x| match x.kind {
            AnnKind::Mention(
                t @ (Target::Outlet(_) | Target::Organisation(_) | Target::Place(_)),
            ) => Some(t),
            _ => None,
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    named
        .into_iter()
        .map(|t| {
            let kind = match t {
                Target::Outlet(_) => "NewsMediaOrganization",
                Target::Place(_) => "Place",
                _ => "Organization",
            };
            Named::new(kind, site.target_label(t), Some(link(&site.target_url(t))))
        })
        .collect()
}

/// Who said a quotation: a person or an organisation with its page, or an unnamed source.
fn creator<'a>(site: &'a Site, speaker: &'a Speaker, link: &dyn Fn(&str) -> String) -> Named<'a> {
    let name = site.speaker_label(speaker);
    match (speaker, site.speaker_url(speaker)) {
        (Speaker::Organisation(_), Some(u)) => Named::new("Organization", name, Some(link(&u))),
        (_, u) => Named::new("Person", name, u.map(|u| link(&u))),
    }
}

/// An Event with its start date, status and place.
fn event<'a>(site: &'a Site, i: EventId, link: &dyn Fn(&str) -> String) -> EventLd<'a> {
    let e = &site.events[i];
    let status = match e.status {
        Status::Happened | Status::Planned => "https://schema.org/EventScheduled",
        Status::Postponed => "https://schema.org/EventPostponed",
        Status::Canceled => "https://schema.org/EventCancelled",
    };
    EventLd {
        context: None,
        kind: "Event",
        // schema.org has no "about" or "by": a range gives its end, a bound or an
        // approximate date only the date it is filed under.
        end_date: e.when.until().map(|end| end.key()),
        event_status: status,
        location: (e.place.as_deref()).map(|place| Named::new("Place", place, None)),
        name: &e.title,
        start_date: e.date.key(),
        url: link(&url::event(&e.id)),
    }
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` as `\u003c`, `\u003e` and
/// `\u0026`, so no text in it (`</script>`, `<!--`) can end or change the element.
pub fn script_safe(v: &impl Serialize) -> String {
    let text = serde_json::to_string(v).expect("JSON values serialize");
    crate::render::markdown::escape_bytes(&text, |b| match b {
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    })
}

/// A disputed point as a schema.org Claim: the note's text, and each passage it sets side by
/// side as an `appearance` (the note's own passage first).
fn claim(site: &Site, r: crate::site::AnnRef, link: &dyn Fn(&str) -> String) -> String {
    let a = &site.articles[r.article];
    let ann = site.ann(r);
    let text = match &ann.kind {
        AnnKind::Note { body, .. } => body.as_str(),
        _ => "",
    };
    let appearance: Vec<Appearance> = crate::disputes::passages(site, r)
        .into_iter()
        .map(|p| {
            let pa = &site.articles[p.article];
            Appearance {
                kind: "Quotation",
                is_part_of: PartOf {
                    kind: "NewsArticle",
                    headline: &pa.title,
                    publisher: Named::new("Organization", &site.outlets[pa.outlet].name, None),
                },
                text: &site.ann(p).passage,
                url: link(&site.ann_url(p)),
            }
        })
        .collect();
    let about = crate::disputes::concerns(site, r)
        .into_iter()
        .map(|t| {
            Named::new(
                "Thing",
                site.target_label(t),
                Some(link(&site.target_url(t))),
            )
        })
        .collect();
    script_safe(&Claim {
        context: CONTEXT,
        kind: "Claim",
        about,
        appearance: &appearance,
        first_appearance: appearance.first(),
        name: &ann.passage,
        text,
        url: link(&url::disputed(&a.slug, &ann.anchor)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn script_safe_escapes_what_could_end_the_element() {
        let v = json!({"text": "</script><!-- & \u{2028}"});
        let s = script_safe(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
