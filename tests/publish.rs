//! Publishing: the files a build writes besides pages (404 page, sitemap, robots.txt, Atom
//! feeds, JSON exports), the `<head>` metadata (canonical, Open Graph, JSON-LD), determinism,
//! a sub-path base_url served by a real HTTP server, and `dossier check --links`.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const BASE: &str = "https://example.org/dossiers/irritants/";
const ATOM: &str = "http://www.w3.org/2005/Atom";

fn build_with(root: &Path, base: Option<&str>) -> (PathBuf, tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        site.to_str().unwrap(),
    ];
    if let Some(b) = base {
        args.extend(["--base-url", b]);
    }
    let o = run(&args);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    (site, out, stderr(&o))
}

/// The `<script type="application/ld+json">` blocks of a page, parsed.
fn jsonld(html: &str) -> Vec<Value> {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    html.match_indices(OPEN)
        .map(|(i, _)| {
            let body = &html[i + OPEN.len()..];
            let body = &body[..body.find("</script>").expect("script closes")];
            serde_json::from_str(body).unwrap_or_else(|e| panic!("bad JSON-LD ({e}): {body}"))
        })
        .collect()
}

/// The href of `<link rel="REL" ...>` elements of a page.
fn links_rel(html: &str, rel: &str) -> Vec<String> {
    let open = format!("<link rel=\"{rel}\"");
    html.match_indices(&open)
        .map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            attr_values(tag, "href").remove(0)
        })
        .collect()
}

fn pages(site: &Path) -> Vec<String> {
    files(site)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

/// The absolute URL of an output path, as the sitemap and canonical links name it.
fn absolute(path: &str) -> String {
    let path = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("/index.html")
            .map_or(path.to_string(), |d| format!("{d}/"))
            .leak()
    };
    format!("{BASE}{path}")
}

#[test]
fn a_build_with_base_url_writes_sitemap_robots_feeds_exports_and_head_metadata() {
    let root = copy_dossier(&repo());
    let (site, _g, err) = build_with(root.path(), Some(BASE));
    assert!(!err.contains("no-base-url"), "{err}");
    let all = files(&site);
    for f in [
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "favicon.svg",
        "feed.xml",
        "feeds/people/maria-zakharova.xml",
        "feeds/issues/irritants.xml",
        "dossier.json",
        "dossier.schema.json",
        "annotations.jsonld",
    ] {
        assert!(all.contains(&f.to_string()), "{f} not written: {all:?}");
    }

    // The sitemap parses and lists every page but the 404 page, each once.
    let map = read(&site, "sitemap.xml");
    let doc = roxmltree::Document::parse(&map).expect("sitemap.xml is XML");
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    let want: BTreeSet<String> = pages(&site)
        .iter()
        .filter(|p| *p != "404.html")
        .map(|p| absolute(p))
        .collect();
    assert_eq!(locs.len(), want.len(), "a page listed twice or missing");
    assert_eq!(locs.into_iter().collect::<BTreeSet<_>>(), want);
    assert!(read(&site, "robots.txt").contains(&format!("Sitemap: {BASE}sitemap.xml")));

    // Every page: canonical and og:url name it; the JSON-LD parses.
    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in pages(&site).iter().filter(|p| *p != "404.html") {
        let html = read(&site, p);
        assert_eq!(links_rel(&html, "canonical"), [absolute(p)], "{p}");
        assert!(
            html.contains(&format!(
                "<meta property=\"og:url\" content=\"{}\">",
                absolute(p)
            )),
            "{p}"
        );
        assert!(html.contains("<meta name=\"theme-color\""), "{p}");
        let kind = p
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".html")
            .to_string();
        for v in jsonld(&html) {
            let t = v.get("@type").or_else(|| v["@graph"][0].get("@type"));
            types
                .entry(kind.clone())
                .or_default()
                .insert(t.unwrap().as_str().unwrap().into());
        }
    }
    assert_eq!(
        types["articles"],
        BTreeSet::from(["NewsArticle".to_string()])
    );
    assert_eq!(types["people"], BTreeSet::from(["ProfilePage".to_string()]));
    assert!(types["dates"].contains("Event"), "{types:?}");

    // A person page offers its feed, which parses as Atom and lists the person's articles.
    let person = read(&site, "people/maria-zakharova/index.html");
    let alternates = links_rel(&person, "alternate");
    assert!(
        alternates.contains(&"../../feeds/people/maria-zakharova.xml".to_string()),
        "{alternates:?}"
    );
    let ld = &jsonld(&person)[0];
    assert_eq!(ld["mainEntity"]["@type"], "Person");
    assert!(
        !ld["mainEntity"]["alternateName"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{ld}"
    );
    let feed = atom_entries(&site, "feeds/people/maria-zakharova.xml");
    let listed: BTreeSet<String> = attr_values(&person[person.find("<h2").unwrap()..], "href")
        .into_iter()
        .filter(|h| h.starts_with("../../articles/") && !h.contains('#') && h != "../../articles/")
        .map(|h| format!("{BASE}{}", &h[6..]))
        .collect();
    assert_eq!(feed.iter().cloned().collect::<BTreeSet<_>>(), listed);
    for f in all
        .iter()
        .filter(|f| f.ends_with(".xml") && f.contains("feed"))
    {
        atom_entries(&site, f);
    }

    // An article: NewsArticle with its publisher, date, issues, mentions and quotes.
    let slug = "moscow-times-2025-06-16-us-canceled-talks";
    let ld = jsonld(&read(&site, &format!("articles/{slug}/index.html"))).remove(0);
    assert_eq!(ld["publisher"]["name"], "The Moscow Times", "{ld}");
    assert!(
        ld["datePublished"]
            .as_str()
            .unwrap()
            .starts_with("2025-06-16")
    );
    assert!(!ld["about"].as_array().unwrap().is_empty(), "{ld}");
    assert!(!ld["mentions"].as_array().unwrap().is_empty(), "{ld}");
    let parts = ld["hasPart"].as_array().unwrap();
    assert!(
        parts
            .iter()
            .any(|q| q["@type"] == "Quotation" && q["creator"]["name"] == "Maria Zakharova"),
        "{ld}"
    );
}

