//! Snapshot-style checks of what the `minimal` and `missing-translation`
//! fixtures build into: the files, and the key content of each page in
//! both languages. Expected strings live here, next to the assertions.

use crate::support::{Site, attribute_values, snapshot, visible_text};

const SLUG: &str = "2025-02-12-alpha-beta-call";

fn zh_brief() -> String {
    format!("briefs/{SLUG}/index.html")
}

fn en_brief() -> String {
    format!("en/briefs/{SLUG}/index.html")
}

/// Builds `minimal` once per test (each test gets its own copy).
fn minimal() -> Site {
    let site = Site::fixture("minimal");
    site.build().success();
    site
}

#[track_caller]
fn assert_contains(haystack: &str, needle: &str, what: &str) {
    assert!(haystack.contains(needle), "{what}: expected to find\n  {needle}\nin\n{haystack}");
}

#[track_caller]
fn assert_lacks(haystack: &str, needle: &str, what: &str) {
    assert!(!haystack.contains(needle), "{what}: expected NOT to find\n  {needle}\nin\n{haystack}");
}

#[test]
fn minimal_builds_cleanly_with_a_one_line_summary() {
    let site = Site::fixture("minimal");
    let run = site.build();
    run.success();
    // No diagnostics; only the note that feeds need a base_url.
    assert!(run.stderr.lines().all(|l| l.starts_with("note: no base_url")), "{}", run.stderr);
    let out = site.public();
    let line = run.stdout.trim_end();
    let prefix = format!("built 18 pages (22 files) into {} in ", out.display());
    assert!(line.starts_with(&prefix) && line.ends_with(" s") && !line.contains('\n'), "summary line: {line:?}");
    let seconds = &line[prefix.len()..line.len() - 2];
    assert!(seconds.parse::<f64>().is_ok(), "the time is a number: {line:?}");
}

#[test]
fn minimal_writes_exactly_these_files() {
    let site = minimal();
    let files: Vec<String> = snapshot(&site.public()).into_keys().collect();
    let expected = [
        ".brief-output",
        "404.html",
        "assets/search-index.en.js",
        "assets/search-index.zh.js",
        "assets/search.js",
        "assets/style.css",
        "briefs/2025-02-12-alpha-beta-call/index.html",
        "en/404.html",
        "en/briefs/2025-02-12-alpha-beta-call/index.html",
        "en/index.html",
        "en/orgs/news/index.html",
        "en/people/alpha/index.html",
        "en/people/beta/index.html",
        "en/people/index.html",
        "en/search/index.html",
        "en/timeline/index.html",
        "index.html",
        "orgs/news/index.html",
        "people/alpha/index.html",
        "people/beta/index.html",
        "people/index.html",
        "search/index.html",
        "timeline/index.html",
    ];
    assert_eq!(files, expected);
    let theme_css = std::fs::read(crate::support::repo().join("themes/default/static/assets/style.css")).unwrap();
    assert_eq!(
        std::fs::read(site.public().join("assets/style.css")).unwrap(),
        theme_css,
        "the stylesheet is copied as is"
    );
}

#[test]
fn pages_declare_their_language_and_link_their_stylesheet() {
    let site = minimal();
    let cases = [
        ("index.html", "zh-Hans", "assets/style.css"),
        ("404.html", "zh-Hans", "assets/style.css"),
        ("people/index.html", "zh-Hans", "../assets/style.css"),
        ("people/alpha/index.html", "zh-Hans", "../../assets/style.css"),
        (&zh_brief(), "zh-Hans", "../../assets/style.css"),
        ("en/index.html", "en", "../assets/style.css"),
        ("en/404.html", "en", "../assets/style.css"),
        ("en/timeline/index.html", "en", "../../assets/style.css"),
        ("en/orgs/news/index.html", "en", "../../../assets/style.css"),
        (&en_brief(), "en", "../../../assets/style.css"),
    ];
    for (page, lang, css) in cases {
        let html = site.page(page);
        assert_contains(&html, &format!("<html lang=\"{lang}\">"), page);
        assert_contains(&html, &format!("<link rel=\"stylesheet\" href=\"{css}\">"), page);
        assert_lacks(&html, "rel=\"canonical\"", "no canonical link without a base_url");
    }
}

