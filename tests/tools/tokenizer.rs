//! The search tokenizer exists twice, in Rust (index) and in `search.js`
//! (query); this runs the JavaScript one in Node and holds both to one rule.

use std::process::Command;

use brief::site::search::tokenize::{index_terms, query_terms};

use crate::support::{node, repo};

const SAMPLES: [&str; 10] = [
    "特朗普先后与普京、泽连斯基通电话",
    "Trump's call with Putin, NATO-led (2025)",
    "威特科夫Witkoff说：“漫长而富有成效”",
    "2025年2月12日 US Eastern time",
    "京",
    "ΣΊΣΥΦΟΣ Zelenskyy Ünal ＡＢＣ１２",
    "𠀀𠀁 〇 emoji 🙂 ok",
    "  ，。!?  ",
    "Ümit İstanbul straße",
    "a-b_c d.e",
];

#[test]
fn rust_and_javascript_tokenize_alike() {
    let engine = repo().join("src/site/search/search.js");
    let script = r#"
        const fs = require("fs");
        global.window = global;
        global.document = { readyState: "complete", getElementById: () => null };
        eval(fs.readFileSync(process.argv[1], "utf8"));
        const samples = JSON.parse(process.argv[2]);
        const e = window.briefSearchEngine;
        console.log(JSON.stringify(samples.map((s) => ({
            index: e.indexTerms(s),
            query: e.queryTerms(s).map((t) => [t.text, t.prefix]),
        }))));
    "#;
    let output = Command::new(node())
        .arg("-e")
        .arg(script)
        .arg(&engine)
        .arg(serde_json::to_string(&SAMPLES).unwrap())
        .output()
        .expect("run node");
    assert!(output.status.success(), "node failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let js: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("JSON from node");
    assert_eq!(js.len(), SAMPLES.len());
    for (sample, js) in SAMPLES.iter().zip(&js) {
        let rust_index = serde_json::to_value(index_terms(sample)).unwrap();
        let rust_query: Vec<(String, bool)> = query_terms(sample).into_iter().map(|t| (t.text, t.prefix)).collect();
        assert_eq!(js["index"], rust_index, "index terms differ for {sample:?}");
        assert_eq!(js["query"], serde_json::to_value(rust_query).unwrap(), "query terms differ for {sample:?}");
    }
}
