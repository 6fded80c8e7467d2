//! One fixture per class of error. For each: the exact headline of the
//! first diagnostic (`path:line:col: error[code]: message`), its help line,
//! exit status 1, the closing count, and that nothing was written.

use crate::support::{Run, Site, brief, snapshot};

/// Builds the fixture and checks the first diagnostic and the outcome.
#[track_caller]
fn assert_build_fails(fixture: &str, headline: &str, help: &str) -> Run {
    let site = Site::fixture(fixture);
    let run = site.build();
    run.failure();
    assert_eq!(run.first_line(), headline, "first line of stderr\n--- stderr\n{}", run.stderr);
    assert_eq!(run.first_help(), Some(help), "help of the first diagnostic\n--- stderr\n{}", run.stderr);
    assert_eq!(
        run.last_line(),
        "build failed: 1 error, 0 warnings; the output folder was left as it was",
        "closing line\n--- stderr\n{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "nothing on stdout when the build fails");
    assert!(!site.public().exists(), "a failed build writes no output folder");
    // `check` reports the same problem, also with status 1.
    let check = site.check();
    check.failure();
    assert_eq!(check.first_line(), headline, "check's first line\n--- stderr\n{}", check.stderr);
    assert!(!site.public().exists(), "check writes nothing");
    run
}

#[test]
fn unknown_person() {
    let run = assert_build_fails(
        "unknown-person",
        "content/briefs/b/brief.yaml:5:14: error[unknown-person]: speaker 'putn' is not in content/people",
        "  = help: did you mean 'putin'?",
    );
    // The whole diagnostic: headline, code frame with a caret under the value, help.
    let expected = "\
content/briefs/b/brief.yaml:5:14: error[unknown-person]: speaker 'putn' is not in content/people
  |
5 |   - speaker: putn
  |              ^^^^
  = help: did you mean 'putin'?";
    assert_eq!(run.first_diagnostic(), expected);
}

#[test]
fn unknown_field() {
    assert_build_fails(
        "unknown-field",
        "content/briefs/b/brief.yaml:3:1: error[unknown-field]: unknown field `summmary`, expected one of `title`, \
         `date`, `summary`, `highlights`, `calls`, `quotes`, `next_steps`, `reactions`, `background`, `timeline`, \
         `sources`",
        "  = help: did you mean 'summary'?",
    );
}

/// BUG: a date that does not exist is reported at 1:1 (the start of the
/// mapping that holds it) instead of at the value on line 2.
#[test]
fn invalid_date() {
    assert_build_fails(
        "invalid-date",
        "content/briefs/b/brief.yaml:2:7: error[invalid-date]: invalid date '2025-02-30': 2025-02-30 does not exist: \
         month 02 of 2025 has 28 days",
        "  = help: write dates as YYYY-MM-DD (or YYYY-MM, YYYY where a partial date is allowed)",
    );
}

/// BUG: an unreadable duration is reported at 8:9 (the `- by:` that starts
/// the claim) instead of at the value `an hour` on line 10. The message
/// starts with serde's path to the value, which may name the field once the
/// position is fixed; the position, the code and the explanation are fixed.
#[test]
fn invalid_duration() {
    let site = Site::fixture("invalid-duration");
    let run = site.build();
    run.failure();
    let line = run.first_line();
    let at = "content/briefs/b/brief.yaml:10:16: error[invalid-duration]: ";
    let why = "invalid duration 'an hour': write an amount such as 90m, 1h, 1h30m or 1.5h, optionally after 'about', \
               'at least' or 'nearly'";
    assert!(line.starts_with(at) && line.ends_with(why), "first line:\n  {line}\nexpected\n  {at}...{why}");
    assert_eq!(
        run.first_help(),
        Some("  = help: write e.g. \"90m\", \"about 1h\", \"at least 60m\" or \"nearly 1h30m\""),
        "{}",
        run.stderr
    );
    assert_eq!(run.last_line(), "build failed: 1 error, 0 warnings; the output folder was left as it was");
}

#[test]
fn yaml_syntax() {
    assert_build_fails(
        "yaml-syntax",
        "content/briefs/b/brief.yaml:2:2: error[yaml-syntax]: did not find expected key, while parsing a block mapping",
        "  = help: check the indentation and quoting around this place",
    );
}

/// BUG: the YAML parser's own "at line X column Y" stays inside messages
/// that carry a second clause, repeating (and contradicting the format of)
/// the position the headline already gives.
#[test]
fn yaml_syntax_messages_carry_no_position_of_their_own() {
    let site = Site::fixture("yaml-syntax");
    let cases = [
        // An unclosed flow mapping.
        "title: {zh: 标题, en: Title\ndate: 2025-02-12\nsummary: {zh: 摘要。, en: Summary.}\n",
        // An unclosed quoted string.
        "title: {zh: 标题, en: Title}\ndate: 2025-02-12\nsummary: {zh: \"摘要。, en: Summary.}\n",
    ];
    let mut problems = Vec::new();
    for yaml in cases {
        site.write("content/briefs/b/brief.yaml", yaml);
        let run = site.check_with(&["--format", "json"]);
        run.failure();
        let first: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap_or("")).expect("JSON");
        assert_eq!(first["code"], "yaml-syntax", "{}", run.stdout);
        let message = first["message"].as_str().unwrap_or("");
        if message.contains(" at line ") {
            problems.push(format!("{message:?}\n    for {yaml:?}"));
        }
    }
    assert!(problems.is_empty(), "messages that repeat a position:\n  {}", problems.join("\n  "));
}