#[test]
fn brief_pages_link_to_their_counterpart() {
    let site = minimal();
    let zh = site.page(&zh_brief());
    let en = site.page(&en_brief());
    let to_en = format!("../../en/briefs/{SLUG}/index.html");
    let to_zh = format!("../../../briefs/{SLUG}/index.html");
    assert_contains(&zh, &format!("<link rel=\"alternate\" hreflang=\"en\" href=\"{to_en}\">"), "zh alternate");
    assert_contains(&zh, &format!("href=\"{to_en}\" hreflang=\"en\""), "zh language switch");
    assert_contains(&en, &format!("<link rel=\"alternate\" hreflang=\"zh-Hans\" href=\"{to_zh}\">"), "en alternate");
    assert_contains(&en, &format!("href=\"{to_zh}\" hreflang=\"zh-Hans\""), "en language switch");
    // The home pages point at each other too.
    assert_contains(&site.page("index.html"), "href=\"en/index.html\" hreflang=\"en\"", "zh home switch");
    assert_contains(&site.page("en/index.html"), "href=\"../index.html\" hreflang=\"zh-Hans\"", "en home switch");
}

#[test]
fn brief_page_shows_the_disputed_duration_and_every_claim() {
    let site = minimal();
    let zh = visible_text(&site.page(&zh_brief()));
    let en = visible_text(&site.page(&en_brief()));
    // The range of all claims, with the "accounts differ" badge.
    assert_contains(&zh, "60–90分钟 说法不一", "zh range and badge");
    assert_contains(&en, "60–90 min Accounts differ", "en range and badge");
    // Each claim in its own words, next to the machine reading.
    assert_contains(&zh, "阿尔法 “超过一个小时”[1] 至少60分钟", "zh first claim");
    assert_contains(&zh, "贝塔 “近一个半小时”[1] 近90分钟", "zh second claim");
    assert_contains(&en, "Alpha “more than an hour”[1] at least 60 min", "en first claim");
    assert_contains(&en, "Beta “nearly an hour and a half”[1] nearly 90 min", "en second claim");
    // The glance box sums the call up in one line.
    assert_contains(&en, "Alpha and Beta 12 February 2025 60–90 min Accounts differ", "en glance");
    assert_contains(&en, "Alpha: “more than an hour”; Beta: “nearly an hour and a half”", "en glance claims");
    assert_contains(&zh, "阿尔法：“超过一个小时”；贝塔：“近一个半小时”", "zh glance claims");
    let html = site.page(&en_brief());
    assert_contains(&html, "id=\"call-alpha-beta\"", "the call has an anchor");
    assert_contains(&html, "href=\"#call-alpha-beta\"", "the glance box links the call");
    assert_contains(&html, "class=\"badge badge-disputed\"", "the badge is marked up as one");
}

#[test]
fn brief_page_shows_quote_steps_reaction_and_source() {
    let site = minimal();
    let html = site.page(&en_brief());
    let en = visible_text(&html);
    // The quote, its speaker and the call it is about.
    assert_contains(&en, "We had a good talk", "quote");
    assert_contains(
        &html,
        "<a class=\"entity entity-person\" href=\"../../people/beta/index.html\">Beta</a>",
        "speaker link",
    );
    assert_contains(&html, &format!("href=\"../../briefs/{SLUG}/index.html#call-alpha-beta\""), "quote's call link");
    // A dated and an undated next step.
    assert_contains(&html, "<time datetime=\"2025-02-20\">20 February 2025</time>", "dated step");
    assert_contains(&en, "20 February 2025 The presidents meet[1] Alpha, Beta Agreed", "dated step row");
    assert_contains(&en, "Not set", "undated step");
    assert_contains(&en, "in the near future", "how the source words the timing");
    assert_contains(&en, "The teams begin talks Expected", "undated step row");
    // The reaction, grouped under its bloc.
    assert_contains(&en, "Media News Agency Neutral Reported the call.[1]", "reaction");
    assert_contains(&html, "href=\"../../orgs/news/index.html\"", "reaction links the org");
    // The numbered source and the citations pointing at it.
    assert_contains(
        &html,
        "<li id=\"source-agency\"><a href=\"https://example.org/report\">News Agency report</a>",
        "source",
    );
    assert!(html.matches("href=\"#source-agency\"").count() >= 5, "every item cites the source");
    let zh = visible_text(&site.page(&zh_brief()));
    assert_contains(&zh, "我们谈得很好", "zh quote");
    assert_contains(&zh, "时间未定", "zh undated step");
    assert_contains(&zh, "不久的将来", "zh timing wording");
    assert_contains(&zh, "双方团队开始谈判 预计", "zh undated step row");
    assert_contains(&zh, "2025年2月20日", "zh step date");
}

