//! The offline-first output of the example site, checked from the files a
//! build writes: the search index (classic scripts, every result pointing
//! at a section that exists), feeds, sitemap and robots.txt (valid, with
//! absolute URLs, only when there is a base_url), Open Graph meta and
//! JSON-LD that no text can break out of.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

// The benchmark corpus generator, for a site large enough to be sharded.
#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;
#[path = "shared/files.rs"]
mod files;
use files::files_under;

const BASE: &str = "https://briefs.example.org/sub/";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .args(extra)
        .output()
        .expect("run brief");
    assert!(output.status.success(), "build failed:\n{}", String::from_utf8_lossy(&output.stderr));
    (dir, out, output)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON object an index script pushes.
fn index_json(script: &str) -> Value {
    let start = script.find(".push(").expect("the index pushes onto window.briefSearch") + ".push(".len();
    let end = script.rfind(");").expect("the push call is closed");
    serde_json::from_str(&script[start..end]).expect("the pushed value is JSON")
}

fn html_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

#[test]
fn search_indexes_are_classic_scripts_whose_results_exist() {
    let (_dir, out, _) = build(&repo(), &[]);
    for (lang, tree) in [("zh", out.clone()), ("en", out.join("en"))] {
        let script = read(&out.join(format!("assets/search-index.{lang}.js")));
        assert!(script.starts_with("/*"), "a comment says what the file is");
        assert!(script.contains("(window.briefSearch = window.briefSearch || []).push({"));
        for banned in ["import ", "export ", "fetch(", "XMLHttpRequest", "\u{2028}"] {
            assert!(!script.contains(banned), "{lang}: the index contains {banned:?}");
        }
        let index = index_json(&script);
        assert_eq!(index["v"], 2);
        assert_eq!(index["lang"], lang);
        // A small site keeps its whole index in the manifest: one file.
        assert!(index.get("termShards").is_none() && index.get("docShards").is_none());
        assert!(!out.join("assets/search").exists(), "the example needs no shards");
        let docs = index["docs"].as_array().expect("docs");
        assert!(docs.len() > 100, "{lang}: only {} documents", docs.len());
        assert!(index["terms"].as_object().is_some_and(|t| t.contains_key("普京") && t.contains_key("putin")));
        for doc in docs {
            let href = doc["u"].as_str().expect("every document links somewhere");
            let (file, anchor) = href.split_once('#').map_or((href, None), |(f, a)| (f, Some(a)));
            assert!(file.ends_with("index.html"), "{href}: links name the file");
            let html = read(&tree.join(file));
            if let Some(anchor) = anchor {
                assert!(html.contains(&format!("id=\"{anchor}\"")), "{lang}: {href}: no element with that id");
            }
        }
        let page = read(&tree.join("search/index.html"));
        assert!(page.contains("<noscript>"), "the search page says search needs JavaScript");
        assert!(
            page.contains(&format!(
                "src=\"../{}assets/search-index.{lang}.js\"",
                if lang == "en" { "../" } else { "" }
            ))
        );
        assert!(!page.contains("type=\"module\""));
        assert!(page.contains("aria-live=\"polite\""));
    }
    let engine = read(&out.join("assets/search.js"));
    for banned in ["fetch(", "import(", "import ", "export ", "Worker(", "WebAssembly", "XMLHttpRequest", "innerHTML"] {
        assert!(!engine.contains(banned), "search.js uses {banned:?}");
    }
}

#[test]
fn every_page_has_a_search_box_and_social_meta() {
    let (_dir, out, _) = build(&repo(), &[]);
    for file in html_files(&out) {
        let html = read(&file);
        let name = file.strip_prefix(&out).unwrap().display().to_string();
        for needle in
            ["property=\"og:title\"", "property=\"og:type\"", "property=\"og:locale\"", "name=\"twitter:card\""]
        {
            assert!(html.contains(needle), "{name}: no {needle}");
        }
        if !name.ends_with("search/index.html") {
            assert!(html.contains("role=\"search\"") && html.contains("name=\"q\""), "{name}: no search box");
            assert!(
                html.contains("search/index.html\" method=\"get\""),
                "{name}: the box does not submit to the search page"
            );
        }
    }
}

