//! Search opened from disk (`file://`) in headless Chromium: a Chinese and
//! an English query typed into the search page, the results checked, the
//! first one followed to its anchor; and on a generated site of 250 briefs,
//! whose index is split into shards, a query loads only the shards it needs.

use std::collections::BTreeSet;
use std::ffi::OsStr;

use brief::site::search::tokenize::query_terms;
use serde_json::Value;

use crate::support::{build_example, build_site, run_browser_script};

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

/// Strings in JavaScript's order (UTF-16 code units), as the shards are.
fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The term shards a query needs by `search.js`'s rule: the shard each term
/// falls in, and for a prefix term the following shards it starts.
fn needed_term_shards(firsts: &[String], query: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for term in query_terms(query) {
        let lo = firsts.partition_point(|f| js_cmp(f, &term.text).is_le());
        out.insert(format!("t{}.js", lo.saturating_sub(1)));
        if term.prefix {
            out.extend(
                (lo..firsts.len()).take_while(|i| firsts[*i].starts_with(&term.text)).map(|i| format!("t{i}.js")),
            );
        }
    }
    out
}

/// The shard files among the page's scripts (names like `t3.js`, `d12.js`)
/// and the bytes of every index file it loaded (manifest and shards).
fn loaded(scripts: &Value) -> (BTreeSet<String>, BTreeSet<String>, u64) {
    let (mut terms, mut docs, mut bytes) = (BTreeSet::new(), BTreeSet::new(), 0);
    for s in scripts.as_array().expect("scripts") {
        let src = s["src"].as_str().unwrap_or("");
        let name = src.rsplit('/').next().unwrap_or("").to_string();
        if src.contains("/assets/search/") {
            if name.starts_with('t') {
                terms.insert(name)
            } else {
                docs.insert(name)
            };
        }
        if src.contains("/assets/search") {
            bytes += s["bytes"].as_u64().expect("a file that exists");
        }
    }
    (terms, docs, bytes)
}

#[test]
fn a_query_on_a_larger_site_loads_only_the_shards_it_needs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    crate::corpus::generate(&root, 250).expect("generate a 250-brief site");
    let (_out_dir, out) = build_site(&root, &[]);
    for (page, lang, query, first) in
        [("search/index.html", "zh", "通话会晤", None), ("en/search/index.html", "en", "Person 12", Some("Person 12"))]
    {
        let manifest = std::fs::read_to_string(out.join(format!("assets/search-index.{lang}.js"))).unwrap();
        let json = &manifest[manifest.find(".push(").unwrap() + 6..manifest.rfind(");").unwrap()];
        let manifest: Value = serde_json::from_str(json).unwrap();
        let firsts: Vec<String> =
            manifest["termShards"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        let all_files = std::fs::read_dir(out.join(format!("assets/search/{lang}"))).unwrap().count();

        let path = out.join(page);
        let report = run_browser_script(&[OsStr::new("search"), path.as_os_str(), OsStr::new(query)]);
        assert_eq!(report["errors"].as_array().map(Vec::len), Some(0), "script errors: {report}");
        let q = &report["queries"][0];
        let results = q["results"].as_array().expect("results");
        assert_eq!(results.len(), 10, "{lang} {query}: the first ten results: {:?}", titles(q));
        if let Some(first) = first {
            assert_eq!(results[0]["title"], first, "{lang} {query}: {:?}", titles(q));
        }
        assert!(results.iter().all(|r| r["marks"].as_array().is_some_and(|m| !m.is_empty())), "{lang}: {q}");
        assert_eq!(q["target"]["anchor"], true);
        assert_eq!(q["more"], true, "{lang} {query}: more results to show");

        // Exactly the term shards the query's terms fall in, and the
        // document shards of the ten results shown: a few of the files.
        let (terms, docs, bytes) = loaded(&q["scripts"]);
        assert_eq!(terms, needed_term_shards(&firsts, query), "{lang} {query}");
        assert!((1..=10).contains(&docs.len()), "{lang} {query}: {docs:?}");
        assert!(terms.len() + docs.len() < all_files / 5, "{lang}: {terms:?} {docs:?} of {all_files}");
        assert!(bytes < 1024 * 1024, "{lang} {query}: {bytes} bytes");

        // "Show more" adds the next ten, loading only their documents, and
        // moves the focus to the first of them.
        let more = &report["more"];
        assert_eq!((more["before"].as_u64(), more["after"].as_u64()), (Some(10), Some(20)), "{more}");
        let (more_terms, more_docs, _) = loaded(&more["scripts"]);
        assert_eq!(more_terms, terms, "no term shard is loaded again or added");
        assert!(more_docs.is_superset(&docs) && more_docs.len() <= docs.len() + 10);
        assert!(more["focused"].as_str().is_some_and(|h| h.contains("index.html")), "{more}");
        assert_eq!(report["from_address"]["results"][0]["title"], results[0]["title"]);
    }
}
