//! One fixture per kind of bad input: each case edits a copy of a valid dossier and checks the
//! diagnostic `dossier check` prints: its code, its message, where it points
//! (file:line:column), the hint, and the exit code.

mod common;
use common::*;
use std::path::Path;

struct Case {
    name: &'static str,
    /// Files to write (path relative to the dossier root, bytes); `None` deletes.
    edits: Vec<(&'static str, Option<Vec<u8>>)>,
    code: &'static str,
    /// Substrings the message must contain.
    message: &'static str,
    /// `file:line:column`, or `""` for diagnostics about the dossier as a whole.
    at: &'static str,
    /// Substring of the hint (or notes), `""` to skip.
    hint: &'static str,
    exit: i32,
    /// What the byte edits cannot make (symbolic links, file names that are not UTF-8).
    setup: fn(&Path),
}

fn none(_: &Path) {}

fn w(path: &'static str, text: &str) -> (&'static str, Option<Vec<u8>>) {
    (path, Some(text.as_bytes().to_vec()))
}

const ART: &str = "content/articles/post-closure.toml";
const ART_HEAD: &str =
    "title = \"Bridge shut\"\noutlet = \"portmere-post\"\npublished = \"2024-03-06\"\n";

fn art(rest: &str) -> (&'static str, Option<Vec<u8>>) {
    w(ART, &format!("{ART_HEAD}{rest}"))
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "two inline events whose titles make one page id",
            edits: vec![art(
                "\n[[event]]\nquote = \"The Old Harbour Bridge closed on Monday\"\ntitle = \"Cracks found\"\ndate = \"2024-03-01\"\n\n[[event]]\nquote = \"could reopen in September\"\ntitle = \"Cracks found!\"\ndate = \"2024-03-02\"\n",
            )],
            code: "duplicate-inline-event",
            message: "two inline events in this article get the page id `post-closure-cracks-found`",
            at: "content/articles/post-closure.toml:11:9",
            hint: "titles that differ in words",
            exit: 1,
            setup: none,
        },
        Case {
            name: "an inline event and a registry event on one page path",
            edits: vec![
                w(
                    "content/events.toml",
                    "[closure]\ntitle = \"Closes\"\ndate = \"2024-03-04\"\n\n[reopening]\ntitle = \"Reopens\"\ndate = \"2024-09\"\n\n[post-closure-cracks-found]\ntitle = \"Cracks\"\ndate = \"2024-03-01\"\n",
                ),
                art(
                    "\n[[event]]\nquote = \"The Old Harbour Bridge closed on Monday\"\ntitle = \"Cracks found\"\ndate = \"2024-03-01\"\n",
                ),
            ],
            code: "output-collision",
            message: "would both be written to `events/post-closure-cracks-found/index.html`",
            at: "content/articles/post-closure.toml:6:9",
            hint: "give one of them another id",
            exit: 1,
            setup: none,
        },
        Case {
            name: "the same passage quoted twice",
            edits: vec![art(
                "\n[[quote]]\nquote = \"We will not take risks\"\nspeaker = \"ines-okafor\"\n\n[[quote]]\nquote = \"We will not take risks\"\nspeaker = \"ines-okafor\"\n",
            )],
            code: "duplicate-quote",
            message: "this passage is already annotated as a quote",
            at: "content/articles/post-closure.toml:10:9",
            hint: "keep one [[quote]] per statement",
            exit: 0,
            setup: none,
        },
        Case {
            name: "unknown source of the copy",
            edits: vec![art("\n[copy]\nfrom = \"archiv\"\nexcerpt = true\n")],
            code: "unknown-value",
            message: "`archiv` is not allowed here",
            at: "content/articles/post-closure.toml:6:8",
            hint: "did you mean `archive`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "toml syntax",
            edits: vec![w(ART, "title = \"x\"\noutlet = portmere-post\n")],
            code: "toml-syntax",
            message: "TOML syntax error",
            at: "content/articles/post-closure.toml:2:10",
            hint: "double quotes",
            exit: 1,
            setup: none,
        },
        Case {
            name: "a passage's own double quotes inside a double-quoted string",
            edits: vec![art(
                "\n[[quote]]\nquote = \"the bridge is \"unsafe\" until September\"\nspeaker = \"ines-okafor\"\n",
            )],
            code: "toml-syntax",
            message: "TOML syntax error",
            at: "content/articles/post-closure.toml:6:24",
            hint: "quote = 'the bridge is \"unsafe\" until September'",
            exit: 1,
            setup: none,
        },
        Case {
            name: "an inner double quote in a string that has an apostrophe",
            edits: vec![art(
                "\n[[quote]]\nquote = \"the bridge's \"unsafe\" span\"\nspeaker = \"ines-okafor\"\n",
            )],
            code: "toml-syntax",
            message: "TOML syntax error",
            at: "content/articles/post-closure.toml:6:23",
            hint: "quote = \"\"\"the bridge's \"unsafe\" span\"\"\"",
            exit: 1,
            setup: none,
        },
        Case {
            name: "wrong type",
            edits: vec![art("issues = \"bridge\"\n")],
            code: "wrong-type",
            message: "invalid type: string \"bridge\", expected a sequence",
            at: "content/articles/post-closure.toml:4:10",
            hint: "lists in [brackets]",
            exit: 1,
            setup: none,
        },
        Case {
            name: "missing field",
            edits: vec![w(ART, "title = \"x\"\npublished = \"2024-03-06\"\n")],
            code: "missing-field",
            message: "missing required field `outlet`",
            at: "content/articles/post-closure.toml:1:1",
            hint: "add `outlet = ...`",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown field with a typo",
            edits: vec![art("[[quote]]\nquote = \"old\"\nspeker = \"tom-reyes\"\n")],
            code: "unknown-field",
            message: "unknown field `speker`",
            at: "content/articles/post-closure.toml:6:1",
            hint: "did you mean `speaker`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "misspelt annotation kind",
            edits: vec![art("[[qoute]]\nquote = \"old\"\n")],
            code: "unknown-field",
            message: "unknown field `qoute`",
            at: "content/articles/post-closure.toml:4:3",
            hint: "did you mean `[[quote]]`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "impossible date",
            edits: vec![art(
                "[[quote]]\nquote = \"We will not take risks\"\nspeaker = \"ines-okafor\"\nsaid = \"2025-02-30\"\n",
            )],
            code: "bad-date",
            message: "`2025-02-30` does not exist: February 2025 has 28 days",
            at: "content/articles/post-closure.toml:7:8",
            hint: "partial date",
            exit: 1,
            setup: none,
        },
        Case {
            name: "month 13",
            edits: vec![w(
                "content/events.toml",
                "[closure]\ntitle = \"Closure\"\ndate = \"2025-13\"\n",
            )],
            code: "bad-date",
            message: "month 13",
            at: "content/events.toml:3:8",
            hint: "YYYY-MM-DD",
            exit: 1,
            setup: none,
        },
        Case {
            name: "date in words",
            edits: vec![w(
                "content/events.toml",
                "[closure]\ntitle = \"Closure\"\ndate = \"June 16\"\n",
            )],
            code: "bad-date",
            message: "`June 16` is not a date",
            at: "content/events.toml:3:8",
            hint: "YYYY-MM-DD",
            exit: 1,
            setup: none,
        },
        Case {
            name: "quote with a speaker and an unnamed source",
            edits: vec![art(
                "[[quote]]\nquote = \"We will not take risks\"\nspeaker = \"ines-okafor\"\nunnamed = \"an official\"\n",
            )],
            code: "speaker-and-unnamed",
            message: "a quote has either a `speaker` or an `unnamed` source, not both",
            at: "content/articles/post-closure.toml:7:11",
            hint: "`unnamed` when it does not",
            exit: 1,
            setup: none,
        },
        Case {
            name: "quote with no speaker names the unnamed form",
            edits: vec![art("[[quote]]\nquote = \"We will not take risks\"\n")],
            code: "missing-field",
            message: "missing required field `speaker`",
            at: "content/articles/post-closure.toml:5:9",
            hint: "`unnamed = \"a senior official\"`",
            exit: 1,
            setup: none,
        },
        Case {
            name: "mention of an unknown organisation",
            edits: vec![
                w(
                    "content/organisations.toml",
                    "[port-authority]\nname = \"Port Authority\"\n",
                ),
                art("[[mention]]\nquote = \"Inès Okafor\"\norganisation = \"port-autority\"\n"),
            ],
            code: "unknown-id",
            message: "unknown organisation `port-autority`",
            at: "content/articles/post-closure.toml:6:16",
            hint: "did you mean `port-authority`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "place named by an alias instead of its id",
            edits: vec![
                w(
                    "content/places.toml",
                    "[portmere]\nname = \"Portmere\"\naliases = [\"Port Mere\"]\n",
                ),
                art("[[mention]]\nquote = \"Inès Okafor\"\nplace = \"Port Mere\"\n"),
            ],
            code: "unknown-id",
            message: "unknown place `Port Mere`",
            at: "content/articles/post-closure.toml:6:9",
            hint: "`Port Mere` is a name variant of `portmere`: did you mean `portmere`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown field in the places registry",
            edits: vec![w(
                "content/places.toml",
                "[portmere]\nname = \"Portmere\"\ncountyr = \"UK\"\n",
            )],
            code: "unknown-field",
            message: "unknown field `countyr`",
            at: "content/places.toml:3:1",
            hint: "did you mean `country`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "range that ends before it starts",
            edits: vec![w(
                "content/events.toml",
                "[closure]\ntitle = \"Closure\"\ndate = \"2025-06-16/2025-06-14\"\n",
            )],
            code: "bad-date",
            message: "the range `2025-06-16/2025-06-14` does not end after it starts",
            at: "content/events.toml:3:8",
            hint: "write the earlier date first",
            exit: 1,
            setup: none,
        },
        Case {
            name: "approximate date that does not exist",
            edits: vec![art(
                "[[event]]\nquote = \"The Old Harbour Bridge closed on Monday\"\ntitle = \"Closure\"\ndate = \"~2024-02-30\"\n",
            )],
            code: "bad-date",
            message: "`2024-02-30` does not exist: February 2024 has 29 days",
            at: "content/articles/post-closure.toml:7:8",
            hint: "partial date",
            exit: 1,
            setup: none,
        },
        Case {
            name: "uncertain date in words",
            edits: vec![w(
                "content/events.toml",
                "[closure]\ntitle = \"Closure\"\ndate = \"around 2025-06\"\n",
            )],
            code: "bad-date",
            message: "`around 2025-06` is not a date",
            at: "content/events.toml:3:8",
            hint: "may also be approximate (\"~2008-08-02\")",
            exit: 1,
            setup: none,
        },
        Case {
            name: "approximate date where only a firm one is read",
            edits: vec![art(
                "[[quote]]\nquote = \"We will not take risks\"\nspeaker = \"ines-okafor\"\nsaid = \"~2025-02-03\"\n",
            )],
            code: "bad-date",
            message: "`~2025-02-03` is not a date",
            at: "content/articles/post-closure.toml:7:8",
            hint: "YYYY-MM-DD",
            exit: 1,
            setup: none,
        },
        Case {
            name: "event after the article that reports it",
            edits: vec![art(
                "[[event]]\nquote = \"The Old Harbour Bridge closed on Monday\"\ntitle = \"Closure\"\ndate = \"2024-04-01\"\nstatus = \"happened\"\n",
            )],
            code: "event-after-publication",
            message: "dated 1 April 2024, after the article was published (6 March 2024)",
            at: "content/articles/post-closure.toml:7:8",
            hint: "status = \"planned\"",
            exit: 0,
            setup: none,
        },
        Case {
            name: "unknown id, close by edit distance",
            edits: vec![art(
                "[[mention]]\nquote = \"Inès Okafor\"\nperson = \"ines-okafur\"\n",
            )],
            code: "unknown-id",
            message: "unknown person `ines-okafur`",
            at: "content/articles/post-closure.toml:6:10",
            hint: "did you mean `ines-okafor`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown id that is a name variant",
            edits: vec![art(
                "[[quote]]\nquote = \"We will not take risks\"\nspeaker = \"okafor\"\n",
            )],
            code: "unknown-id",
            message: "unknown person `okafor`",
            at: "content/articles/post-closure.toml:6:11",
            hint: "`okafor` is a name variant of `ines-okafor`",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown issue with no close match",
            edits: vec![art("issues = [\"weather\"]\n")],
            code: "unknown-id",
            message: "unknown issue `weather`",
            at: "content/articles/post-closure.toml:4:11",
            hint: "add `[weather]` to content/issues.toml",
            exit: 1,
            setup: none,
        },
        Case {
            name: "id of the wrong kind",
            edits: vec![art(
                "[[mention]]\nquote = \"Inès Okafor\"\nperson = \"bridge\"\n",
            )],
            code: "wrong-kind",
            message: "`bridge` is a issue, not a person",
            at: "content/articles/post-closure.toml:6:10",
            hint: "",
            exit: 1,
            setup: none,
        },
        Case {
            name: "duplicate id across registries",
            edits: vec![w(
                "content/outlets.toml",
                "[portmere-post]\nname = \"Post\"\n\n[bridge]\nname = \"Bridge Weekly\"\n",
            )],
            code: "duplicate-id",
            message: "the id `bridge` is defined twice",
            at: "content/outlets.toml:4:2",
            hint: "rename one",
            exit: 1,
            setup: none,
        },
        Case {
            name: "duplicate id within a registry",
            edits: vec![w(
                "content/issues.toml",
                "[bridge]\ntitle = \"A\"\n\n[bridge]\ntitle = \"B\"\n",
            )],
            code: "toml-syntax",
            message: "duplicate key",
            at: "content/issues.toml:4:2",
            hint: "",
            exit: 1,
            setup: none,
        },
        Case {
            name: "one alias given to two people",
            edits: vec![w(
                "content/people.toml",
                "[ines-okafor]\nname = \"Inès Okafor\"\n\n[tom-reyes]\nname = \"Tom Reyes\"\naliases = [\"Ines Okafor\"]\n",
            )],
            code: "duplicate-alias",
            message: "the name `Ines Okafor` is given to two people",
            at: "content/people.toml:6:12",
            hint: "identify one person",
            exit: 1,
            setup: none,
        },
        Case {
            name: "orphaned quote",
            edits: vec![art(
                "[[quote]]\nquote = \"We will not take risk with peoples lives\"\nspeaker = \"ines-okafor\"\n",
            )],
            code: "orphan-quote",
            message: "quote not found in the article",
            at: "content/articles/post-closure.toml:5:9",
            hint: "similar, at content/articles/post-closure.md:6:2: \u{201C}We will not take risks with people's lives\u{201D}",
            exit: 1,
            setup: none,
        },
        Case {
            name: "quote inside a raw HTML block",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    "The bridge closed.\n\n<div class=\"box\">\nTolls <b>will rise</b> in May.\n</div>\n",
                ),
                art("[[mention]]\nquote = \"Tolls will rise\"\nissue = \"bridge\"\n"),
            ],
            code: "quote-in-html-block",
            message: "inside a raw HTML block, which cannot be annotated",
            at: "content/articles/post-closure.toml:5:9",
            hint: "HTML block at content/articles/post-closure.md:3:1",
            exit: 1,
            setup: none,
        },
        Case {
            name: "quote occurring twice",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    "The bridge closed. Then the bridge reopened.\n",
                ),
                art("[[mention]]\nquote = \"bridge\"\nissue = \"bridge\"\n"),
            ],
            code: "ambiguous-quote",
            message: "the quote occurs 2 times",
            at: "content/articles/post-closure.toml:5:9",
            hint: "found at content/articles/post-closure.md:1:5, content/articles/post-closure.md:1:29",
            exit: 1,
            setup: none,
        },
        Case {
            name: "prefix that does not match",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    "The bridge closed. Then the bridge reopened.\n",
                ),
                art("[[mention]]\nquote = \"bridge\"\nprefix = \"Now the\"\nissue = \"bridge\"\n"),
            ],
            code: "context-mismatch",
            message: "no occurrence of the quote has this prefix",
            at: "content/articles/post-closure.toml:6:10",
            hint: "copy the prefix",
            exit: 1,
            setup: none,
        },
        Case {
            name: "suffix that does not match",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    "The bridge closed. Then the bridge reopened.\n",
                ),
                art("[[mention]]\nquote = \"bridge\"\nsuffix = \"fell\"\nissue = \"bridge\"\n"),
            ],
            code: "context-mismatch",
            message: "no occurrence of the quote has this suffix",
            at: "content/articles/post-closure.toml:6:10",
            hint: "copy the suffix",
            exit: 1,
            setup: none,
        },
        Case {
            name: "occurrence out of range",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    "The bridge closed. Then the bridge reopened.\n",
                ),
                art("[[mention]]\nquote = \"bridge\"\noccurrence = 3\nissue = \"bridge\"\n"),
            ],
            code: "occurrence-out-of-range",
            message: "occurrence 3 asked for, but the quote occurs 2 times",
            at: "content/articles/post-closure.toml:6:14",
            hint: "counted from 1",
            exit: 1,
            setup: none,
        },
        Case {
            name: "annotation file with no article",
            edits: vec![w("content/articles/ghost.toml", "title = \"x\"\n")],
            code: "annotation-without-article",
            message: "content/articles/ghost.toml annotates an article that does not exist",
            at: "content/articles/ghost.toml:1:1",
            hint: "ghost.md",
            exit: 1,
            setup: none,
        },
        Case {
            name: "article with no annotation file",
            edits: vec![w("content/articles/lonely.md", "Some text.\n")],
            code: "article-without-annotations",
            message: "content/articles/lonely.md has no annotation file",
            at: "content/articles/lonely.md:1:1",
            hint: "create content/articles/lonely.toml",
            exit: 0,
            setup: none,
        },
        Case {
            name: "article not valid UTF-8",
            edits: vec![(
                "content/articles/post-closure.md",
                Some(b"Line one\nCaf\xe9 au lait\n".to_vec()),
            )],
            code: "not-utf8",
            message: "is not valid UTF-8 (at byte 12, line 2, column 4)",
            at: "content/articles/post-closure.md:2:4",
            hint: "save the file as UTF-8",
            exit: 1,
            setup: none,
        },
        Case {
            name: "empty article",
            edits: vec![w("content/articles/post-closure.md", "  \n")],
            code: "empty-file",
            message: "content/articles/post-closure.md is empty",
            at: "content/articles/post-closure.md:1:1",
            hint: "",
            exit: 1,
            setup: none,
        },
        Case {
            name: "byte-order mark",
            edits: vec![(
                "content/issues.toml",
                Some(
                    b"\xef\xbb\xbf[bridge]\ntitle = \"Bridge\"\n\n[traffic]\ntitle = \"Traffic\"\n"
                        .to_vec(),
                ),
            )],
            code: "byte-order-mark",
            message: "starts with a byte-order mark",
            at: "content/issues.toml:1:1",
            hint: "without BOM",
            exit: 0,
            setup: none,
        },
        Case {
            name: "template syntax error",
            edits: vec![w(
                "templates/person.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ person.name }</h1>\n{% endblock content %}\n",
            )],
            code: "template-syntax",
            message: "in template `person.html`",
            at: "templates/person.html:3:",
            hint: "Tera",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown variable in a template",
            edits: vec![w(
                "templates/outlet.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ outlet.nmae }}</h1>\n{% endblock content %}\n",
            )],
            code: "template-render",
            message: "in template `outlet.html`",
            at: "templates/outlet.html:3:",
            hint: "",
            exit: 1,
            setup: none,
        },
        Case {
            // A partial goes into pages of many kinds: `check` must render them all, not only
            // the pages whose own template the dossier replaces.
            name: "unknown variable in a partial",
            edits: vec![w(
                "templates/partials/event_entry.html",
                "<li><a href=\"{{ e.url }}\">{{ e.titel }}</a></li>\n",
            )],
            code: "template-render",
            message: "in template `partials/event_entry.html`",
            at: "templates/partials/event_entry.html:1:",
            hint: "",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown filter in a template",
            edits: vec![w(
                "templates/outlet.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ outlet.name | shout }}</h1>\n{% endblock content %}\n",
            )],
            code: "template-syntax",
            message: "shout",
            at: "templates/outlet.html:3:",
            hint: "",
            exit: 1,
            setup: none,
        },
        Case {
            name: "static file over a generated page",
            edits: vec![w("static/people/index.html", "<p>mine</p>\n")],
            code: "static-overwrites-page",
            message: "static/people/index.html would overwrite a generated page",
            at: "",
            hint: "templates/",
            exit: 1,
            setup: none,
        },
        Case {
            name: "static file over a page's folder",
            edits: vec![w("static/people/tom-reyes", "mine\n")],
            code: "output-collision",
            message: "static/people/tom-reyes and person `tom-reyes` would both be written to `people/tom-reyes/index.html`",
            at: "content/people.toml:",
            hint: "`people/tom-reyes` would have to be both a file and a folder",
            exit: 1,
            setup: none,
        },
        Case {
            name: "static file over a page in a folder",
            edits: vec![w("static/people/tom-reyes/index.html", "<p>mine</p>\n")],
            code: "static-overwrites-page",
            message: "static/people/tom-reyes/index.html would overwrite a generated page",
            at: "",
            hint: "templates/",
            exit: 1,
            setup: none,
        },
        Case {
            name: "script in an article",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    "The Old Harbour Bridge <u>closed on Monday</u>.\n\n<script>alert(1)</script>\n\nInès Okafor said so, [twice](javascript:alert(2)).\n",
                ),
                art(""),
            ],
            code: "unsafe-html",
            message: "an executable or embedding HTML element, which is removed",
            at: "content/articles/post-closure.md:3:1",
            hint: "<u>",
            exit: 0,
            setup: none,
        },
        Case {
            name: "bad internal link in a note",
            edits: vec![art(
                "[[note]]\nquote = \"Inès Okafor\"\nbody = \"See [her](person:ines-okafur).\"\n",
            )],
            code: "bad-link",
            message: "there is no person with id `ines-okafur`",
            at: "content/articles/post-closure.toml:6:19",
            hint: "person:ID",
            exit: 1,
            setup: none,
        },
        Case {
            name: "mention naming nobody",
            edits: vec![art("[[mention]]\nquote = \"Inès Okafor\"\n")],
            code: "mention-without-target",
            message: "names nobody",
            at: "content/articles/post-closure.toml:5:9",
            hint: "person = ",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown note kind",
            edits: vec![art(
                "[[note]]\nquote = \"Inès Okafor\"\nkind = \"contradiciton\"\nbody = \"x\"\n",
            )],
            code: "unknown-value",
            message: "`contradiciton` is not a note kind",
            at: "content/articles/post-closure.toml:6:8",
            hint: "did you mean `contradiction`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "update note linking no later passage",
            edits: vec![art(
                "[[note]]\nquote = \"Inès Okafor\"\nkind = \"update\"\nbody = \"Later reports differ.\"\nsee = [\"person:ines-okafor\"]\n",
            )],
            code: "update-without-later-report",
            message: "an update note links to no later passage",
            at: "content/articles/post-closure.toml:6:8",
            hint: "see = [\"article:SLUG#ANNOTATION-ID\"]",
            exit: 1,
            setup: none,
        },
        Case {
            name: "reserved id",
            edits: vec![w("content/issues.toml", "[index]\ntitle = \"Bridge\"\n")],
            code: "reserved-name",
            message: "`index` is the name of an index page",
            at: "content/issues.toml:1:2",
            hint: "another id",
            exit: 1,
            setup: none,
        },
        Case {
            name: "reserved article name",
            edits: vec![
                w("content/articles/index-2.md", "Text.\n"),
                w(
                    "content/articles/index-2.toml",
                    "title = \"x\"\noutlet = \"portmere-post\"\npublished = \"2024-03-06\"\n",
                ),
            ],
            code: "reserved-name",
            message: "`index-2` is the name of an index page",
            at: "content/articles/index-2.md:1:1",
            hint: "rename",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown status",
            edits: vec![w(
                "content/events.toml",
                "[closure]\ntitle = \"Closure\"\ndate = \"2024-03-04\"\nstatus = \"cancelled\"\n",
            )],
            code: "unknown-value",
            message: "`cancelled` is not allowed here",
            at: "content/events.toml:4:10",
            hint: "did you mean `canceled`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "symlink leading outside the dossier",
            edits: vec![],
            code: "symlink-outside",
            message: "content/articles/leak.md is a link to a place outside the dossier",
            at: "content/articles/leak.md:1:1",
            hint: "copy the file into the dossier",
            exit: 1,
            setup: |d| {
                std::os::unix::fs::symlink("/etc/hostname", d.join("content/articles/leak.md"))
                    .unwrap()
            },
        },
        Case {
            name: "symlink leading nowhere",
            edits: vec![],
            code: "broken-symlink",
            message: "content/articles/gone.md is a link that leads nowhere",
            at: "content/articles/gone.md:1:1",
            hint: "remove the link, or make it point at an existing file",
            exit: 1,
            setup: |d| {
                std::os::unix::fs::symlink("missing.md", d.join("content/articles/gone.md"))
                    .unwrap()
            },
        },
        Case {
            name: "extension in the wrong case",
            edits: vec![w("content/articles/up2.TOML", "title = \"x\"\n")],
            code: "unused-file",
            message: "content/articles/up2.TOML is not used",
            at: "content/articles/up2.TOML:1:1",
            hint: "rename it to content/articles/up2.toml",
            exit: 0,
            setup: none,
        },
        Case {
            name: "file name not UTF-8",
            edits: vec![],
            code: "non-utf8-name",
            message: "the file name static/caf\u{FFFD}.css is not UTF-8",
            at: "static/caf\u{FFFD}.css:1:1",
            hint: "rename the file using UTF-8",
            exit: 1,
            setup: |d| {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"caf\xe9.css");
                std::fs::create_dir_all(d.join("static")).unwrap();
                std::fs::write(d.join("static").join(name), "p {}\n").unwrap();
            },
        },
        Case {
            name: "UTF-16 file",
            edits: vec![(
                "content/issues.toml",
                Some(
                    std::iter::once(0xfeff_u16)
                        .chain("[bridge]\ntitle = \"Bridge\"\n".encode_utf16())
                        .flat_map(u16::to_le_bytes)
                        .collect(),
                ),
            )],
            code: "utf16",
            message: "content/issues.toml is encoded as UTF-16LE, not UTF-8",
            at: "content/issues.toml:1:1",
            hint: "save the file as UTF-8",
            exit: 1,
            setup: none,
        },
        Case {
            name: "letter from another script in the article",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    "The Old Harb\u{43e}ur Bridge closed on Monday, council leader In\u{e8}s Okafor said.\n",
                ),
                art(
                    "[[quote]]\nquote = \"The Old Harbour Bridge closed\"\nspeaker = \"ines-okafor\"\n",
                ),
            ],
            code: "orphan-quote",
            message: "quote not found in the article",
            at: "content/articles/post-closure.toml:5:9",
            hint: "the article has a Cyrillic letter `\u{43e}` (U+043E) inside 'Harb\u{43e}ur'",
            exit: 1,
            setup: none,
        },
        Case {
            name: "unknown field in site.toml",
            edits: vec![w("site.toml", "title = \"Harbour\"\ndescripton = \"x\"\n")],
            code: "unknown-field",
            message: "unknown field `descripton`",
            at: "site.toml:2:1",
            hint: "did you mean `description`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "base_url that is only a scheme",
            edits: vec![w(
                "site.toml",
                "title = \"Harbour\"\n# base_url = \"https://old.example.org/\"\nbase_url = \"https://\"\n",
            )],
            code: "bad-base-url",
            message: "base_url `https://` is not a site address: empty host",
            at: "site.toml:3:12",
            hint: "https://example.org/dossier/",
            exit: 1,
            setup: none,
        },
        Case {
            name: "base_url with a query",
            edits: vec![w(
                "site.toml",
                "title = \"Harbour\"\nbase_url = \"https://example.org/d/?x=1\"\n",
            )],
            code: "bad-base-url",
            message: "it has a query (?) or fragment (#)",
            at: "site.toml:2:12",
            hint: "scheme, host and path",
            exit: 1,
            setup: none,
        },
        Case {
            name: "empty site title",
            edits: vec![w("site.toml", "title = \"\"\n")],
            code: "empty-title",
            message: "the site title is empty",
            at: "site.toml:1:9",
            hint: "give the dossier a title",
            exit: 1,
            setup: none,
        },
        Case {
            name: "index page size out of bounds",
            edits: vec![w(
                "site.toml",
                "title = \"Harbour\"\n\n[options]\nindex_page_size = 0\n",
            )],
            code: "out-of-range",
            message: "`index_page_size` is 0, outside 1..=10000",
            at: "site.toml:4:19",
            hint: "from 1 to 10000",
            exit: 1,
            setup: none,
        },
        Case {
            name: "option of the wrong type",
            edits: vec![w(
                "site.toml",
                "title = \"Harbour\"\n\n[options]\nsearch = \"yes\"\n",
            )],
            code: "wrong-type",
            message: "expected a boolean",
            at: "site.toml:4:10",
            hint: "write true or false",
            exit: 1,
            setup: none,
        },
        Case {
            name: "article url without a scheme",
            edits: vec![art("url = \"portmere-post.example/bridge\"\n")],
            code: "bad-url",
            message: "it has no scheme",
            at: "content/articles/post-closure.toml:4:7",
            hint: "starting with https://",
            exit: 1,
            setup: none,
        },
        Case {
            name: "empty person name",
            edits: vec![w(
                "content/people.toml",
                "[ines-okafor]\nname = \"In\u{e8}s Okafor\"\n\n[tom-reyes]\nname = \" \"\n",
            )],
            code: "empty-name",
            message: "`tom-reyes` has an empty name",
            at: "content/people.toml:5:8",
            hint: "give `tom-reyes` a name",
            exit: 1,
            setup: none,
        },
        Case {
            name: "annotation id the page uses",
            edits: vec![art(
                "[[mention]]\nid = \"main\"\nquote = \"In\u{e8}s Okafor\"\nperson = \"ines-okafor\"\n",
            )],
            code: "reserved-id",
            message: "`main` is an id the page itself uses",
            at: "content/articles/post-closure.toml:5:6",
            hint: "choose another id",
            exit: 1,
            setup: none,
        },
        Case {
            name: "link to nobody in a summary",
            edits: vec![w(
                "content/people.toml",
                "[ines-okafor]\nname = \"In\u{e8}s Okafor\"\nsummary = \"Works with [Tom](person:nobody).\"\n\n[tom-reyes]\nname = \"Tom Reyes\"\n",
            )],
            code: "bad-link",
            message: "there is no person with id `nobody`",
            at: "content/people.toml:3:29",
            hint: "person:ID",
            exit: 1,
            setup: none,
        },
        Case {
            name: "impossible date link in a summary",
            edits: vec![w(
                "content/issues.toml",
                "[bridge]\ntitle = \"Bridge\"\nsummary = \"Since [then](date:2025-02-30).\"\n\n[traffic]\ntitle = \"Traffic\"\n",
            )],
            code: "bad-link",
            message: "`2025-02-30` does not exist",
            at: "content/issues.toml:3:25",
            hint: "date:YYYY-MM-DD",
            exit: 1,
            setup: none,
        },
        Case {
            name: "link to a missing article in a note",
            edits: vec![art(
                "[[note]]\nquote = \"In\u{e8}s Okafor\"\nbody = \"As [before](article:no-such).\"\n",
            )],
            code: "bad-link",
            message: "there is no article `no-such`",
            at: "content/articles/post-closure.toml:6:21",
            hint: "article:SLUG",
            exit: 1,
            setup: none,
        },
        Case {
            name: "template extending a file outside the templates",
            edits: vec![w(
                "templates/person.html",
                "{# a person #}\n{% extends \"/etc/passwd\" %}\n{% block content %}x{% endblock content %}\n",
            )],
            code: "template-syntax",
            message: "in template `person.html`: Template 'person.html' is inheriting from '/etc/passwd'",
            at: "templates/person.html:2:12",
            hint: "extends and include name templates",
            exit: 1,
            setup: none,
        },
        Case {
            name: "circular include",
            edits: vec![
                w("templates/a.html", "<p>\n{% include \"b.html\" %}\n"),
                w("templates/b.html", "{% include \"a.html\" %}\n"),
                w(
                    "templates/outlet.html",
                    "{% extends \"base.html\" %}\n{% block content %}{% include \"a.html\" %}{% endblock content %}\n",
                ),
            ],
            code: "template-syntax",
            message: "Circular include",
            at: "templates/a.html:2:12",
            hint: "may not include itself",
            exit: 1,
            setup: none,
        },
        Case {
            name: "a note body links to a bare id that nothing has",
            edits: vec![art(
                "\n[[note]]\nquote = \"closed on Monday\"\nbody = \"See [her](ines-okafr).\"\n",
            )],
            code: "bad-link",
            message: "no person, issue, event, outlet or article has the id `ines-okafr`",
            at: "content/articles/post-closure.toml:7:19",
            hint: "did you mean `ines-okafor`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "a note body links to a page path that does not exist",
            edits: vec![art(
                "\n[[note]]\nquote = \"closed on Monday\"\nbody = \"See [w](../people/ines-okafr.html).\"\n",
            )],
            code: "bad-link",
            message: "there is no person with id `ines-okafr`",
            at: "content/articles/post-closure.toml:7:17",
            hint: "did you mean `ines-okafor`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "a summary links to a bare id that nothing has",
            edits: vec![w(
                "content/people.toml",
                "[ines-okafor]\nname = \"Ines Okafor\"\nrole = \"Council leader\"\n\n[tom-reyes]\nname = \"Tom Reyes\"\nsummary = \"Works with [her](ines-okafr).\"\n",
            )],
            code: "bad-link",
            message: "no person, issue, event, outlet or article has the id `ines-okafr`",
            at: "content/people.toml:7:29",
            hint: "did you mean `ines-okafor`?",
            exit: 1,
            setup: none,
        },
        Case {
            name: "a quote with a cut whose second part is not found",
            edits: vec![art(
                "[[quote]]\nquote = \"We will not take risks … Cllr Okafor told the Times\"\nspeaker = \"ines-okafor\"\n",
            )],
            code: "orphan-quote",
            message: "part 2 of 2 (after a cut) is not there",
            at: "content/articles/post-closure.toml:5:35",
            hint: "the quote has \u{201C}Times\u{201D} where the article has \u{201C}Post\u{201D}",
            exit: 1,
            setup: none,
        },
        Case {
            name: "a quote with a cut longer than a cut may be",
            edits: vec![
                w(
                    "content/articles/post-closure.md",
                    &format!(
                        "\"We are ready,\" Okafor said.\n\n{}\n\nThen: \"to reopen the bridge\".\n",
                        "The council met. ".repeat(20)
                    ),
                ),
                art(
                    "[[quote]]\nquote = \"We are ready [...] to reopen the bridge\"\nspeaker = \"ines-okafor\"\n",
                ),
            ],
            code: "cut-too-long",
            message: "part 2 of 2 of the quote is 363 characters after part 1",
            at: "content/articles/post-closure.toml:5:29",
            hint: "annotate the parts as separate quotes",
            exit: 1,
            setup: none,
        },
        Case {
            name: "a quote cut without an ellipsis",
            edits: vec![art(
                "[[quote]]\nquote = \"We will not take risks Cllr Okafor told the Post\"\nspeaker = \"ines-okafor\"\n",
            )],
            code: "orphan-quote",
            message: "quote not found in the article",
            at: "content/articles/post-closure.toml:5:9",
            hint: "mark the cut with an ellipsis: `quote = \"We will not take risks … Cllr Okafor told the Post\"`",
            exit: 1,
            setup: none,
        },
    ]
}

