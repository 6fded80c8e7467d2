//! Nothing lost: a failed build leaves the previous output byte for byte,
//! with every class of error; a build killed while it writes leaves either
//! the old site or the complete new one, never a mix; and what a killed
//! build leaves beside the output does not break the next one.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::support::{Site, copy_dir, entries, repo, snapshot};

/// Fixtures that build (with warnings at most): the rest are error classes.
const GOOD_FIXTURES: [&str; 2] = ["minimal", "missing-translation"];

#[test]
fn a_failed_build_leaves_the_output_byte_identical_for_every_error_fixture() {
    let mut fixtures = entries(&repo().join("tests/fixtures"));
    fixtures.retain(|f| {
        !GOOD_FIXTURES.contains(&f.as_str()) && repo().join("tests/fixtures").join(f).join("content").is_dir()
    });
    assert!(fixtures.len() >= 20, "every error class has a fixture: {fixtures:?}");
    for fixture in fixtures {
        let site = Site::fixture("minimal");
        site.build().success();
        let before = snapshot(&site.public());
        // Swap the bad fixture in: its content/, and its templates/ or themes when it has them.
        fs::remove_dir_all(site.path("content")).unwrap();
        copy_dir(&repo().join("tests/fixtures").join(&fixture), site.root());
        let run = site.build();
        assert_eq!(run.code, 1, "{fixture}: a failed build\n{}", run.stderr);
        assert!(run.last_line().ends_with("; the output folder was left as it was"), "{fixture}: {}", run.stderr);
        assert!(snapshot(&site.public()) == before, "{fixture}: the output changed");
        let left: Vec<String> = entries(site.root()).into_iter().filter(|e| e.starts_with('.')).collect();
        assert!(left.is_empty(), "{fixture}: staging folders left: {left:?}");
    }
}

/// A site big enough that writing it takes a while: `briefs` briefs, each
/// with calls, quotes and a long narrative in both languages.
fn generate(root: &Path, briefs: usize, variant: &str) {
    let write = |relative: String, text: String| {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "content/site.yaml".into(),
        format!(
            "title: {{zh: 测试{variant}, en: Test {variant}}}\nlanguages: [zh, en]\ndefault_language: zh\nas_of: 2025-02-13\n"
        ),
    );
    for p in 0..20 {
        write(format!("content/people/p{p}.yaml"), format!("name: {{zh: 人物{p}, en: Person {p}}}\n"));
    }
    let zh = "双方就双边关系和共同关心的问题深入交换了意见。".repeat(40);
    let en = "The two sides had an in-depth exchange of views on relations. ".repeat(40);
    for b in 0..briefs {
        let (x, y) = (b % 20, (b + 1) % 20);
        write(
            format!("content/briefs/2025-01-{:02}-b{b}/brief.yaml", b % 28 + 1),
            format!(
                "title: {{zh: 简报{b}{variant}, en: Brief {b} {variant}}}\ndate: 2025-01-{:02}\n\
                 summary: {{zh: 摘要{b}, en: Summary {b}}}\ncalls:\n  - id: c\n    participants: [p{x}, p{y}]\n\
                 quotes:\n  - speaker: p{x}\n    text: {{zh: 好{b}, en: Good {b}}}\n",
                b % 28 + 1
            ),
        );
        let dir = format!("content/briefs/2025-01-{:02}-b{b}", b % 28 + 1);
        write(format!("{dir}/zh.md"), format!("## 通话\n\n{zh}\n\n## 后续\n\n{zh}\n"));
        write(format!("{dir}/en.md"), format!("## The call\n\n{en}\n\n## Next\n\n{en}\n"));
    }
    if !root.join("themes").exists() {
        copy_dir(&repo().join("themes"), &root.join("themes"));
    }
}

