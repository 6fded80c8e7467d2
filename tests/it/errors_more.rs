//! Every class of error in README's table, each from its own fixture, with
//! the exact first diagnostic as printed: headline, code frame with the
//! caret, help. `check` prints the same diagnostics as the failed build.
//! Also: what is accepted without complaint (a byte-order mark, CRLF), and
//! ids or slugs that could name a path outside the output folder.

use crate::support::{Run, Site, snapshot};

/// Builds the fixture: exit 1, the exact first diagnostic, one error in
/// all, nothing written; `check` prints the same diagnostics.
#[track_caller]
fn assert_reports(site: &Site, expected: &str) -> Run {
    let run = site.build();
    run.failure();
    assert_eq!(run.first_diagnostic(), expected, "\n--- stderr\n{}", run.stderr);
    assert_eq!(run.last_line(), "build failed: 1 error, 0 warnings; the output folder was left as it was");
    assert!(!site.public().exists(), "a failed build writes nothing");
    let check = site.check();
    check.failure();
    let (built, checked): (Vec<&str>, Vec<&str>) = (run.stderr.lines().collect(), check.stderr.lines().collect());
    assert_eq!(checked[..checked.len() - 1], built[..built.len() - 1], "check and build print the same diagnostics");
    assert_eq!(check.last_line(), "1 error, 0 warnings");
    run
}

#[track_caller]
fn fixture_reports(fixture: &str, expected: &str) -> Run {
    assert_reports(&Site::fixture(fixture), expected)
}