#[test]
fn narratives_render_headings_tables_footnotes_and_links() {
    let site = minimal();
    let zh = site.page(&zh_brief());
    let en = site.page(&en_brief());
    // Heading ids: Chinese kept as is, English slugged.
    assert_contains(&zh, "<h2 id=\"通话经过\">通话经过</h2>", "zh heading id");
    assert_contains(&en, "<h2 id=\"how-the-call-went\">How the call went</h2>", "en heading id");
    // person: links become relative links that name the file.
    assert_contains(&zh, "<a href=\"../../people/alpha/index.html\">阿尔法</a>", "zh person link");
    assert_contains(&en, "<a href=\"../../people/alpha/index.html\">Alpha</a>", "en person link");
    // Tables.
    assert_contains(&zh, "<td>阿尔法</td><td>超过一小时</td>", "zh table");
    assert_contains(&en, "<td>Alpha</td><td>over an hour</td>", "en table");
    // Footnotes: a reference and its definition, tied by an id.
    for (html, note) in [(&zh, "据新闻社报道。"), (&en, "According to the news agency.")] {
        assert_contains(html, "footnote-reference", "footnote reference");
        assert_contains(html, note, "footnote text");
        let ids = attribute_values(html, "id");
        let reference = attribute_values(html, "href").into_iter().find(|h| {
            h.starts_with('#') && html.contains(&format!("<sup class=\"footnote-reference\"><a href=\"{h}\""))
        });
        let reference = reference.expect("a footnote reference link");
        assert!(ids.contains(&reference[1..].to_string()), "footnote target {reference} exists");
    }
    // No raw internal scheme leaks into the page.
    assert_lacks(&zh, "person:", "zh");
    assert_lacks(&en, "person:", "en");
}

#[test]
fn a_soft_break_between_chinese_characters_is_joined() {
    let site = minimal();
    let zh = site.page(&zh_brief());
    assert_contains(&zh, "双方同意继续接触", "the soft break between 方 and 同 vanishes");
    assert_lacks(&zh, "双方\n同意", "no newline left between the characters");
    assert_lacks(&zh, "双方 同意", "no space either");
    // Between English words it stays a break (rendered as a space).
    let en = visible_text(&site.page(&en_brief()));
    assert_contains(&en, "both agreed to stay in touch", "English keeps its space");
}

#[test]
fn list_pages_and_entity_pages_cross_link() {
    let site = minimal();
    let home = site.page("en/index.html");
    assert_contains(&home, &format!("href=\"briefs/{SLUG}/index.html\""), "en home links the brief");
    assert_contains(&visible_text(&home), "Alpha calls Beta", "en home shows the title");
    assert_contains(&site.page("index.html"), &format!("href=\"briefs/{SLUG}/index.html\""), "zh home links the brief");
    assert_contains(&visible_text(&site.page("index.html")), "阿尔法与贝塔通电话", "zh home shows the title");

    let people = site.page("en/people/index.html");
    for href in ["../people/alpha/index.html", "../people/beta/index.html", "../orgs/news/index.html"] {
        assert_contains(&people, &format!("href=\"{href}\""), "people index");
    }

    let alpha = site.page("en/people/alpha/index.html");
    assert_contains(&visible_text(&alpha), "President of A", "role");
    assert_contains(&alpha, "href=\"../../orgs/news/index.html\"", "affiliation");
    assert_contains(
        &alpha,
        &format!("href=\"../../briefs/{SLUG}/index.html#source-agency\""),
        "citations point at the brief",
    );
    assert_contains(&visible_text(&alpha), "60–90 min", "the person page shows the call");

    let beta = visible_text(&site.page("en/people/beta/index.html"));
    assert_contains(&beta, "We had a good talk", "the speaker's page shows the quote");

    let news = site.page("en/orgs/news/index.html");
    assert_contains(&news, "href=\"../../people/alpha/index.html\"", "the org lists its members");
    assert_contains(&visible_text(&news), "Reported the call.", "the org page shows its reaction");
}