/// A site of `briefs` briefs and its own throwaway folder.
fn built(briefs: usize, variant: &str, output: &str) -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::bare();
    generate(site.root(), briefs, variant);
    let out = site.path(output);
    site.build_with(&["--output", out.to_str().unwrap()]).success();
    let shot = snapshot(&out);
    (site, shot)
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_never_a_mix() {
    let briefs = 200;
    let (site, old) = built(briefs, "old", "public");
    // The complete new site, built elsewhere, to compare against.
    generate(site.root(), briefs, "new");
    site.build_with(&["--output", site.path("reference").to_str().unwrap()]).success();
    let new = snapshot(&site.path("reference"));
    fs::remove_dir_all(site.path("reference")).unwrap();
    assert_ne!(old, new);
    // How long a whole build takes, to spread the kills over it.
    let started = Instant::now();
    site.build_with(&["--output", site.path("timing").to_str().unwrap()]).success();
    let whole = started.elapsed();
    fs::remove_dir_all(site.path("timing")).unwrap();

    let mut outcomes = Vec::new();
    for percent in [5u32, 20, 40, 60, 75, 90, 97, 100, 110] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["build", "--root", site.root().to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * percent / 100);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let now = snapshot(&site.public());
        let which = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!("killed at {percent}% ({status}): the output is neither the old nor the new site")
        };
        outcomes.push(format!("{percent}%: {which}"));
        if which == "new" {
            // Start the next round from the old site again.
            generate(site.root(), briefs, "old");
            site.build().success();
            assert!(snapshot(&site.public()) == old);
            generate(site.root(), briefs, "new");
        }
    }
    // Whatever a killed build left beside the output, the next build works and clears it.
    site.build().success();
    assert!(snapshot(&site.public()) == new, "the next build writes the new site");
    assert_eq!(
        entries(site.root()),
        ["content", "public", "themes"],
        "no staging or backup folder is left ({outcomes:?})"
    );
}

#[test]
fn stale_staging_folders_do_not_break_the_next_build() {
    let site = Site::fixture("minimal");
    site.build().success();
    // What a build killed mid-write leaves: a half-written staging folder of a
    // process that no longer exists, and a backup of one killed mid-swap.
    site.write(".public.staging-4294967295/index.html", "half");
    site.write(".public.staging-4294967294/a/b/c.html", "half");
    site.write(".public.previous-4294967293/index.html", "old");
    site.build().success();
    assert_eq!(entries(site.root()), ["content", "public", "themes"]);
    // A build killed between the two renames of the swap leaves no output and
    // the last good site in its backup: the next build starts from it.
    let before = snapshot(&site.public());
    fs::rename(site.public(), site.path(".public.previous-4294967295")).unwrap();
    site.build().success();
    assert!(snapshot(&site.public()) == before);
    assert_eq!(entries(site.root()), ["content", "public", "themes"]);
}

/// Narratives are read again when their pages and the search index are
/// made: one saved after it was checked must stop the build (its new text
/// was never validated), with a diagnostic that says to run it again.
#[test]
fn a_narrative_changed_after_it_was_checked_stops_the_build() {
    let site = Site::example();
    let (inventory, _) = brief::content::discover::discover(site.root());
    let model = brief::content::load::load(site.root(), &inventory).0.expect("the example loads");
    let theme = brief::site::theme::load_theme(site.root(), &model.config.theme).expect("the theme loads");
    assert!(brief::site::render::render_site(&model, &theme, &|_| false).is_ok(), "unchanged, it renders");
    let narrative = model.briefs[0].narratives.zh.as_ref().expect("a Chinese narrative");
    site.append(&narrative.path, "\n[新链接](person:nobody)\n");
    let problems = brief::site::render::render_site(&model, &theme, &|_| false).expect_err("the build stops");
    let found: Vec<(&str, &str)> = problems.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(found, [("changed-during-build", narrative.path.as_str())], "reported once, at the file");
    assert_eq!(problems[0].help.as_deref(), Some("run the build again (the output was left as it was)"));
}