/// The entries' links of an Atom feed, checking it is Atom with what RFC 4287 requires.
fn atom_entries(site: &Path, path: &str) -> Vec<String> {
    let text = read(site, path);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM, "feed")),
        "{path}: not an Atom feed"
    );
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .map(|c| c.text().unwrap_or("").to_string())
    };
    for req in ["id", "title", "updated"] {
        assert!(child(feed, req).is_some(), "{path}: feed has no {req}");
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    entries
        .iter()
        .map(|e| {
            for req in ["id", "title", "updated"] {
                assert!(child(*e, req).is_some(), "{path}: an entry has no {req}");
            }
            let updated = child(*e, "updated").unwrap();
            assert!(
                updated.len() >= 20 && &updated[10..11] == "T",
                "{path}: {updated}"
            );
            let link = e
                .children()
                .find(|c| c.has_tag_name((ATOM, "link")))
                .unwrap();
            let href = link.attribute("href").unwrap().to_string();
            let rel = href.strip_prefix(BASE).expect("absolute, under base_url");
            // A page's folder, served as its index.html.
            assert!(
                rel.ends_with('/') && site.join(rel).join("index.html").is_file(),
                "{path}: {href} names no page's folder"
            );
            href
        })
        .collect()
}

#[test]
fn two_builds_are_byte_identical_and_name_nothing_of_the_machine() {
    let root = copy_dossier(&repo());
    let (a, _ga, _) = build_with(root.path(), Some(BASE));
    let (b, _gb, _) = build_with(root.path(), Some(BASE));
    assert_eq!(files(&a), files(&b));
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let user = std::env::var("USER").unwrap_or_default();
    for f in files(&a) {
        let (x, y) = (
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
        );
        assert!(x == y, "{f} differs between two builds");
        let text = String::from_utf8_lossy(&x);
        for bad in [root.path().to_str().unwrap(), a.to_str().unwrap(), &home] {
            assert!(!text.contains(bad), "{f} names {bad}");
        }
        if user.len() > 3 {
            assert!(!text.contains(&format!("/{user}/")), "{f} names the user");
        }
    }
}

