//! `brief init` and `brief new`: the real binary makes a site and content,
//! and `brief check` / `brief build` accept them as they are.

use std::path::Path;
use std::process::{Command, Output};

fn brief(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief")).args(args).arg(root).output().expect("run brief")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

/// `brief check --format json`: (errors, warnings).
fn check(root: &Path) -> (usize, usize) {
    let output = brief(&["check", "--format", "json", "--root"], root);
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let errors = lines.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(code(&output), i32::from(errors > 0), "{lines:?}");
    (errors, lines.len() - errors)
}

fn init_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let output = brief(&["init"], &site);
    assert_eq!(code(&output), 0, "{}", String::from_utf8_lossy(&output.stderr));
    (dir, site)
}

#[test]
fn init_makes_a_site_that_builds() {
    let (_dir, site) = init_site();
    assert_eq!(check(&site), (0, 0), "the new site is clean");
    let theme = std::fs::read(site.join("themes/default/templates/base.html")).unwrap();
    assert_eq!(
        theme,
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html")).unwrap()
    );
    let built = brief(&["build", "--root"], &site);
    assert_eq!(code(&built), 0, "{}", String::from_utf8_lossy(&built.stderr));
    let public = site.join("public");
    for page in ["index.html", "en/index.html", "404.html", "assets/style.css", "timeline/index.html"] {
        assert!(public.join(page).is_file(), "{page}");
    }
    let briefs: Vec<_> = std::fs::read_dir(public.join("briefs")).unwrap().collect();
    assert_eq!(briefs.len(), 1);
    let home = std::fs::read_to_string(public.join("en/index.html")).unwrap();
    assert!(home.contains("An example brief"));
}

#[test]
fn init_refuses_a_folder_with_something_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = brief(&["init"], dir.path());
    assert_eq!(code(&output), 1);
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an empty folder"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing was written");
    // An existing empty folder is fine.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(code(&brief(&["init"], empty.path())), 0);
}

#[test]
fn new_briefs_pass_check_as_they_are() {
    let (_dir, site) = init_site();
    let english = brief(&["new", "brief", "Trump calls Putin, then Zelensky", "--date", "2025-02-13", "--root"], &site);
    assert_eq!(code(&english), 0, "{}", String::from_utf8_lossy(&english.stderr));
    let slug_folder = site.join("content/briefs/2025-02-13-trump-calls-putin-then-zelensky");
    assert!(slug_folder.join("brief.yaml").is_file() && slug_folder.join("en.md").is_file());

    let chinese = brief(&["new", "brief", "特朗普与普京通话", "--date", "2025-02-13", "--root"], &site);
    assert_eq!(code(&chinese), 0);
    assert!(String::from_utf8_lossy(&chinese.stdout).contains("2025-02-13-brief"));
    let yaml = std::fs::read_to_string(site.join("content/briefs/2025-02-13-brief/brief.yaml")).unwrap();
    assert!(yaml.contains("zh: \"特朗普与普京通话\""), "{yaml}");
    assert!(site.join("content/briefs/2025-02-13-brief/zh.md").is_file());

    let chosen = brief(&["new", "brief", "特朗普与普京通话", "--slug", "trump-putin-call", "--root"], &site);
    assert_eq!(code(&chosen), 0);
    let (errors, _) = check(&site);
    assert_eq!(errors, 0);

    // Never overwrite; a bad slug is a usage error.
    let again = brief(&["new", "brief", "Other", "--slug", "trump-putin-call", "--root"], &site);
    assert_eq!(code(&again), 1);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let bad = brief(&["new", "brief", "x", "--slug", "../Escape", "--root"], &site);
    assert_eq!(code(&bad), 2);
    assert!(!site.join("content/Escape").exists() && !site.join("Escape").exists());
}

#[test]
fn new_people_and_orgs_pass_check_and_ids_are_validated() {
    let (_dir, site) = init_site();
    assert_eq!(code(&brief(&["new", "person", "vladimir-putin", "--root"], &site)), 0);
    assert_eq!(code(&brief(&["new", "org", "nato", "--root"], &site)), 0);
    let person = std::fs::read_to_string(site.join("content/people/vladimir-putin.yaml")).unwrap();
    assert!(person.contains("en: \"Vladimir Putin\""));
    assert_eq!(check(&site).0, 0);
    for bad in ["Putin", "../putin", "putin--x", "普京", "-x"] {
        let output = brief(&["new", "person", bad, "--root"], &site);
        assert_eq!(code(&output), 2, "{bad}");
    }
    let clash = brief(&["new", "person", "nato", "--root"], &site);
    assert_eq!(code(&clash), 1, "a person cannot take an organisation's id");
    let not_a_site = tempfile::tempdir().unwrap();
    assert_eq!(code(&brief(&["new", "person", "x", "--root"], not_a_site.path())), 1);
}