#[test]
fn every_bad_input_gets_its_own_clear_diagnostic() {
    let base = repo().join("tests/fixtures/harbour");
    let mut failures = Vec::new();
    let all = cases();
    for case in &all {
        let dir = copy_dossier(&base);
        (case.setup)(dir.path());
        for (path, content) in &case.edits {
            let p = dir.path().join(path);
            match content {
                Some(bytes) => {
                    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                    std::fs::write(&p, bytes).unwrap();
                }
                None => std::fs::remove_file(&p).unwrap(),
            }
        }
        let (exit, diags) = check_json(dir.path());
        let found = diags.iter().find(|d| d["code"] == case.code);
        let Some(d) = found else {
            failures.push(format!(
                "{}: no `{}` diagnostic; got {:#?}",
                case.name, case.code, diags
            ));
            continue;
        };
        let at = match (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()) {
            (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
            _ => String::new(),
        };
        let hint = format!("{} {}", d["hint"].as_str().unwrap_or(""), d["notes"]);
        let msg = d["message"].as_str().unwrap();
        if !msg.contains(case.message) {
            failures.push(format!(
                "{}: message {msg:?} lacks {:?}",
                case.name, case.message
            ));
        }
        if !(at.starts_with(case.at) && (case.at.is_empty() == at.is_empty())) {
            failures.push(format!("{}: at {at:?}, expected {:?}", case.name, case.at));
        }
        if !hint.contains(case.hint) {
            failures.push(format!(
                "{}: hint {hint:?} lacks {:?}",
                case.name, case.hint
            ));
        }
        if exit != case.exit {
            failures.push(format!(
                "{}: exit {exit}, expected {}",
                case.name, case.exit
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn all_errors_are_reported_at_once_in_rustc_style() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    std::fs::write(
        dir.path().join(ART),
        format!("{ART_HEAD}[[quote]]\nquote = \"not in the text at all\"\nspeaker = \"nobody\"\n\n[[mention]]\nquote = \"Inès Okafor\"\nperson = \"tom-reyez\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/events.toml"),
        "[closure]\ntitle = \"Closure\"\ndate = \"2024-02-30\"\n",
    )
    .unwrap();
    let o = run(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for needle in [
        "error[unknown-id]: unknown person `nobody`",
        "error[orphan-quote]: quote not found in the article",
        "error[unknown-id]: unknown person `tom-reyez`",
        "error[bad-date]: `2024-02-30` does not exist",
        "┌─ content/articles/post-closure.toml:6:11",
        "= help: did you mean `tom-reyes`?",
        "^^^^^^^^",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn sanitized_output_keeps_formatting_and_drops_scripts() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    std::fs::write(
        dir.path().join("content/articles/post-closure.md"),
        "The Old Harbour Bridge <u>closed on Monday</u>.\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(3)\">Inès Okafor said so, [twice](javascript:alert(2)).\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(ART),
        format!("{ART_HEAD}[[note]]\nquote = \"Inès Okafor\"\nbody = \"<b onclick=\\\"x()\\\">bold</b> <script>alert(4)</script>\"\n"),
    )
    .unwrap();
    let (site, _g) = build(dir.path());
    let html = read(&site, "articles/post-closure/index.html");
    assert!(
        html.contains("<u>closed on Monday</u>") || html.contains("<u><mark"),
        "{html}"
    );
    // The page's scripts are the search box's and the sidenotes', after the content (beside
    // the JSON-LD data block, which is not run).
    let data = html
        .matches("<script type=\"application/ld+json\">")
        .count();
    assert_eq!(html.matches("<script").count() - data, 2, "{html}");
    assert!(html.contains("<script src=\"../../search.js\""));
    assert!(html.contains("<script src=\"../../sidenotes.js\""));
    let content = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    for bad in ["<script", "onerror", "onclick", "javascript:"] {
        assert!(
            !content.to_lowercase().contains(bad),
            "{bad} reached the output:\n{html}"
        );
    }
    assert!(html.contains("<b>bold</b>"));
}

/// The codes and `line:column`s of the errors `check` reports for one file.
fn errors_in(diags: &[serde_json::Value], file: &str) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["severity"] == "error" && d["file"] == file)
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

#[test]
fn every_mistake_in_a_table_is_reported_without_cascades() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let root = dir.path();
    std::fs::write(
        root.join(ART),
        format!("{ART_HEAD}[[quote]]\nquote = \"We will not take risks\"\nspeker = \"ines-okafor\"\nsaid = 2024\nisues = [\"bridge\"]\n\n[[mention]]\nquote = \"Inès Okafor\"\nperson = \"ghost\"\n\n[[note]]\nquote = \"Inès Okafor\"\nbody = \"See [her](person:ghost).\"\n"),
    )
    .unwrap();
    let mut site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    site.push_str("\n[options]\nsearch = \"yes\"\nhome_timeline_items = -3\nindex_page_sise = 10\nchronology_max_rows = \"many\"\n");
    std::fs::write(root.join("site.toml"), site).unwrap();
    // `tom-reyes` has a bad field (the fixture's articles refer to him); `ghost` cannot be
    // read at all (the article refers to it).
    std::fs::write(
        root.join("content/people.toml"),
        "[ines-okafor]\nname = \"Inès Okafor\"\naliases = [\"Cllr Okafor\"]\n\n[tom-reyes]\nname = \"Tom Reyes\"\nrole = 3\n\n[ghost]\nnick = \"Ghost\"\n",
    )
    .unwrap();
    let (exit, diags) = check_json(root);
    assert_eq!(exit, 1);
    assert_eq!(
        errors_in(&diags, ART),
        ["unknown-field 6:1", "bad-date 7:8", "unknown-field 8:1"],
        "{diags:#?}"
    );
    assert_eq!(
        errors_in(&diags, "site.toml"),
        [
            "wrong-type 7:10",
            "invalid-value 8:23",
            "unknown-field 9:1",
            "wrong-type 10:23"
        ],
        "{diags:#?}"
    );
    assert_eq!(
        errors_in(&diags, "content/people.toml"),
        ["wrong-type 7:8", "missing-field 9:1", "unknown-field 10:1"]
    );
    assert!(
        !diags
            .iter()
            .any(|d| d["code"] == "unknown-id" || d["code"] == "bad-link"),
        "a bad field made its entry unknown: {diags:#?}"
    );
}

#[test]
fn symlinked_articles_and_hidden_static_files_are_built() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let root = dir.path();
    let arts = root.join("content/articles");
    // The article's two files live elsewhere in the dossier and are linked in.
    std::fs::create_dir_all(root.join("content/shared")).unwrap();
    for ext in ["md", "toml"] {
        let name = format!("post-closure.{ext}");
        std::fs::rename(arts.join(&name), root.join("content/shared").join(&name)).unwrap();
        std::os::unix::fs::symlink(format!("../shared/{name}"), arts.join(&name)).unwrap();
    }
    std::fs::create_dir_all(root.join("static/.well-known")).unwrap();
    std::fs::write(root.join("static/.nojekyll"), "").unwrap();
    std::fs::write(root.join("static/.well-known/security.txt"), "Contact: x\n").unwrap();
    let (site, _g) = build(root);
    let html = read(&site, "articles/post-closure/index.html");
    assert!(html.contains("Old Harbour Bridge"), "{html}");
    assert!(site.join(".nojekyll").is_file());
    assert_eq!(
        std::fs::read_to_string(site.join(".well-known/security.txt")).unwrap(),
        "Contact: x\n"
    );
}

#[test]
fn a_diagnostic_in_a_huge_single_line_is_a_few_lines_long() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let half = "word ".repeat(500_000);
    std::fs::write(
        dir.path().join("content/articles/post-closure.md"),
        format!("{half}<script>alert(1)</script> {half}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join(ART), ART_HEAD).unwrap();
    let o = run(&["check", "--root", dir.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("warning[unsafe-html]")
            && err.contains("content/articles/post-closure.md:1:2500001")
            && err.contains("<script>alert(1)</script>"),
        "{}",
        &err[..err.len().min(3000)]
    );
    assert!(err.len() < 4000, "{} bytes of diagnostics", err.len());
}

/// The harbour fixture with a quote that has an id, and a note in the other article linking
/// to that quote (twice) and to its article: three links a mistake in `post-closure` breaks,
/// besides the fixture's own link to the article.
fn cascade_dossier() -> tempfile::TempDir {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let fm = dir.path().join("content/articles/fm-engineer.toml");
    let mut text = std::fs::read_to_string(&fm).unwrap();
    text.push_str("\n[[note]]\nquote = \"Tom Reyes\"\nbody = \"Compare [her words](article:post-closure#no-risks) and [the closure](article:post-closure).\"\nsee = [\"article:post-closure#no-risks\"]\n");
    std::fs::write(&fm, text).unwrap();
    let art = dir.path().join(ART);
    let text = std::fs::read_to_string(&art).unwrap().replace(
        "[[quote]]\nquote = \"We will",
        "[[quote]]\nid = \"no-risks\"\nquote = \"We will",
    );
    std::fs::write(&art, text).unwrap();
    dir
}

/// One mistake gives one error: links to what it keeps out of the site (an article, an
/// annotation) are counted on it, not reported one by one. Before suppression the four cases
/// gave 5, 4, 3 and 3 errors (each link a `bad-link`).
#[test]
fn one_mistake_gives_one_error() {
    type Edit = fn(String) -> Option<String>;
    let cases: [(&str, Edit, &[&str], &str); 4] = [
        (
            "TOML syntax error in the annotation file",
            |t| Some(t.replace("outlet = \"portmere-post\"", "outlet = portmere-post")),
            &["toml-syntax"],
            "4 more errors follow from this one",
        ),
        (
            "article without an annotation file",
            |_| None,
            &[],
            "4 links to this article are left as plain text",
        ),
        (
            "quote dropped for an impossible date",
            |t| Some(t.replace("said = \"2024-03-05\"", "said = \"2024-13-05\"")),
            &["bad-date"],
            "2 more errors follow from this one",
        ),
        (
            "quote dropped for an orphaned passage",
            |t| Some(t.replace("not take risks with", "not take chances with")),
            &["orphan-quote"],
            "2 more errors follow from this one",
        ),
    ];
    for (name, edit, errors, note) in cases {
        let dir = cascade_dossier();
        let art = dir.path().join(ART);
        match edit(std::fs::read_to_string(&art).unwrap()) {
            Some(t) => std::fs::write(&art, t).unwrap(),
            None => std::fs::remove_file(&art).unwrap(),
        }
        let (exit, diags) = check_json(dir.path());
        let codes: Vec<&str> = diags
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, errors, "{name}: {diags:#?}");
        assert_eq!(exit, i32::from(!errors.is_empty()), "{name}");
        let root = diags
            .iter()
            .find(|d| d["file"] == ART || d["code"] == "article-without-annotations")
            .unwrap_or_else(|| panic!("{name}: {diags:#?}"));
        assert!(
            root["notes"].to_string().contains(note),
            "{name}: {root:#?}"
        );
    }
}

#[test]
fn an_impossible_date_of_an_inline_event_is_reported_once() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    std::fs::write(
        dir.path().join(ART),
        format!("{ART_HEAD}\n[[event]]\nquote = \"The Old Harbour Bridge closed on Monday\"\ntitle = \"Closes\"\ndate = \"2024-02-30\"\n"),
    )
    .unwrap();
    let (exit, diags) = check_json(dir.path());
    assert_eq!(exit, 1);
    assert_eq!(errors_in(&diags, ART), ["bad-date 8:8"], "{diags:#?}");
}
