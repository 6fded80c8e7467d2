//! Search opened from disk (`file://`) in headless Chromium: a Chinese and
//! an English query typed into the search page, the results checked, the
//! first one followed to its anchor.

use serde_json::Value;

use crate::support::{build_example, run_browser_script};

fn titles(q: &Value) -> Vec<&str> {
    q["results"].as_array().map(|r| r.iter().filter_map(|x| x["title"].as_str()).collect()).unwrap_or_default()
}

#[test]
fn search_works_from_disk_in_both_languages() {
    let (_dir, out) = build_example(&[]);
    for (page, queries) in [
        ("search/index.html", ["威特科夫", "Witkoff", "时长"]),
        ("en/search/index.html", ["Witkoff", "威特科夫", "peacekeep"]),
    ] {
        let path = out.join(page);
        let args = [std::ffi::OsStr::new("search"), path.as_os_str()];
        let queries_os: Vec<&std::ffi::OsStr> = queries.iter().map(std::ffi::OsStr::new).collect();
        let report = run_browser_script(&[&args[..], &queries_os[..]].concat());
        assert_eq!(report["errors"].as_array().map(Vec::len), Some(0), "script errors: {report}");
        let q = &report["queries"];
        // The person is found by either script and ranks first, as a person page.
        for i in 0..2 {
            let first = &q[i]["results"][0];
            assert!(
                first["href"].as_str().is_some_and(|h| h.ends_with("people/witkoff/index.html")),
                "{page} {:?}: {:?}",
                q[i]["q"],
                titles(&q[i])
            );
            assert_eq!(q[i]["target"]["anchor"], true);
        }
        let name = if page.starts_with("en/") { "Steve Witkoff" } else { "威特科夫" };
        assert_eq!(q[0]["results"][0]["title"], name);
        // Results are counted for screen readers and highlighted.
        let status = q[2]["status"].as_str().unwrap_or("");
        let count = q[2]["results"].as_array().map_or(0, Vec::len);
        assert!(count > 0 && status.contains(&count.to_string()), "{page}: {status} / {count}");
        let marked =
            q[2]["results"].as_array().unwrap().iter().any(|r| r["marks"].as_array().is_some_and(|m| !m.is_empty()));
        assert!(marked, "{page}: no highlighted match for {:?}", q[2]["q"]);
        // A result links to the exact section, and the section exists.
        let hrefs: Vec<&str> = q[2]["results"].as_array().unwrap().iter().filter_map(|r| r["href"].as_str()).collect();
        assert!(hrefs.iter().any(|h| h.contains("#")), "{page}: {hrefs:?}");
        assert_eq!(q[2]["target"]["anchor"], true, "{page}: {}", q[2]["target"]);
        // The query is kept in the address, and a query in the address runs on load.
        assert!(q[0]["address"].as_str().unwrap_or("").contains("?q="), "{}", q[0]["address"]);
        assert_eq!(report["from_address"]["results"][0]["title"], name);
    }
}