#[test]
fn without_base_url_feeds_and_absolute_urls_are_left_out_with_a_note() {
    let (_dir, out, output) = build(&repo(), &[]);
    for file in ["atom.xml", "feed.json", "en/atom.xml", "en/feed.json", "sitemap.xml", "robots.txt"] {
        assert!(!out.join(file).exists(), "{file} was written without a base_url");
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("note: no base_url"), "the build says what was left out:\n{stderr}");
    for file in html_files(&out) {
        let html = read(&file);
        for needle in ["og:url", "rel=\"canonical\"", "application/atom+xml", "https://briefs"] {
            assert!(!html.contains(needle), "{}: {needle} without a base_url", file.display());
        }
    }
}

#[test]
fn with_base_url_feeds_and_sitemap_are_valid_and_absolute() {
    let (_dir, out, output) = build(&repo(), &["--base-url", BASE]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("note: no base_url"));
    for (prefix, lang) in [("", "zh-Hans"), ("en/", "en")] {
        let atom = read(&out.join(format!("{prefix}atom.xml")));
        let doc = roxmltree::Document::parse(&atom).expect("atom.xml is well-formed XML");
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
        let entries: Vec<_> = feed.children().filter(|n| n.has_tag_name("entry")).collect();
        assert_eq!(entries.len(), 2, "one entry per brief");
        let updated = feed.children().find(|n| n.has_tag_name("updated")).and_then(|n| n.text());
        assert_eq!(updated, Some("2025-02-13T00:00:00Z"), "the feed's date is the site's as_of");
        for link in doc.descendants().filter(|n| n.has_tag_name("link")) {
            assert!(link.attribute("href").is_some_and(|h| h.starts_with(BASE)), "{prefix}atom.xml: {link:?}");
        }
        for entry in &entries {
            let id = entry.children().find(|n| n.has_tag_name("id")).and_then(|n| n.text()).unwrap_or("");
            assert!(id.starts_with(&format!("{BASE}{prefix}briefs/")) && id.ends_with('/'), "{id}");
            let published = entry.children().find(|n| n.has_tag_name("published")).and_then(|n| n.text());
            assert_eq!(published, Some("2025-02-12T00:00:00Z"));
        }
        let json: Value =
            serde_json::from_str(&read(&out.join(format!("{prefix}feed.json")))).expect("feed.json is JSON");
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(json["language"], lang);
        assert_eq!(json["feed_url"], format!("{BASE}{prefix}feed.json"));
        let items = json["items"].as_array().expect("items");
        assert_eq!(items.len(), 2);
        for item in items {
            assert!(item["url"].as_str().is_some_and(|u| u.starts_with(BASE)));
            assert!(item["title"].as_str().is_some_and(|t| !t.is_empty()));
            assert_eq!(item["date_published"], "2025-02-12T00:00:00Z");
        }
    }
    let sitemap = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let urls: Vec<_> = doc.root_element().children().filter(|n| n.has_tag_name("url")).collect();
    let pages = html_files(&out).len() - 2; // every page but the two 404s
    assert_eq!(urls.len(), pages);
    for url in &urls {
        let loc = url.children().find(|n| n.has_tag_name("loc")).and_then(|n| n.text()).unwrap_or("");
        assert!(loc.starts_with(BASE), "{loc}");
        let langs: Vec<&str> = url
            .children()
            .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
            .filter_map(|n| n.attribute("hreflang"))
            .collect();
        assert_eq!(langs, ["zh-Hans", "en", "x-default"], "{loc}");
    }
    let robots = read(&out.join("robots.txt"));
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")), "{robots}");
    let home = read(&out.join("en/index.html"));
    assert!(home.contains(&format!("<meta property=\"og:url\" content=\"{BASE}en/\">")));
    assert!(home.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
}

#[test]
fn builds_with_feeds_are_byte_identical() {
    let (_a, one, _) = build(&repo(), &["--base-url", BASE]);
    let (_b, two, _) = build(&repo(), &["--base-url", BASE]);
    let (a, b) = (files_under(&one, &one), files_under(&two, &two));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between two builds", pa.display());
    }
}

/// JSON-LD of the example's brief: valid JSON with people, events, claims, quotations.
fn jsonld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("a JSON-LD block") + open.len();
    let end = start + html[start..].find("</script>").expect("the block is closed");
    serde_json::from_str(&html[start..end]).expect("JSON-LD is valid JSON")
}

