//! Pictures and paper in a real browser: headless Chromium screenshots of
//! the home, brief, person and timeline pages at a phone's and a desktop's
//! width, light and dark (kept under target/screenshots/ to look at), and
//! the main brief printed to PDF in both languages, on at most three A4
//! pages (counted with poppler's pdfinfo).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{build_example, chromium, repo, require_program};

const MAIN: &str = "2025-02-12-trump-putin-zelensky-calls";

fn artefacts() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    let dir = dir.join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// Runs headless Chromium on a file with a fresh profile.
fn run_chromium(page: &Path, extra: &[String]) {
    let profile = tempfile::tempdir().expect("profile dir");
    let status = Command::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(status.status.success(), "chromium failed: {}", String::from_utf8_lossy(&status.stderr));
}

#[test]
fn screenshots_at_phone_and_desktop_width_light_and_dark() {
    let (_dir, out) = build_example(&[]);
    let shots = artefacts();
    let pages = [
        ("home", "index.html".to_string()),
        ("brief", format!("briefs/{MAIN}/index.html")),
        ("brief-en", format!("en/briefs/{MAIN}/index.html")),
        ("person", "people/trump/index.html".to_string()),
        ("timeline", "timeline/index.html".to_string()),
    ];
    for (name, path) in &pages {
        for width in [390, 1280] {
            for (scheme, flags) in [("light", vec![]), ("dark", vec!["--force-dark-mode".to_string()])] {
                let file = shots.join(format!("{name}-{width}-{scheme}.png"));
                let _ = std::fs::remove_file(&file);
                let mut args = vec![format!("--screenshot={}", file.display()), format!("--window-size={width},2400")];
                args.push("--hide-scrollbars".into());
                args.extend(flags);
                run_chromium(&out.join(path), &args);
                let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                assert!(size > 10_000, "{} is empty or missing ({size} bytes)", file.display());
            }
        }
    }
}

fn pdf_pages(pdf: &Path) -> usize {
    let pdfinfo = require_program("pdfinfo", "apt-get install -y poppler-utils");
    let out = Command::new(pdfinfo).arg(pdf).output().expect("run pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(A4)"), "not printed on A4:\n{text}");
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{text}"))
}

#[test]
fn the_main_brief_prints_on_at_most_three_a4_pages_in_both_languages() {
    let (_dir, out) = build_example(&[]);
    let shots = artefacts();
    for (lang, path) in [("zh", format!("briefs/{MAIN}/index.html")), ("en", format!("en/briefs/{MAIN}/index.html"))] {
        let pdf = shots.join(format!("brief-{lang}.pdf"));
        let _ = std::fs::remove_file(&pdf);
        run_chromium(&out.join(path), &[format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer".into()]);
        let pages = pdf_pages(&pdf);
        assert!((1..=3).contains(&pages), "the {lang} brief prints on {pages} pages");
    }
}
