//! schema.org JSON-LD for a page's `<head>`: NewsArticle (with Quotation parts) on article
//! pages, ProfilePage + Person on person pages, Event on event and date pages, WebSite on the
//! home page. The JSON is escaped so that nothing in it can end the `<script>` element.

use super::{absolute, rfc3339};
use crate::model::Status;
use crate::render::Page;
use crate::site::{AnnKind, ArticleId, EventId, Site, Speaker, Target, url};
use serde_json::{Value, json};

/// The JSON-LD of `page`, ready to put inside `<script type="application/ld+json">`, or
/// `None` for pages that describe nothing in particular. `root` leads from the page to the
/// site root (used for URLs when there is no `base_url`).
pub fn for_page(site: &Site, page: Page, root: &str) -> Option<String> {
    let link = |path: &str| absolute(site, path).unwrap_or_else(|| site.href(root, path));
    let value = match page {
        Page::Home => json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site.config.title,
            "description": site.config.description,
            "inLanguage": site.config.language,
            "url": link(""),
        }),
        Page::Article(i) => article(site, i, &link),
        Page::Person(i) => {
            let p = &site.people[i];
            let mut person = json!({
                "@type": "Person",
                "name": p.name,
                "alternateName": p.aliases,
                "url": link(&url::person(&p.id)),
            });
            if let Some(role) = &p.role {
                person["jobTitle"] = json!(role);
            }
            if let Some(org) = &p.affiliation {
                person["affiliation"] = json!({"@type": "Organization", "name": org});
            }
            json!({
                "@context": "https://schema.org",
                "@type": "ProfilePage",
                "url": link(&url::person(&p.id)),
                "mainEntity": person,
            })
        }
        Page::Event(i) => with_context(event(site, i, &link)),
        Page::Date(d) => {
            let events = &site.dates.get(&d)?.events;
            if events.is_empty() {
                return None;
            }
            json!({
                "@context": "https://schema.org",
                "@graph": events.iter().map(|&e| event(site, e, &link)).collect::<Vec<_>>(),
            })
        }
        Page::Disputed(r) => claim(site, r, &link),
        _ => return None,
    };
    Some(script_safe(&value))
}

fn with_context(mut v: Value) -> Value {
    v["@context"] = json!("https://schema.org");
    v
}

/// A NewsArticle: publisher, dates, what it is about (its issues), whom and what it mentions,
/// and its quotes as Quotation parts with their speakers as creators.
fn article(site: &Site, i: ArticleId, link: &dyn Fn(&str) -> String) -> Value {
    let a = &site.articles[i];
    let outlet = &site.outlets[a.outlet];
    let page = url::article(&a.slug);
    let mut publisher = json!({
        "@type": "NewsMediaOrganization",
        "name": outlet.name,
        "url": link(&url::outlet(&outlet.id)),
    });
    if let Some(u) = &outlet.url {
        publisher["sameAs"] = json!(u);
    }
    let about: Vec<Value> = a
        .issues
        .iter()
        .map(|&k| json!({"@type": "Thing", "name": site.issues[k].title, "url": link(&url::issue(&site.issues[k].id))}))
        .collect();
    let mut mentions: Vec<Value> = a
        .people
        .iter()
        .map(|&k| json!({"@type": "Person", "name": site.people[k].name, "url": link(&url::person(&site.people[k].id))}))
        .collect();
    mentions.extend(a.events.iter().map(|&e| event(site, e, link)));
    mentions.extend(named_in(site, a, link));
    let parts: Vec<Value> = a
        .annotations
        .iter()
        .filter_map(|x| match &x.kind {
            AnnKind::Quote { speaker, said, .. } => Some(json!({
                "@type": "Quotation",
                "text": x.passage,
                "url": link(&format!("{page}#{}", x.anchor)),
                "dateCreated": said.key(),
                "creator": creator(site, speaker, link),
            })),
            _ => None,
        })
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "url": link(&page),
        "datePublished": rfc3339(&a.published, a.published_time.as_deref()),
        "publisher": publisher,
        "about": about,
        "mentions": mentions,
        "hasPart": parts,
    });
    if let Some(u) = &a.url {
        v["isBasedOn"] = json!(u);
    }
    if let Some(by) = &a.byline {
        v["author"] = json!({"@type": "Person", "name": by});
    }
    if let Some(lang) = &a.language {
        v["inLanguage"] = json!(lang);
    }
    v
}

/// The outlets, organisations and places an article's mentions name, each once.
fn named_in(site: &Site, a: &crate::site::Article, link: &dyn Fn(&str) -> String) -> Vec<Value> {
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
            json!({"@type": kind, "name": site.target_label(t), "url": link(&site.target_url(t))})
        })
        .collect()
}

/// Who said a quotation: a person or an organisation with its page, or an unnamed source.
fn creator(site: &Site, speaker: &Speaker, link: &dyn Fn(&str) -> String) -> Value {
    let name = site.speaker_label(speaker);
    match (speaker, site.speaker_url(speaker)) {
        (Speaker::Organisation(_), Some(u)) => {
            json!({"@type": "Organization", "name": name, "url": link(&u)})
        }
        (_, Some(u)) => json!({"@type": "Person", "name": name, "url": link(&u)}),
        (_, None) => json!({"@type": "Person", "name": name}),
    }
}

/// An Event with its start date, status and place.
fn event(site: &Site, i: EventId, link: &dyn Fn(&str) -> String) -> Value {
    let e = &site.events[i];
    let status = match e.status {
        Status::Happened | Status::Planned => "https://schema.org/EventScheduled",
        Status::Postponed => "https://schema.org/EventPostponed",
        Status::Canceled => "https://schema.org/EventCancelled",
    };
    let mut v = json!({
        "@type": "Event",
        "name": e.title,
        "startDate": e.date.key(),
        "eventStatus": status,
        "url": link(&url::event(&e.id)),
    });
    // schema.org has no "about" or "by": a range gives its end, a bound or an approximate
    // date only the date it is filed under.
    if let Some(end) = e.when.until() {
        v["endDate"] = json!(end.key());
    }
    if let Some(place) = &e.place {
        v["location"] = json!({"@type": "Place", "name": place});
    }
    v
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` as `\u003c`, `\u003e` and
/// `\u0026`, so no text in it (`</script>`, `<!--`) can end or change the element.
pub fn script_safe(v: &Value) -> String {
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
fn claim(site: &Site, r: crate::site::AnnRef, link: &dyn Fn(&str) -> String) -> Value {
    let a = &site.articles[r.article];
    let ann = site.ann(r);
    let text = match &ann.kind {
        AnnKind::Note { body, .. } => body.as_str(),
        _ => "",
    };
    let appearance: Vec<Value> = crate::disputes::passages(site, r)
        .into_iter()
        .map(|p| {
            let pa = &site.articles[p.article];
            json!({
                "@type": "Quotation",
                "text": site.ann(p).passage,
                "url": link(&site.ann_url(p)),
                "isPartOf": {"@type": "NewsArticle", "headline": pa.title,
                    "publisher": {"@type": "Organization", "name": site.outlets[pa.outlet].name}},
            })
        })
        .collect();
    let about: Vec<Value> = crate::disputes::concerns(site, r)
        .into_iter()
        .map(|t| json!({"@type": "Thing", "name": site.target_label(t), "url": link(&site.target_url(t))}))
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "Claim",
        "url": link(&url::disputed(&a.slug, &ann.anchor)),
        "name": ann.passage,
        "text": text,
        "firstAppearance": appearance.first(),
        "appearance": appearance,
        "about": about,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