#[test]
fn without_base_url_one_warning_at_site_toml_and_the_rest_is_written() {
    let root = copy_dossier(&repo());
    let (site, _g, err) = build_with(root.path(), None);
    assert_eq!(err.matches("warning[no-base-url]").count(), 1, "{err}");
    assert!(err.contains("site.toml:1:1"), "{err}");
    assert!(err.contains("--base-url"), "{err}");
    let all = files(&site);
    for f in ["sitemap.xml", "feed.xml"] {
        assert!(
            !all.contains(&f.to_string()),
            "{f} written without base_url"
        );
    }
    for f in [
        "404.html",
        "robots.txt",
        "favicon.svg",
        "dossier.json",
        "annotations.jsonld",
    ] {
        assert!(all.contains(&f.to_string()), "{f} missing");
    }
    assert!(!read(&site, "robots.txt").contains("Sitemap"));
    let home = read(&site, "index.html");
    assert!(links_rel(&home, "canonical").is_empty());
    assert!(links_rel(&home, "alternate").is_empty());
    assert_eq!(jsonld(&home)[0]["@type"], "WebSite");
    // The 404 page's links start at the host's root.
    assert!(read(&site, "404.html").contains("href=\"/articles/\""));
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
}

#[test]
fn a_bad_base_url_on_the_command_line_is_an_error() {
    let root = copy_dossier(&repo());
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "build",
        "--root",
        root.path().to_str().unwrap(),
        "--output",
        out.path().join("s").to_str().unwrap(),
        "--base-url",
        "example.org/x",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("error[bad-base-url]: --base-url `example.org/x`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn annotations_are_web_annotations_whose_selectors_find_their_text() {
    let root = copy_dossier(&repo());
    let (site, _g, _) = build_with(root.path(), Some(BASE));
    let v: Value = serde_json::from_str(&read(&site, "annotations.jsonld")).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    // A small dossier's annotations fit on the first page, which the collection embeds.
    assert!(
        v["first"]["next"].is_null() && v["last"].is_null(),
        "{}",
        v["last"]
    );
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(v["total"].as_u64().unwrap() as usize, items.len());
    let mut motivations = BTreeSet::new();
    let mut per_page: BTreeMap<String, usize> = BTreeMap::new();
    for a in items {
        assert_eq!(a["type"], "Annotation");
        motivations.insert(a["motivation"].as_str().unwrap().to_string());
        let source = a["target"]["source"].as_str().unwrap();
        let page = source.strip_prefix(BASE).unwrap();
        let slug = page
            .strip_prefix("articles/")
            .unwrap()
            .strip_suffix('/')
            .unwrap();
        let md = read(root.path(), &format!("content/articles/{slug}.md"));
        let plain = dossier::anchor::ArticleText::new(&md).plain;
        let sel = a["target"]["selector"].as_array().unwrap();
        let quote = sel
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let pos = sel
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let exact = quote["exact"].as_str().unwrap();
        assert!(!exact.is_empty());
        let with_context = format!(
            "{}{exact}{}",
            quote["prefix"].as_str().unwrap(),
            quote["suffix"].as_str().unwrap()
        );
        assert!(
            plain.contains(&with_context),
            "{slug}: {with_context:?} not in the article"
        );
        let chars: Vec<char> = plain.chars().collect();
        let (s, e) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            exact,
            "{slug}: position selector"
        );
        // The annotation's id is an anchor on the article page.
        let frag = a["id"].as_str().unwrap().rsplit_once('#').unwrap().1;
        let html = read(&site, &format!("{page}index.html"));
        assert!(
            html.contains(&format!("id=\"{frag}\"")),
            "{page} has no #{frag}"
        );
        *per_page.entry(slug.to_string()).or_default() += 1;
    }
    assert!(
        motivations
            .iter()
            .all(|m| ["identifying", "commenting", "tagging", "questioning"].contains(&m.as_str())),
        "{motivations:?}"
    );
    for m in ["identifying", "commenting", "tagging"] {
        assert!(
            motivations.contains(m),
            "no {m} annotation: {motivations:?}"
        );
    }
    assert_eq!(
        per_page.len(),
        files(&root.path().join("content/articles"))
            .iter()
            .filter(|f| f.ends_with(".md"))
            .count()
    );
}