#[test]
fn briefs_carry_structured_data_with_every_duration_claim() {
    let (_dir, out, _) = build(&repo(), &["--base-url", BASE]);
    let html = read(&out.join("en/briefs/2025-02-12-trump-putin-zelensky-calls/index.html"));
    let ld = jsonld(&html);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["inLanguage"], "en");
    let putin = ld["mentions"].as_array().unwrap().iter().find(|m| m["name"] == "Vladimir Putin").expect("Putin");
    assert_eq!(putin["@type"], "Person");
    assert!(putin["alternateName"].as_array().unwrap().iter().any(|n| n == "普京"));
    let call =
        ld["about"].as_array().unwrap().iter().find(|e| e["name"] == "Donald Trump and Vladimir Putin").expect("call");
    assert_eq!(call["@type"], "Event");
    assert!(call.get("duration").is_none(), "a disputed length is never one number");
    let claims = call["subjectOf"].as_array().expect("each account is a claim");
    assert!(claims.len() >= 2 && claims.iter().all(|c| c["@type"] == "Claim" && c["author"]["@id"].is_string()));
    assert!(claims.iter().all(|c| c["appearance"]["name"].is_string()), "each claim names its source");
    let quotes = ld["hasPart"].as_array().expect("quotations");
    assert!(quotes.iter().all(|q| q["@type"] == "Quotation" && q["spokenByCharacter"]["@id"].is_string()));
    let ids: Vec<&str> = ld["mentions"].as_array().unwrap().iter().filter_map(|m| m["@id"].as_str()).collect();
    for q in quotes {
        assert!(ids.contains(&q["spokenByCharacter"]["@id"].as_str().unwrap()), "the speaker is a mentioned person");
    }
}

/// Copies the example site's theme and a minimal content folder into `root`.
fn tiny_site(root: &Path, title: &str) {
    let copy = |from: &Path, to: &Path| {
        for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file())
        {
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), target).unwrap();
        }
    };
    copy(&repo().join("themes"), &root.join("themes"));
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "content/site.yaml",
        "title: {zh: 测试, en: Test}\nlanguages: [zh, en]\ndefault_language: zh\nas_of: 2025-02-13\n",
    );
    write("content/people/putin.yaml", "name: {zh: 普京, en: Vladimir Putin}\n");
    write("content/people/trump.yaml", "name: {zh: 特朗普, en: Donald Trump}\n");
    write(
        "content/briefs/2025-02-12-x/brief.yaml",
        &format!(
            "title: {{zh: '{title}', en: '{title}'}}\ndate: 2025-02-12\nsummary: {{zh: 摘要, en: Summary</script>}}\n\
             calls:\n  - id: a\n    participants: [trump, putin]\n    date: 2025-02-12\n"
        ),
    );
}

#[test]
fn a_script_tag_in_a_title_cannot_break_out_of_the_json_ld() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Hello </script><script>alert(1)</script> & <!-- x";
    tiny_site(dir.path(), title);
    let (_out_dir, out, _) = build(dir.path(), &[]);
    for page in ["briefs/2025-02-12-x/index.html", "en/briefs/2025-02-12-x/index.html"] {
        let html = read(&out.join(page));
        assert!(!html.contains("<script>alert(1)"), "{page}: the title broke out");
        assert_eq!(html.matches("</script>").count(), 1, "{page}: only the JSON-LD block closes a script");
        let ld = jsonld(&html);
        assert_eq!(ld["headline"], title, "the escaped JSON still reads as the title");
        let summary = if page.starts_with("en/") { "Summary</script>" } else { "摘要" };
        assert_eq!(ld["description"], summary);
    }
}

/// Strings in JavaScript's order (UTF-16 code units), as the shards are.
fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Checks a shard file is a classic script pushing a part of `lang`'s index.
fn shard_part(path: &Path, lang: &str, key: &str, i: usize) -> (Value, usize) {
    let script = read(path);
    assert!(script.starts_with("/*") && script.contains("(window.briefSearch = window.briefSearch || []).push({"));
    for banned in ["import ", "export ", "fetch(", "XMLHttpRequest", "\u{2028}"] {
        assert!(!script.contains(banned), "{}: contains {banned:?}", path.display());
    }
    let part = index_json(&script);
    assert_eq!((part["v"].as_u64(), part["lang"].as_str()), (Some(2), Some(lang)));
    assert_eq!(part[key].as_u64(), Some(i as u64), "{}", path.display());
    (part, script.len())
}

/// The byte bounds `brief build` keeps shards to (`site/search/shard.rs`),
/// plus room for the script's comment and wrapper.
const TERM_SHARD_MAX: usize = 64 * 1024 + 256;
const DOC_SHARD_MAX: usize = 24 * 1024 + 256;