#[test]
fn timeline_orders_dated_items_around_as_of_and_lists_undated_steps() {
    let site = minimal();
    // The list after the picture: the picture draws the same rows.
    let page = site.page("en/timeline/index.html");
    let en = visible_text(&page[page.find("<ol class=\"timeline\"").expect("the timeline list")..]);
    let call = en.find("Alpha and Beta speak by phone").expect("the call is on the timeline");
    let as_of = en.find("As of 13 February 2025").expect("the as-of marker");
    let step = en.find("The presidents meet").expect("the dated step");
    let undated = en.find("The teams begin talks").expect("the undated step");
    assert!(call < as_of && as_of < step && step < undated, "order: call, as of, step, undated\n{en}");
    let zh = visible_text(&site.page("timeline/index.html"));
    assert_contains(&zh, "阿尔法和贝塔通话", "zh call row");
    assert_contains(&zh, "两国元首会晤", "zh step row");
}

#[test]
fn missing_translations_fall_back_and_say_so() {
    let site = Site::fixture("missing-translation");
    let run = site.build();
    run.success();
    assert!(run.stderr.contains("warning[missing-translation]"), "warnings are printed:\n{}", run.stderr);
    assert!(run.stdout.starts_with("built 12 pages (16 files) into "), "{}", run.stdout);

    let en = site.page("en/briefs/b/index.html");
    // The title falls back to Chinese, marked as such.
    assert_contains(
        &en,
        "<h1 class=\"page-title\"><span lang=\"zh-Hans\">只有中文</span> <span class=\"fallback-mark\"",
        "fallback title",
    );
    assert_contains(&visible_text(&en), "只有中文 (not yet translated; shown in Chinese)", "fallback marker");
    // The narrative falls back too, with a note and the right lang attribute.
    assert_contains(&visible_text(&en), "This story has no English version yet; the Chinese text follows.", "note");
    assert_contains(&en, "<div class=\"prose\" lang=\"zh-Hans\">", "fallback narrative language");
    assert_contains(&en, "<h2 id=\"只有中文的正文\">只有中文的正文</h2>", "fallback narrative");
    // The summary exists in English: no marker on it.
    assert_contains(&en, "<p class=\"lede\">Summary.</p>", "translated summary");
    // The home page card carries the marker as well.
    assert_contains(
        &visible_text(&site.page("en/index.html")),
        "只有中文 (not yet translated; shown in Chinese)",
        "card",
    );

    // The Chinese page needs no fallback.
    let zh = site.page("briefs/b/index.html");
    assert_lacks(&zh, "fallback", "zh page");
    assert_contains(&zh, "<h1 class=\"page-title\">只有中文</h1>", "zh title");
}

#[test]
fn content_text_is_escaped_everywhere() {
    let site = Site::fixture("minimal");
    let yaml = format!("content/briefs/{SLUG}/brief.yaml");
    site.write(
        &yaml,
        site.read(&yaml).replace("  en: Alpha calls Beta", "  en: \"Alpha <b>calls</b> Beta & \\\"co\\\"\""),
    );
    site.write(
        "content/people/alpha.yaml",
        site.read("content/people/alpha.yaml").replace("en: Alpha", "en: \"Al<i>pha\""),
    );
    site.append(&format!("content/briefs/{SLUG}/en.md"), "\nRaw <script>alert(1)</script> and <div>html</div>.\n");
    site.build().success();
    for (path, bytes) in snapshot(&site.public()).iter().filter(|(p, _)| p.starts_with("en/") && p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for raw in ["<b>calls</b>", "Al<i>pha", "<script>", "<div>html"] {
            assert_lacks(&html, raw, path);
        }
    }
    let page = site.page(&en_brief());
    assert_contains(
        &page,
        "<h1 class=\"page-title\">Alpha &lt;b&gt;calls&lt;/b&gt; Beta &amp; &quot;co&quot;</h1>",
        "title",
    );
    assert_contains(&page, "&lt;script&gt;alert(1)&lt;/script&gt;", "raw HTML in Markdown is shown as text");
    assert_contains(&visible_text(&page), "Al<i>pha and Beta", "names read as written");
}