/// BUG: besides the error, the build warns that "the zh narrative is
/// missing" and tells the editor to write a zh.md that exists (the warning
/// has no line, so it is even printed first).
#[test]
fn unclosed_front_matter() {
    assert_build_fails(
        "unclosed-front-matter",
        "content/briefs/b/zh.md:1:1: error[unclosed-front-matter]: the front matter is never closed",
        "  = help: end the YAML block with a line of three hyphens: ---",
    );
}

#[test]
fn unknown_source() {
    assert_build_fails(
        "unknown-source",
        "content/briefs/b/brief.yaml:10:13: error[unknown-source]: source 'agncy' is not in this brief's sources",
        "  = help: did you mean 'agency'?",
    );
}

#[test]
fn broken_link() {
    assert_build_fails(
        "broken-link",
        "content/briefs/b/zh.md:1:5: error[unknown-person]: broken link: 'nobody' is not in content/people",
        "  = help: check the spelling of the link target",
    );
}

#[test]
fn missing_theme() {
    assert_build_fails(
        "missing-theme",
        "themes/fancy: error[missing-theme]: the theme 'fancy' is not installed (no templates/ folder)",
        "  = help: set `theme: default` in content/site.yaml, or copy a theme into themes/",
    );
}

#[test]
fn template_syntax() {
    assert_build_fails(
        "template-syntax",
        "templates/brief.html:3:25: error[template-syntax]: Found `}` but expected }}.",
        "  = help: fix the template at this place",
    );
}

#[test]
fn not_utf8() {
    let run = assert_build_fails(
        "not-utf8",
        "content/people/putin.yaml:3:9: error[not-utf8]: the file is not valid UTF-8",
        "  = help: save the file as UTF-8 (most editors: \"Save with encoding\")",
    );
    // The frame shows the line up to the bad byte, the caret just after it.
    assert!(run.first_diagnostic().contains("3 |   en: Pu\n  |         ^"), "{}", run.stderr);
}

