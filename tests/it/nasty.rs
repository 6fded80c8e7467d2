//! Nasty inputs: no file makes `brief` panic, hang or eat the machine.
//! Each case runs the real binary under a timeout (60 s, then killed and
//! failed) and a 4 GiB address-space limit, and expects a clear diagnostic
//! or a normal build. Huge inputs are generated here rather than kept in
//! the repository.

use std::fs;

use brief::content::read::{MAX_FILE_BYTES, read_source};

use crate::support::{Run, Site, brief_limited};

const NARRATIVE: &str = "content/briefs/2025-02-12-alpha-beta-call/en.md";
const BRIEF_YAML: &str = "content/briefs/2025-02-12-alpha-beta-call/brief.yaml";

fn guarded(site: &Site, command: &str) -> Run {
    let root = site.root().to_str().expect("a UTF-8 path");
    let run = brief_limited(site.root(), &[command, "--root", root]);
    assert!(!run.stderr.contains("panicked"), "brief panicked:\n{}", run.stderr);
    assert!(matches!(run.code, 0 | 1), "exit {} (a crash?)\n{}", run.code, run.stderr);
    run
}

#[test]
fn a_file_over_the_limit_is_refused_unread() {
    let site = Site::fixture("minimal");
    let size = MAX_FILE_BYTES as usize + 1;
    site.write(NARRATIVE, "a".repeat(size));
    let run = guarded(&site, "build");
    run.failure();
    assert_eq!(
        run.first_line(),
        format!("{NARRATIVE}: error[file-too-large]: the file is {size} bytes; the limit is {MAX_FILE_BYTES}")
    );
}

#[test]
fn a_large_file_under_the_limit_builds() {
    let site = Site::fixture("minimal");
    let paragraph = "The call lasted [about an hour](person:alpha), said **Beta**; 通话持续了大约一个小时。\n\n";
    let mut text = String::new();
    for i in 0.. {
        if text.len() > 3 * 1024 * 1024 {
            break;
        }
        if i % 50 == 0 {
            text.push_str(&format!("## Part {i}\n\n"));
        }
        text.push_str(paragraph);
    }
    site.write(NARRATIVE, &text);
    guarded(&site, "build").success();
    let page = site.page("en/briefs/2025-02-12-alpha-beta-call/index.html");
    assert!(page.len() > text.len(), "the whole narrative is on the page");
}

#[test]
fn yaml_nested_ten_thousand_deep() {
    let site = Site::fixture("minimal");
    let flow = format!("name: {{zh: 贝塔, en: Beta}}\naliases: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    site.write("content/people/beta.yaml", flow);
    // Block nesting needs one more space per level: 3,000 levels fit under the size limit.
    let mut block = String::from("name: {zh: 阿尔法, en: Alpha}\nnote:\n");
    for depth in 1..3_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    site.write("content/people/alpha.yaml", block);
    let run = guarded(&site, "check");
    run.failure();
    let headlines: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error[")).collect();
    assert!(headlines[0].starts_with("content/people/alpha.yaml:"), "{headlines:?}");
    assert!(
        headlines.iter().any(|l| l.starts_with("content/people/beta.yaml:2:11: error[wrong-type]")),
        "{headlines:?}"
    );
    // The frame of a 20,000-character line is cut around the caret.
    assert!(run.stderr.lines().all(|l| l.chars().count() < 300), "{}", &run.stderr[..2000.min(run.stderr.len())]);
}

#[test]
fn markdown_nested_ten_thousand_deep_renders() {
    let site = Site::fixture("minimal");
    let text = format!(
        "{}deep\n\n{}item\n\n{}x{}\n",
        "> ".repeat(10_000),
        "- ".repeat(10_000),
        "*".repeat(5000),
        "*".repeat(5000)
    );
    site.write(NARRATIVE, &text);
    guarded(&site, "build").success();
    let page = site.page("en/briefs/2025-02-12-alpha-beta-call/index.html");
    assert!(page.matches("<blockquote>").count() >= 1000, "the quotes are nested");
}

#[test]
fn a_yaml_alias_bomb_ends_quickly() {
    let site = Site::fixture("minimal");
    let mut bomb = String::from("name: {zh: 贝塔, en: Beta}\nnote: &a {zh: lol, en: lol}\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    bomb.push_str("aliases:\n");
    for pair in names.windows(2) {
        bomb.push_str(&format!("  - &{} [{}]\n", pair[1], vec![format!("*{}", pair[0]); 9].join(", ")));
    }
    bomb.push_str("  - *i\n");
    site.write("content/people/beta.yaml", bomb);
    let run = guarded(&site, "check");
    run.failure();
    assert!(run.first_line().starts_with("content/people/beta.yaml:4:"), "{}", run.stderr);
    assert!(run.first_line().contains("error[wrong-type]") || run.first_line().contains("error[yaml-too-complex]"));
}

#[test]
fn symbolic_links_are_reported_and_never_followed() {
    let site = Site::fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.yaml"), "name: {zh: 秘密, en: Secret}\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.yaml"), site.path("content/people/secret.yaml")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/briefs/loop")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/orgs/elsewhere")).unwrap();
    let run = guarded(&site, "build");
    run.success();
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": warning[")).collect();
    let link = "warning[symbolic-link]: this is a symbolic link; brief does not follow links, so it is left out";
    assert_eq!(
        warnings,
        [
            format!("content/briefs/loop: {link}"),
            format!("content/orgs/elsewhere: {link}"),
            format!("content/people/secret.yaml: {link}"),
        ]
    );
    assert!(!site.path("public/people/secret").exists(), "the linked file was not read");
}

