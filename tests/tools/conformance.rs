//! Every page of the example site, both languages, checked by outside
//! tools: the Nu HTML Checker (zero errors) and axe-core's WCAG 2.1 A/AA
//! rules in headless Chromium, in light and dark mode (zero violations).

use std::path::Path;
use std::process::Command;

use crate::support::{build_example, html_files, node_module_file, require_program, run_browser_script};

#[test]
fn every_page_passes_the_nu_html_checker() {
    let java = require_program("java", "apt-get install -y default-jre-headless");
    let vnu = node_module_file("vnu-jar/build/dist/vnu.jar");
    // With and without base_url: the head differs (canonical, og:url, feeds).
    for args in [&[][..], &["--base-url", "https://briefs.example.org/sub/"][..]] {
        let (_dir, out) = build_example(args);
        let mut pages = html_files(&out);
        assert!(pages.len() > 80, "the example site has {} pages", pages.len());
        // A page with a known error proves the checker runs and reports.
        pages.push(canary(&out));
        let output = Command::new(&java)
            .arg("-jar")
            .arg(&vnu)
            .args(["--errors-only", "--format", "gnu"])
            .args(&pages)
            .output()
            .expect("run the Nu HTML Checker");
        let report = String::from_utf8_lossy(&output.stderr);
        let (canary_lines, errors): (Vec<&str>, Vec<&str>) =
            report.lines().filter(|l| !l.trim().is_empty()).partition(|l| l.contains("canary.html"));
        assert!(errors.is_empty(), "vnu found errors ({args:?}):\n{}", errors.join("\n"));
        assert!(!canary_lines.is_empty(), "vnu did not flag the canary page: is it really checking?\n{report}");
    }
}

/// A page with an HTML error, a missing alt text and low-contrast text.
fn canary(out: &Path) -> std::path::PathBuf {
    let path = out.join("canary.html");
    std::fs::write(
        &path,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>canary</title></head>\
         <body><main><p style=\"color:#bbb;background:#fff\">faint <span><div>bad nesting</div></span></p>\
         <img src=\"x.png\"></main></body></html>",
    )
    .expect("write the canary page");
    path
}

#[test]
fn every_page_passes_axe_in_light_and_dark_mode() {
    let (_dir, out) = build_example(&["--base-url", "https://briefs.example.org/"]);
    canary(&out);
    let report = run_browser_script(&[std::ffi::OsStr::new("axe"), out.as_os_str()]);
    let pages = report["pages"].as_u64().unwrap_or(0);
    assert!(pages > 80, "axe saw {pages} pages");
    assert_eq!(report["runs"].as_u64(), Some(pages * 2), "every page in light and dark mode");
    let all = report["violations"].as_array().expect("a list of violations");
    let (canary, violations): (Vec<&serde_json::Value>, Vec<&serde_json::Value>) =
        all.iter().partition(|v| v["page"] == "canary.html");
    assert!(violations.is_empty(), "axe found violations:\n{}", serde_json::to_string_pretty(&violations).unwrap());
    for scheme in ["light", "dark"] {
        for rule in ["color-contrast", "image-alt"] {
            assert!(
                canary.iter().any(|v| v["scheme"] == scheme && v["id"] == rule),
                "axe did not flag the canary's {rule} in {scheme} mode: is it really checking?"
            );
        }
    }
}