#[test]
fn frames_of_the_older_fixtures() {
    let cases = [
        (
            "yaml-syntax",
            "content/briefs/b/brief.yaml:2:2: error[yaml-syntax]: did not find expected key, while parsing a block mapping
  |
2 |  date: 2025-02-12
  |  ^^^^
  = help: check the indentation and quoting around this place",
        ),
        (
            "unclosed-front-matter",
            "content/briefs/b/zh.md:1:1: error[unclosed-front-matter]: the front matter is never closed
  |
1 | ---
  | ^^^
  = help: end the YAML block with a line of three hyphens: ---",
        ),
        (
            "invalid-date",
            "content/briefs/b/brief.yaml:2:7: error[invalid-date]: invalid date '2025-02-30': 2025-02-30 does not exist: month 02 of 2025 has 28 days
  |
2 | date: 2025-02-30
  |       ^^^^^^^^^^
  = help: write dates as YYYY-MM-DD (or YYYY-MM, YYYY where a partial date is allowed)",
        ),
        (
            "unknown-source",
            "content/briefs/b/brief.yaml:10:13: error[unknown-source]: source 'agncy' is not in this brief's sources
   |
10 |     source: agncy
   |             ^^^^^
  = help: did you mean 'agency'?",
        ),
        (
            "broken-link",
            "content/briefs/b/zh.md:1:5: error[unknown-person]: broken link: 'nobody' is not in content/people
  |
1 | 正文提到[x](person:nobody)。
  |         ^^^^^^^^^^^^^^^^^^
  = help: check the spelling of the link target",
        ),
        (
            "template-syntax",
            "templates/brief.html:3:25: error[template-syntax]: Found `}` but expected }}.
  |
3 | <h1>{{ brief.title.text }</h1>
  |                         ^
  = help: fix the template at this place",
        ),
        (
            "unknown-field",
            "content/briefs/b/brief.yaml:3:1: error[unknown-field]: unknown field `summmary`, expected one of `title`, `date`, `summary`, `highlights`, `calls`, `quotes`, `next_steps`, `reactions`, `background`, `timeline`, `sources`
  |
3 | summmary: {zh: 摘要。, en: Summary.}
  | ^^^^^^^^
  = help: did you mean 'summary'?",
        ),
    ];
    for (fixture, expected) in cases {
        fixture_reports(fixture, expected);
    }
}

#[test]
fn missing_field() {
    fixture_reports(
        "missing-field",
        "content/briefs/b/brief.yaml:1:1: error[missing-field]: missing field `summary`
  |
1 | title: {zh: 标题, en: Title}
  | ^
  = help: add `summary:` to this mapping; see the content reference in README.md",
    );
}

#[test]
fn wrong_type() {
    fixture_reports(
        "wrong-type",
        "content/briefs/b/brief.yaml:1:8: error[wrong-type]: title: invalid type: sequence, expected struct Text
  |
1 | title: [标题, Title]
  |        ^^^^^
  = help: write a Text as a mapping of languages: {zh: ..., en: ...}",
    );
}

#[test]
fn unknown_organisation() {
    fixture_reports(
        "unknown-org",
        "content/people/putin.yaml:2:14: error[unknown-org]: affiliation 'natoo' is not in content/orgs
  |
2 | affiliation: natoo
  |              ^^^^^
  = help: did you mean 'nato'?",
    );
}

#[test]
fn duplicate_call_id_is_marked_at_its_second_use() {
    fixture_reports(
        "duplicate-id",
        "content/briefs/b/brief.yaml:7:9: error[duplicate-id]: call id 'trump-putin' is used twice in this brief
  |
7 |   - id: trump-putin
  |         ^^^^^^^^^^^
  = help: give each call its own id",
    );
}

#[test]
fn a_person_and_an_organisation_with_one_id() {
    fixture_reports(
        "duplicate-entity",
        "content/people/putin.yaml: error[duplicate-id]: the id 'putin' is already used by content/orgs/putin.yaml
  = help: people and organisations share one namespace of ids; rename one of the files",
    );
}

#[test]
fn a_slug_that_is_not_url_safe() {
    fixture_reports(
        "invalid-slug",
        "content/briefs/Trump-Call/brief.yaml: error[invalid-id]: slug 'Trump-Call' is not URL-safe
  = help: rename it using lowercase ASCII letters, digits and hyphens, e.g. 'trump-putin-call'",
    );
}

/// Slugs are folder names, so two briefs can only "share" one through
/// spellings a filesystem tells apart but a URL or another filesystem may
/// not: case, a trailing hyphen, Unicode lookalikes or normalisation forms.
/// Slugs are lowercase ASCII letters, digits and inner hyphens, so each of
/// those spellings is refused and the one canonical slug stays unique.
#[test]
fn two_briefs_cannot_share_a_slug() {
    let site = Site::fixture("minimal");
    let good = "2025-02-12-alpha-beta-call";
    let yaml = site.read(&format!("content/briefs/{good}/brief.yaml"));
    let clashes = [
        "2025-02-12-Alpha-Beta-Call",
        "2025-02-12-alpha-beta-call-",
        "2025-02-12-аlpha-beta-call",
        "2025-02-12-alpha-beta-cal\u{6c}\u{301}",
    ];
    for slug in clashes {
        site.write(&format!("content/briefs/{slug}/brief.yaml"), &yaml);
    }
    let run = site.check();
    run.failure();
    let mut headlines: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error[")).collect();
    headlines.sort_unstable();
    let mut expected: Vec<String> = clashes
        .iter()
        .map(|slug| format!("content/briefs/{slug}/brief.yaml: error[invalid-id]: slug '{slug}' is not URL-safe"))
        .collect();
    expected.sort_unstable();
    assert_eq!(headlines, expected, "\n{}", run.stderr);
    assert_eq!(run.last_line(), "4 errors, 0 warnings");
}

#[test]
fn a_call_id_that_would_escape_the_output_folder() {
    fixture_reports(
        "invalid-call-id",
        "content/briefs/b/brief.yaml:5:9: error[invalid-id]: call id '../../x' is not URL-safe
  |
5 |   - id: ../../x
  |         ^^^^^^^
  = help: use lowercase ASCII letters, digits and hyphens",
    );
}

/// Ids from YAML end up in anchors and paths: every one that is not
/// lowercase ASCII letters, digits and inner hyphens is refused.
#[test]
fn ids_that_name_paths_or_look_alike_are_refused() {
    let site = Site::fixture("invalid-call-id");
    for (id, shown) in [
        ("a/b", "a/b"),
        ("'..\\x'", "..\\x"),
        ("/etc/passwd", "/etc/passwd"),
        ("C:/x", "C:/x"),
        ("trump-рutin", "trump-рutin"),
        ("'a b'", "a b"),
        ("Trump", "Trump"),
        ("x-", "x-"),
    ] {
        let yaml = format!(
            "title: {{zh: 标题, en: Title}}\ndate: 2025-02-12\nsummary: {{zh: 摘要。, en: Summary.}}\n\
             quotes:\n  - speaker: putin\n    text: {{zh: 好, en: Good}}\n    source: {id}\n\
             sources:\n  - id: {id}\n    name: {{zh: 社, en: Agency}}\n"
        );
        site.write("content/briefs/b/brief.yaml", yaml);
        let run = site.check();
        run.failure();
        assert_eq!(
            run.first_line(),
            format!(
                "content/briefs/b/brief.yaml:9:{}: error[invalid-id]: source id '{shown}' is not URL-safe",
                if id.starts_with('\'') { 10 } else { 9 }
            ),
            "\n{}",
            run.stderr
        );
    }
    // A person's id is its file name.
    let site = Site::fixture("minimal");
    site.write("content/people/Beta.yaml", "name: {zh: 贝塔, en: Beta}\n");
    site.write("content/people/bеta.yaml", "name: {zh: 贝塔, en: Beta}\n");
    let run = site.check();
    run.failure();
    assert!(run.stderr.contains("content/people/Beta.yaml: error[invalid-id]: id 'Beta' is not URL-safe"));
    assert!(run.stderr.contains("content/people/bеta.yaml: error[invalid-id]: id 'bеta' is not URL-safe"));
}

#[test]
fn a_link_to_a_brief_that_does_not_exist() {
    fixture_reports(
        "unknown-brief",
        "content/briefs/b/zh.md:1:2: error[unknown-brief]: broken link: there is no brief '2025-02-12-nope'
  |
1 | 见[另一篇](brief:2025-02-12-nope)。
  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: check the spelling of the link target",
    );
}

#[test]
fn a_link_to_an_anchor_that_does_not_exist() {
    fixture_reports(
        "unknown-anchor",
        "content/briefs/b/en.md:3:5: error[unknown-anchor]: broken link: there is no heading or section '#the-lenght'
  |
3 | See [below](#the-lenght).
  |     ^^^^^^^^^^^^^^^^^^^^
  = help: did you mean 'the-length'?",
    );
}

#[test]
fn an_undefined_variable_in_a_site_template() {
    fixture_reports(
        "template-render",
        "templates/brief.html:3:14: error[template-render]: Field `nonexistent` is not defined. Available fields: background, call_map, calls, date, highlights, narrative, next_steps, quotes, reaction_groups, slug, sources, summary, timeline, title
  |
3 | <h1>{{ brief.nonexistent }}</h1>
  |              ^^^^^^^^^^^
  = help: the variable is not in this page's view; check its name against the theme documentation, or test it with `is defined`",
    );
}

#[test]
fn a_theme_without_a_required_template() {
    fixture_reports(
        "missing-template",
        "themes/partial/templates/timeline.html: error[missing-template]: the theme has no timeline.html
  = help: every theme needs index.html, brief.html, people.html, entity.html, timeline.html, search.html, 404.html and base.html",
    );
}

#[test]
fn empty_files() {
    fixture_reports(
        "empty-file",
        "content/people/putin.yaml: error[empty-file]: the file is empty
  = help: write the YAML fields this file needs, or delete it",
    );
    fixture_reports(
        "empty-narrative",
        "content/briefs/b/en.md: error[empty-file]: the narrative file is empty
  = help: write the narrative in Markdown, or delete the file to fall back to the other language",
    );
}

#[test]
fn a_missing_translation_is_a_warning() {
    let site = Site::fixture("missing-translation");
    let run = site.build();
    run.success();
    assert_eq!(
        run.first_diagnostic(),
        "content/briefs/b/brief.yaml:2:7: warning[missing-translation]: title has no en text; pages show the zh text instead
  |
2 |   zh: 只有中文
  |       ^^^^^^^^
  = help: add `en:` next to `zh:`"
    );
    assert!(site.public().join("en/index.html").is_file(), "the site is built");
}

/// Rewrites every text file of a folder with a byte-order mark and CRLF line ends.
fn save_with_bom_and_crlf(dir: &std::path::Path) {
    for (relative, bytes) in snapshot(dir) {
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let path = dir.join(&relative);
        std::fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    }
}

#[test]
fn a_site_saved_with_bom_and_crlf_builds_the_same_pages() {
    let plain = Site::fixture("minimal");
    plain.build().success();
    let windows = Site::fixture("minimal");
    save_with_bom_and_crlf(&windows.path("content"));
    assert!(windows.read("content/site.yaml").starts_with("\u{feff}title:\r\n"));
    let check = windows.check();
    check.success();
    assert_eq!(check.stderr.trim(), "0 errors, 0 warnings");
    windows.build().success();
    let (a, b) = (snapshot(&plain.public()), snapshot(&windows.public()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differing: Vec<&String> = a.iter().filter(|(p, bytes)| b.get(*p) != Some(bytes)).map(|(p, _)| p).collect();
    assert!(differing.is_empty(), "pages that differ: {differing:?}");
}

/// The caret sits under the value in a file with a BOM and CRLF, in a flow
/// list and a quoted value, each use of a repeated id marked once.
#[test]
fn carets_in_a_crlf_file_with_a_bom() {
    let site = Site::fixture("minimal");
    let yaml = "\u{feff}title: {zh: 标题, en: Title}\r\ndate: 2025-02-12\r\nsummary: {zh: 摘要, en: Summary}\r\n\
                calls:\r\n  - id: c\r\n    participants: [alpha, btea]\r\n    summary: {zh: 贝塔说, en: btea said}\r\n\
                quotes:\r\n  - {text: {zh: 贝塔说, en: Hi}, speaker: \"btea\"}\r\n";
    site.write("content/briefs/2025-02-12-alpha-beta-call/brief.yaml", yaml);
    let run = site.check();
    run.failure();
    let frames: Vec<&str> = run.stderr.split("\n\n").collect();
    assert_eq!(
        frames[0],
        "content/briefs/2025-02-12-alpha-beta-call/brief.yaml:6:27: error[unknown-person]: participant 'btea' is not in content/people or content/orgs
  |
6 |     participants: [alpha, btea]
  |                           ^^^^
  = help: did you mean 'beta'?"
    );
    // 40 characters before the value, three of them Chinese (two columns each).
    assert_eq!(
        frames[1],
        format!("content/briefs/2025-02-12-alpha-beta-call/brief.yaml:9:41: error[unknown-person]: speaker 'btea' is not in content/people
  |
9 |   - {{text: {{zh: 贝塔说, en: Hi}}, speaker: \"btea\"}}
  | {}^^^^
  = help: did you mean 'beta'?", " ".repeat(43))
    );
}