/// A small JSON Schema check: types, `required`, `properties`, `items`, `enum`, `const` and
/// local `$ref`s, the parts `dossier.schema.json` uses.
fn conforms(schema: &Value, root: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let def = r.strip_prefix("#/$defs/").unwrap();
        return conforms(&root["$defs"][def], root, v, at, errors);
    }
    if let Some(any) = schema["anyOf"].as_array() {
        if !any.iter().any(|s| {
            let mut e = Vec::new();
            conforms(s, root, v, at, &mut e);
            e.is_empty()
        }) {
            errors.push(format!("{at}: matches no alternative"));
        }
        return;
    }
    let type_of = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(t) => t.iter().map(|t| t.as_str().unwrap()).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.contains(&type_of(v)) {
        errors.push(format!("{at}: {} is not {types:?}", type_of(v)));
    }
    if let Some(e) = schema["enum"].as_array()
        && !e.contains(v)
    {
        errors.push(format!("{at}: {v} not in {e:?}"));
    }
    if !schema["const"].is_null() && &schema["const"] != v {
        errors.push(format!("{at}: {v} is not {}", schema["const"]));
    }
    if let Some(obj) = v.as_object() {
        for r in schema["required"].as_array().into_iter().flatten() {
            if !obj.contains_key(r.as_str().unwrap()) {
                errors.push(format!("{at}: no `{r}`"));
            }
        }
        if let Some(props) = schema["properties"].as_object() {
            for (k, val) in obj {
                match props.get(k) {
                    Some(s) => conforms(s, root, val, &format!("{at}.{k}"), errors),
                    None => errors.push(format!("{at}: `{k}` is not in the schema")),
                }
            }
        }
    }
    if let (Some(list), false) = (v.as_array(), schema["items"].is_null()) {
        for (i, x) in list.iter().enumerate() {
            conforms(&schema["items"], root, x, &format!("{at}[{i}]"), errors);
        }
    }
}

#[test]
fn dossier_json_holds_the_graph_and_follows_its_schema() {
    let root = copy_dossier(&repo());
    let (site, _g, _) = build_with(root.path(), None);
    let v: Value = serde_json::from_str(&read(&site, "dossier.json")).unwrap();
    let schema: Value = serde_json::from_str(&read(&site, "dossier.schema.json")).unwrap();
    let mut errors = Vec::new();
    conforms(&schema, &schema, &v, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    let count = |k: &str| v[k].as_array().unwrap().len();
    assert_eq!(count("articles"), 5);
    assert!(
        count("people") > 3 && count("quotes") > 3 && count("notes") > 0 && count("events") > 0
    );
    // Every reference names something in the export.
    let ids = |k: &str, f: &str| {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x[f].as_str().unwrap().to_string())
            .collect::<BTreeSet<_>>()
    };
    let (people, articles) = (ids("people", "id"), ids("articles", "slug"));
    // A speaker is a person or an organisation of the export, or an unnamed source.
    let speakers: BTreeSet<String> = people.union(&ids("organisations", "id")).cloned().collect();
    assert!(count("organisations") > 0);
    for q in v["quotes"].as_array().unwrap() {
        match q["speaker"].as_str() {
            Some(s) => assert!(speakers.contains(s), "{q}"),
            None => assert!(q["unnamed"].is_string(), "{q}"),
        }
        assert!(articles.contains(q["article"].as_str().unwrap()), "{q}");
        assert!(
            site.join(q["page"].as_str().unwrap().split('#').next().unwrap())
                .join("index.html")
                .is_file(),
            "{q}"
        );
    }
}

#[test]
fn check_links_names_the_page_and_the_link() {
    let root = copy_dossier(&repo());
    let ok = run(&["check", "--links", "--root", root.path().to_str().unwrap()]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    std::fs::write(
        root.path().join("static/extra.html"),
        "<!DOCTYPE html><title>x</title><p id=\"here\"><a href=\"people/nobody.html\">a</a> <a href=\"index.html#nowhere\">b</a> <a href=\"#here\">c</a> <a href=\"https://example.org/x\">d</a>",
    )
    .unwrap();
    let bad = run(&["check", "--links", "--root", root.path().to_str().unwrap()]);
    let err = stderr(&bad);
    assert!(!bad.status.success(), "{err}");
    assert!(
        err.contains("extra.html: broken link `people/nobody.html`: no file `people/nobody.html`"),
        "{err}"
    );
    assert!(err.contains("extra.html: broken link `index.html#nowhere`: `index.html` has no element with id `nowhere`"), "{err}");
    assert_eq!(err.matches("error[broken-link]").count(), 2, "{err}");
    // The same from a built output directory.
    let (site, _g, _) = build_with(root.path(), None);
    let dir = run(&[
        "check",
        "--links",
        "--root",
        root.path().to_str().unwrap(),
        "--dir",
        site.to_str().unwrap(),
    ]);
    assert_eq!(
        stderr(&dir).matches("error[broken-link]").count(),
        2,
        "{}",
        stderr(&dir)
    );
}

/// Serves `dir` under `prefix` as a static host does: files by path, a folder by its
/// `index.html`, anything else `404.html` with status 404.
fn static_host(server: tiny_http::Server, dir: PathBuf, prefix: &'static str) {
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
            let file = path.strip_prefix(prefix).map(|rel| {
                let rel = percent_encoding::percent_decode_str(rel)
                    .decode_utf8_lossy()
                    .into_owned();
                if rel.is_empty() || rel.ends_with('/') {
                    dir.join(rel).join("index.html")
                } else {
                    dir.join(rel)
                }
            });
            let (status, file) = match file {
                Some(f) if f.is_file() && !f.to_string_lossy().contains("..") => (200, f),
                _ => (404, dir.join("404.html")),
            };
            let body = std::fs::read(&file).unwrap();
            let _ = req.respond(tiny_http::Response::from_data(body).with_status_code(status));
        }
    });
}