#[test]
fn a_larger_site_splits_its_index_into_bounded_shards_that_all_exist() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    corpus::generate(&root, 250).expect("generate a 250-brief site");
    let (_out_dir, out, _) = build(&root, &[]);
    for lang in ["zh", "en"] {
        let manifest = read(&out.join(format!("assets/search-index.{lang}.js")));
        assert!(manifest.len() < 8 * 1024, "{lang}: the manifest is {} bytes", manifest.len());
        let m = index_json(&manifest);
        assert_eq!((m["v"].as_u64(), m["lang"].as_str()), (Some(2), Some(lang)));
        assert!(m.get("docs").is_none() && m.get("terms").is_none(), "{lang}: both tables are split");
        assert_eq!(m["dir"], format!("assets/search/{lang}/"));
        let firsts: Vec<&str> = m["termShards"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        let mut at = 0;
        let starts: Vec<usize> = m["docShards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                at += g.as_u64().unwrap() as usize;
                at
            })
            .collect();
        assert!(firsts.len() > 2 && starts.len() > 20, "{lang}: {} term, {} doc shards", firsts.len(), starts.len());
        assert!(firsts.windows(2).all(|w| js_cmp(w[0], w[1]).is_lt()), "first terms in order");
        assert_eq!(starts[0], 0);

        // Exactly the files the manifest lists, no more.
        let shard_dir = out.join(format!("assets/search/{lang}"));
        let listed: BTreeSet<String> = (0..firsts.len())
            .map(|i| format!("t{i}.js"))
            .chain((0..starts.len()).map(|i| format!("d{i}.js")))
            .collect();
        let present: BTreeSet<String> = std::fs::read_dir(&shard_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(listed, present, "{lang}: the shard folder holds exactly the listed shards");

        // Term shards: each holds its range of terms, within the bound
        // (or one term alone); every term is in exactly one shard.
        let mut all_terms: Vec<String> = Vec::new();
        for (i, first) in firsts.iter().enumerate() {
            let (part, size) = shard_part(&shard_dir.join(format!("t{i}.js")), lang, "termShard", i);
            let terms: Vec<&String> = part["terms"].as_object().unwrap().keys().collect();
            assert!(size <= TERM_SHARD_MAX || terms.len() == 1, "{lang} t{i}: {size} bytes");
            assert!(terms.iter().any(|t| t.as_str() == *first), "t{i} holds its first term");
            for t in &terms {
                assert!(js_cmp(t, first).is_ge(), "{t} before t{i}");
                if let Some(next) = firsts.get(i + 1) {
                    assert!(js_cmp(t, next).is_lt(), "{t} belongs after t{i}");
                }
            }
            all_terms.extend(terms.into_iter().cloned());
        }
        let count = all_terms.len();
        all_terms.sort();
        all_terms.dedup();
        assert_eq!(all_terms.len(), count, "{lang}: a term is in two shards");
        for must in ["talks", "通话", "person"] {
            assert!(all_terms.iter().any(|t| t == must), "{lang}: no {must}");
        }

        // Document shards: consecutive, within the bound (or one brief
        // alone), each starting a brief whose sections it holds.
        let mut total = 0;
        for (i, start) in starts.iter().enumerate() {
            let (part, size) = shard_part(&shard_dir.join(format!("d{i}.js")), lang, "docShard", i);
            let docs = part["docs"].as_array().unwrap();
            assert!(!docs.is_empty());
            let end = start + docs.len();
            assert_eq!(starts.get(i + 1).copied().unwrap_or(end), end, "d{i} ends where d{} starts", i + 1);
            let groups = docs.iter().filter(|d| d.get("p").is_none()).count();
            assert!(size <= DOC_SHARD_MAX || groups == 1, "{lang} d{i}: {size} bytes, {groups} briefs");
            assert!(docs[0].get("p").is_none(), "d{i} starts with a brief or an entity");
            for d in docs {
                if let Some(p) = d["p"].as_u64() {
                    assert!((*start as u64..end as u64).contains(&p), "d{i}: a parent in another shard");
                }
            }
            total = end;
        }
        assert!(total > 250 * 10, "{lang}: {total} documents");
    }
}

#[test]
fn sharded_indexes_are_byte_identical_between_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    corpus::generate(&root, 120).expect("generate a site");
    let (_a, one, _) = build(&root, &[]);
    let (_b, two, _) = build(&root, &[]);
    let (a, b) = (files_under(&one, &one.join("assets")), files_under(&two, &two.join("assets")));
    assert!(a.iter().any(|(p, _)| p.starts_with("assets/search/zh")), "the index is split");
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between two builds", pa.display());
    }
}
