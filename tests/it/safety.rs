//! Safety: text from YAML and Markdown is shown as text on every kind of
//! page, data embedded in scripts cannot end its element, and no output
//! folder may overlap the site's sources, not even through a link.

use std::fs;

use crate::support::{Site, entries, snapshot, visible_text};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(2)>";

/// The minimal fixture with a payload in every kind of reader-facing text.
fn hostile_site() -> Site {
    let site = Site::fixture("minimal");
    let p = format!("{SCRIPT}{IMG}");
    // YAML single quotes keep the payload as it is.
    let text = |what: &str| format!("{{zh: '{what}{p}', en: '{what}{p}'}}");
    let slug = "content/briefs/2025-02-12-alpha-beta-call";
    site.write(
        &format!("{slug}/brief.yaml"),
        format!(
            "title: {}\ndate: 2025-02-12\nsummary: {}\nhighlights:\n  - text: {}\n    source: agency\n\
             calls:\n  - id: alpha-beta\n    participants: [alpha, beta]\n    date: 2025-02-12\n    summary: {}\n    duration:\n\
             \x20     - by: alpha\n        source: agency\n        said: {}\n        value: about 1h\n\
             quotes:\n  - speaker: beta\n    text: {}\n    context: {}\n    source: agency\n\
             next_steps:\n  - what: {}\n    who: [alpha]\n    when: 2025-02-20\n    status: agreed\n    source: agency\n\
             reactions:\n  - who: news\n    bloc: {}\n    stance: neutral\n    summary: {}\n    source: agency\n\
             timeline:\n  - date: 2025-02\n    text: {}\n    source: agency\n\
             sources:\n  - id: agency\n    name: {}\n    url: 'https://example.org/?q={p}'\n",
            text("title"),
            text("summary"),
            text("highlight"),
            text("call"),
            text("said"),
            text("quote"),
            text("context"),
            text("step"),
            text("bloc"),
            text("reaction"),
            text("event"),
            text("source"),
        ),
    );
    site.write(
        &format!("{slug}/en.md"),
        format!("---\ntitle: 'front{p}'\n---\n## Heading {p}\n\nBody {p} <b>raw</b>\n"),
    );
    site.write(
        "content/people/alpha.yaml",
        format!("name: {}\nrole: {}\nbio: {}\n", text("name"), text("role"), text("bio")),
    );
    site.write("content/orgs/news.yaml", format!("name: {}\naliases: ['alias{p}']\n", text("org")));
    site
}

#[test]
fn text_from_the_content_is_escaped_on_every_page() {
    let site = hostile_site();
    let run = site.build();
    run.success();
    let files = snapshot(&site.public());
    let pages: Vec<(&String, String)> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes.clone()).expect("UTF-8 page")))
        .collect();
    for kind in [
        "index.html",
        "briefs/",
        "people/index.html",
        "people/alpha/",
        "orgs/news/",
        "timeline/",
        "search/",
        "404.html",
    ] {
        assert!(pages.iter().any(|(p, _)| p.contains(kind)), "a page of kind {kind} was built");
    }
    for (path, html) in &pages {
        assert!(!html.contains("<script>alert"), "{path}: a script from the content runs");
        assert!(!html.contains("<img src=x"), "{path}: an element from the content was made");
        assert!(!html.contains("<b>raw</b>"), "{path}: raw HTML from Markdown passed");
    }
    // It is shown as text instead.
    let brief = visible_text(&site.page("en/briefs/2025-02-12-alpha-beta-call/index.html"));
    for what in
        ["front", "summary", "highlight", "call", "said", "quote", "step", "bloc", "reaction", "event", "source"]
    {
        assert!(brief.contains(&format!("{what}{SCRIPT}{IMG}")), "the {what} shows as text:\n{brief}");
    }
    assert!(visible_text(&site.page("en/people/alpha/index.html")).contains(&format!("name{SCRIPT}")));
    assert!(visible_text(&site.page("en/orgs/news/index.html")).contains(&format!("org{SCRIPT}")));
}

#[test]
fn data_in_scripts_cannot_close_its_element() {
    let site = hostile_site();
    site.build().success();
    // JSON-LD inside the brief page.
    let page = site.page("en/briefs/2025-02-12-alpha-beta-call/index.html");
    let start = page.find("<script type=\"application/ld+json\">").expect("JSON-LD") + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&page[start..end]).expect("the JSON-LD parses");
    assert_eq!(ld["headline"], format!("front{SCRIPT}{IMG}"));
    assert!(!page[start..end].contains('<'), "no '<' inside the element");
    // The search index scripts: inert even if a page inlined them.
    for lang in ["zh", "en"] {
        let script = site.page(&format!("assets/search-index.{lang}.js"));
        assert!(!script.contains('<'), "{lang}: the index contains '<'");
        assert!(
            script.contains("\\u003cscript>alert(1)\\u003c/script>"),
            "{lang}: the payload is in the index, escaped"
        );
        let json = &script[script.find(".push(").unwrap() + 6..script.rfind(");").unwrap()];
        let index: serde_json::Value = serde_json::from_str(json).expect("the index is JSON");
        assert!(index.to_string().contains(SCRIPT), "{lang}: the payload reads back as it was written");
    }
}

#[test]
fn an_output_folder_linked_into_the_sources_is_refused() {
    let site = Site::fixture("minimal");
    let content = snapshot(&site.path("content"));
    for (link, target) in [("out", "content"), ("out2", "content/briefs"), ("out3", "themes/default"), ("out4", ".")] {
        std::os::unix::fs::symlink(site.path(target), site.path(link)).unwrap();
        let run = site.build_with(&["--output", site.path(link).to_str().unwrap()]);
        run.failure();
        assert!(run.first_line().contains(" would overwrite "), "--output {link} -> {target}:\n{}", run.stderr);
    }
    assert!(snapshot(&site.path("content")) == content, "content/ is untouched");
    assert_eq!(entries(site.root()), ["content", "out", "out2", "out3", "out4", "themes"]);
    assert!(fs::symlink_metadata(site.path("out")).unwrap().file_type().is_symlink(), "the link is left as it was");
}