/// GET over plain HTTP/1.1: (status, body).
fn get(url: &url::Url) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s =
        std::net::TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        s,
        "GET {} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        url.path()
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = body;
        while let Some((len, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(len.trim(), 16).unwrap();
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n]);
            rest = &tail[n + 2..];
        }
        out
    } else {
        body.to_string()
    };
    (status, body)
}

#[test]
fn a_sub_path_site_served_over_http_has_no_broken_link() {
    const PREFIX: &str = "/dossiers/irritants/";
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let base = format!("http://127.0.0.1:{port}{PREFIX}");
    let root = copy_dossier(&repo());
    let (site, _g, _) = build_with(root.path(), Some(&base));
    static_host(server, site.clone(), PREFIX);

    let base = url::Url::parse(&base).unwrap();
    // Deeper than any page: the 404 page's links must still lead into the site.
    let missing = base.join("people/no-such-person/nor/this/").unwrap();
    let mut queue: Vec<url::Url> = vec![
        base.clone(),
        missing.clone(),
        base.join("sitemap.xml").unwrap(),
    ];
    let mut seen: BTreeSet<String> = queue.iter().map(|u| u.to_string()).collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut broken = Vec::new();
    while let Some(u) = queue.pop() {
        let (status, body) = get(&u);
        if u == missing {
            assert_eq!(status, 404);
            assert!(body.contains("Page not found"), "{body}");
        } else if status != 200 {
            broken.push(format!("{u}: {status}"));
            continue;
        }
        let links: Vec<String> = if u.path().ends_with(".xml") {
            // The sitemap's and feeds' absolute URLs must be served too.
            let doc = roxmltree::Document::parse(&body).unwrap();
            doc.descendants()
                .filter_map(|n| {
                    n.attribute("href")
                        .map(str::to_string)
                        .or_else(|| n.has_tag_name("loc").then(|| n.text().unwrap().to_string()))
                })
                .collect()
        } else if u.path().ends_with(".html") || u.path().ends_with('/') {
            ids.insert(
                u.to_string(),
                attr_values(&body, "id").into_iter().collect(),
            );
            ["href", "src"]
                .iter()
                .flat_map(|a| attr_values(&body, a))
                .collect()
        } else {
            continue;
        };
        for l in links {
            let Ok(mut target) = u.join(&l) else {
                broken.push(format!("{u}: {l} (not a URL)"));
                continue;
            };
            if target.host_str() != Some("127.0.0.1") || target.port() != Some(port) {
                continue;
            }
            if let Some(f) = target.fragment() {
                fragments.push((u.to_string(), l.clone(), f.to_string()));
            }
            target.set_fragment(None);
            // Pretty URLs: every link to a page names its folder, never a `.html` file.
            if target.path().ends_with(".html") {
                broken.push(format!("{u}: {l} names a .html file"));
            }
            if !target.path().starts_with(PREFIX) {
                broken.push(format!("{u}: {l} leaves the site's path"));
            } else if seen.insert(target.to_string()) {
                queue.push(target);
            }
        }
    }
    for (page, link, f) in fragments {
        let target = url::Url::parse(&page).unwrap().join(&link).unwrap();
        let mut t = target.clone();
        t.set_fragment(None);
        if ids.get(t.as_str()).is_some_and(|s| !s.contains(&f)) {
            broken.push(format!("{page}: {link} (no #{f})"));
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
    // Every page of the build was reached.
    let reached = seen.len();
    assert!(reached > pages(&site).len(), "only {reached} URLs reached");
}