#[test]
fn every_error_is_reported_in_one_run() {
    // Two unrelated mistakes in two files: both are reported, sorted by file.
    let site = Site::fixture("unknown-person");
    site.write(
        "content/people/zelensky.yaml",
        "name: {zh: 泽连斯基, en: Zelensky}\nrole: {zh: 总统, en: President}\nrloe: x\n",
    );
    let run = site.build();
    run.failure();
    assert_eq!(
        run.headlines(),
        [
            "content/briefs/b/brief.yaml:5:14: error[unknown-person]: speaker 'putn' is not in content/people",
            "content/people/zelensky.yaml:3:1: error[unknown-field]: unknown field `rloe`, expected one of `name`, \
             `role`, `country`, `affiliation`, `aliases`, `bio`, `note`",
        ]
    );
    assert_eq!(run.last_line(), "build failed: 2 errors, 0 warnings; the output folder was left as it was");
}

/// A narrative's links are checked as its page renders (each narrative is
/// parsed once). A build that stops before rendering still reports them
/// with everything else; one that stops for them alone keeps its warnings,
/// leaves the last good site, and reports each broken link once, though
/// its narrative also stands in for a missing translation.
#[test]
fn broken_narrative_links_are_reported_with_every_other_problem() {
    let site = Site::fixture("unknown-person");
    site.append("content/briefs/b/zh.md", "\n见[谁](person:nobody)。\n");
    let run = site.build();
    run.failure();
    assert_eq!(
        run.headlines(),
        [
            "content/briefs/b/brief.yaml:5:14: error[unknown-person]: speaker 'putn' is not in content/people",
            "content/briefs/b/zh.md:3:2: error[unknown-person]: broken link: 'nobody' is not in content/people",
        ]
    );

    let site = Site::fixture("missing-translation");
    site.build().success();
    let good = snapshot(&site.public());
    site.append("content/briefs/b/zh.md", "\n见[谁](person:nobody)和[节](#没有这节)。\n");
    let run = site.build();
    run.failure();
    assert_eq!(
        run.headlines(),
        [
            "content/briefs/b/brief.yaml:2:7: warning[missing-translation]: title has no en text; pages show the zh \
             text instead",
            "content/briefs/b/en.md: warning[missing-translation]: the en narrative is missing; the page shows the \
             other language",
            "content/briefs/b/zh.md:5:2: error[unknown-person]: broken link: 'nobody' is not in content/people",
            "content/briefs/b/zh.md:5:21: error[unknown-anchor]: broken link: there is no heading or section '#没有这节'",
        ],
        "\n{}",
        run.stderr
    );
    assert_eq!(run.last_line(), "build failed: 2 errors, 2 warnings; the output folder was left as it was");
    assert!(snapshot(&site.public()) == good, "the last good site is kept");
}

#[test]
fn no_content_folder() {
    let site = Site::bare();
    let run = site.build();
    run.failure();
    assert_eq!(run.first_line(), "content: error[missing-content]: there is no content folder here");
}

/// BUG: help lines send editors to commands the binary does not have
/// (`brief init`, `brief new person ID`, `brief new brief`).
#[test]
fn help_lines_name_only_commands_that_exist() {
    let empty = Site::bare();
    let unknown = Site::fixture("unknown-person");
    unknown.write(
        "content/briefs/b/brief.yaml",
        "title: {zh: 标题, en: Title}\ndate: 2025-02-12\nsummary: {zh: 摘要。, en: Summary.}\n\
         quotes:\n  - speaker: xi\n    text: {zh: 你好, en: Hello}\n",
    );
    let no_yaml = Site::fixture("minimal");
    no_yaml.write("content/briefs/lonely/zh.md", "正文。\n");
    let mut problems = Vec::new();
    for site in [&empty, &unknown, &no_yaml] {
        let run = site.check();
        run.failure();
        for help in run.stderr.lines().filter(|l| l.starts_with("  = help: ")) {
            // Every `brief WORD ...` quoted in backticks must be a real subcommand.
            for quoted in help.split('`').skip(1).step_by(2) {
                let Some(rest) = quoted.strip_prefix("brief ") else { continue };
                let sub = rest.split_whitespace().next().unwrap_or("");
                if brief(&[sub, "--help"]).code != 0 {
                    problems.push(format!("{help}\n    names `brief {sub}`, which `brief {sub} --help` rejects"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "help lines name missing commands:\n  {}", problems.join("\n  "));
}