#[test]
fn a_file_that_vanishes_before_it_is_read() {
    let site = Site::fixture("minimal");
    let gone = site.path("content/people/gone.yaml");
    let d = read_source(site.root(), &gone).unwrap_err();
    assert_eq!((d.code, d.path.as_str(), d.line), ("unreadable-file", "content/people/gone.yaml", 0));
    assert!(d.message.starts_with("could not read the file: "), "{}", d.message);
}

#[test]
fn control_characters_and_nul_bytes() {
    let site = Site::fixture("minimal");
    let yaml = site.read(BRIEF_YAML).replacen("Alpha calls Beta", "Alpha \u{1b}[2J\0calls Beta", 1);
    site.write(BRIEF_YAML, yaml);
    let run = guarded(&site, "check");
    run.failure();
    assert_eq!(
        run.first_diagnostic(),
        "content/briefs/2025-02-12-alpha-beta-call/brief.yaml:3:13: error[yaml-syntax]: control character U+001B is not allowed in YAML
  |
3 |   en: Alpha \u{FFFD}[2J\u{FFFD}calls Beta
  |             ^
  = help: delete it (it is invisible in most editors; it is shown here as \u{FFFD})"
    );
    assert!(!run.stderr.contains(['\u{1b}', '\0']), "control characters reach the terminal");
    // In Markdown, NUL becomes U+FFFD and other controls pass as text.
    let site = Site::fixture("minimal");
    site.write(NARRATIVE, "Alpha\0 and \u{7} Beta\u{1b}[31m.\n");
    guarded(&site, "build").success();
    let page = site.page("en/briefs/2025-02-12-alpha-beta-call/index.html");
    assert!(page.contains("<p>Alpha\u{FFFD} and \u{FFFD} Beta\u{FFFD}[31m.</p>"), "controls are replaced");
    assert!(!page.contains(['\0', '\u{7}', '\u{1b}']), "no control character reaches the page");
}

#[test]
fn right_to_left_marks_build_and_never_reorder_a_frame() {
    let site = Site::fixture("minimal");
    let yaml = site.read(BRIEF_YAML).replacen("Alpha calls Beta", "Alpha \u{202e}calls\u{202c} Beta \u{200f}", 1);
    site.write(BRIEF_YAML, &yaml);
    guarded(&site, "build").success();
    site.write(BRIEF_YAML, yaml.replacen("date: 2025-02-12", "date: 2025-02-12\nsumary: \u{202e}x", 1));
    let run = guarded(&site, "check");
    run.failure();
    assert!(run.stderr.contains("sumary: \u{FFFD}x"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{202e}'), "a bidi override reaches the terminal");
}

#[test]
fn a_very_long_line_keeps_the_frame_short() {
    let site = Site::fixture("minimal");
    let long = format!("{}btea", "alpha, ".repeat(20_000));
    let yaml = site.read(BRIEF_YAML).replacen("participants: [alpha, beta]", &format!("participants: [{long}]"), 1);
    site.write(BRIEF_YAML, yaml);
    let run = guarded(&site, "check");
    run.failure();
    let frame = run.first_diagnostic();
    assert!(
        frame.starts_with(&format!("{BRIEF_YAML}:10:{}: error[unknown-person]: participant 'btea'", 20_000 * 7 + 20))
    );
    let lines: Vec<&str> = frame.lines().collect();
    assert!(lines[2].ends_with("alpha, btea]") && lines[2].contains("| …"), "{}", lines[2]);
    assert!(lines[3].ends_with("^^^^") && lines[3].chars().count() == lines[2].chars().count() - 1, "{frame}");
}
