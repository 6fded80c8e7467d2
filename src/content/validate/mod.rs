//! Validate: check every cross-reference and rule the types cannot express.
//!
//! Parsing already guarantees shapes, dates and durations. Here we check
//! what spans files: that every speaker, participant and `who` is in the
//! registries, every `source` is listed by its brief, ids are unique, links
//! in Markdown lead somewhere, and which translations are missing (a
//! warning: the page falls back to the other language and says so).
//! Briefs are checked in parallel; every problem is collected.
//!
//! A narrative's links are checked where it is parsed, once, for its page
//! ([`narrative_link_problems`], called by the render), or by
//! [`narrative_links`] when the build stops before rendering.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::content::model::{BriefFile, Call, EntityKind, Lang};
use crate::content::site::{Brief, Site};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};

mod checker;

use crate::content::markdown::{Heading, Links};
use crate::content::narrative::outline;
use crate::content::source::SourceFile;
use checker::{CheckedFile, Checker, link_problems, page_anchors};

/// Checks the whole site; returns every problem found.
pub fn validate(site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = check_config(site);
    for entity in site.entities.values() {
        let Some(file) = site.files.get(&entity.path) else { continue };
        let mut check = Checker::new(site, CheckedFile::Held(file), &mut diagnostics);
        check.text(&entity.file.name, "name");
        check.text(&entity.file.role, "role");
        if let Some(org) = &entity.file.affiliation {
            check.reference(org, "affiliation", Some(EntityKind::Org));
        }
        for lang in Lang::ALL {
            if let Some(bio) = entity.bio.get(lang) {
                let anchors = || bio.headings.iter().map(|h| h.id.clone()).collect();
                check.markdown_links(site, &bio.links, &anchors, lang);
            }
        }
    }
    // In small chunks, so neither thread waits long for the other at the
    // end (see `load`).
    let per_brief: Vec<Vec<Diagnostic>> =
        site.briefs.par_iter().with_max_len(32).map(|b| check_brief(site, b)).collect();
    diagnostics.extend(per_brief.into_iter().flatten());
    diagnostics
}

fn check_config(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(file) = site.files.get(&site.config_path) else { return out };
    let config = &site.config;
    let mut check = Checker::new(site, CheckedFile::Held(file), &mut out);
    check.text(&config.title, "title");
    for lang in Lang::ALL {
        if !config.languages.contains(&lang) {
            check.error_at_key(
                "languages",
                "invalid-value",
                format!("languages must list both zh and en; '{}' is missing", lang.code()),
                "write `languages: [zh, en]`",
            );
        }
    }
    if let Some(url) = &config.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        check.error_at_key(
            "base_url",
            "invalid-url",
            format!("base_url '{url}' is not an absolute http(s) URL"),
            "write it in full, e.g. https://example.org/briefs/",
        );
    }
    out
}

fn check_brief(site: &Site, brief: &Brief) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let b = &brief.file;
    let file =
        CheckedFile::Again { root: &site.root, display_path: &brief.yaml_path, fingerprint: brief.yaml_fingerprint };
    let mut check = Checker::new(site, file, &mut out);
    check.sources = b.sources.iter().map(|s| s.id.as_str()).collect();
    check.title_text(&b.title, brief, "title");
    check.text(&b.summary, "summary");
    check.unique_ids(b.calls.iter().map(|c| c.id.as_str()), "call");
    check.unique_ids(b.sources.iter().map(|s| s.id.as_str()), "source");
    check_sources(&mut check, b);
    for fact in b.highlights.iter().chain(&b.background) {
        check.fact(fact);
    }
    b.calls.iter().for_each(|call| check_call(&mut check, call));
    check_quotes(&mut check, b);
    check_steps_reactions_events(&mut check, b);
    check_unused_sources(&mut check, b);
    drop(check);
    missing_narratives(brief, &mut out);
    out
}

fn check_sources(check: &mut Checker, b: &BriefFile) {
    for source in &b.sources {
        check.text(&source.name, "name");
        if let Some(url) = &source.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            check.error_at_value(
                "url",
                url,
                "invalid-url",
                format!("source URL '{url}' is not an absolute http(s) URL"),
                "write the full address, starting with https://",
            );
        }
    }
}

fn check_call(check: &mut Checker, call: &Call) {
    if call.participants.len() < 2 {
        check.error_at_value(
            "id",
            &call.id,
            "invalid-value",
            format!("call '{}' needs at least two participants", call.id),
            "list every side of the call under participants",
        );
    }
    for p in &call.participants {
        check.reference(p, "participant", None);
    }
    if let Some(initiator) = &call.initiated_by {
        check.reference(initiator, "initiated_by", None);
        if !call.participants.contains(initiator) {
            check.error_at_value(
                "initiated_by",
                initiator,
                "invalid-value",
                format!("'{initiator}' initiated call '{}' but is not among its participants", call.id),
                "add them to participants or fix initiated_by",
            );
        }
    }
    for claim in &call.duration {
        check.reference(&claim.by, "by", None);
        check.source(claim.source.as_deref());
        check.text(&claim.said, "said");
    }
    for fact in call.topics.iter().chain(&call.outcomes) {
        check.fact(fact);
    }
}

fn check_quotes(check: &mut Checker, b: &BriefFile) {
    let call_ids: BTreeSet<&str> = b.calls.iter().map(|c| c.id.as_str()).collect();
    for quote in &b.quotes {
        check.reference(&quote.speaker, "speaker", Some(EntityKind::Person));
        check.text(&quote.text, "text");
        check.source(quote.source.as_deref());
        if let Some(call) = &quote.call
            && !call_ids.contains(call.as_str())
        {
            let help = did_you_mean(call, call_ids.iter().copied())
                .map_or("use the id of one of this brief's calls".to_string(), |s| format!("did you mean '{s}'?"));
            check.error_at_value(
                "call",
                call,
                "unknown-call",
                format!("call '{call}' is not a call of this brief"),
                help,
            );
        }
    }
}

fn check_steps_reactions_events(check: &mut Checker, b: &BriefFile) {
    for step in &b.next_steps {
        check.text(&step.what, "what");
        step.who.iter().for_each(|w| check.reference(w, "who", None));
        check.source(step.source.as_deref());
    }
    for reaction in &b.reactions {
        check.reference(&reaction.who, "who", None);
        check.text(&reaction.summary, "summary");
        check.source(reaction.source.as_deref());
    }
    for event in &b.timeline {
        check.text(&event.text, "text");
        event.who.iter().for_each(|w| check.reference(w, "who", None));
        check.source(event.source.as_deref());
    }
}

fn check_unused_sources(check: &mut Checker, b: &BriefFile) {
    for source in &b.sources {
        if !check.used_sources.contains(source.id.as_str()) {
            check.at_value(
                Severity::Warning,
                "id",
                &source.id,
                "unused-source",
                format!("source '{}' is listed but never cited", source.id),
                "cite it with `source:` where it is used, or remove it".to_string(),
            );
        }
    }
}

/// A warning for each language that has no narrative.
fn missing_narratives(brief: &Brief, out: &mut Vec<Diagnostic>) {
    for lang in Lang::ALL {
        if brief.narratives.get(lang).is_some() || brief.broken_narratives.contains(&lang) {
            continue;
        }
        let folder = brief.yaml_path.trim_end_matches("brief.yaml");
        out.push(
            Diagnostic::at_path(
                Severity::Warning,
                "missing-translation",
                format!("{folder}{}.md", lang.code()),
                format!("the {} narrative is missing; the page shows the other language", lang.code()),
            )
            .with_help(format!("write {}.md next to brief.yaml", lang.code())),
        );
    }
}

/// The broken links of `brief`'s narrative in `lang` (its own language),
/// placed in its `file`, given the headings and links a parse found.
///
/// A narrative is parsed once, for its page, and its links are checked
/// there (`site::render` calls this), not here before rendering: a second
/// parse of every narrative only for its links cost a tenth of a large
/// build. A build that stops before rendering checks them with
/// [`narrative_links`] instead, so every problem is still reported in one
/// run.
pub fn narrative_link_problems(
    site: &Site,
    brief: &Brief,
    lang: Lang,
    headings: &[Heading],
    links: &Links,
    file: &SourceFile,
) -> Vec<Diagnostic> {
    let own_anchors = || page_anchors(brief, headings.iter().map(|h| h.id.as_str()));
    link_problems(site, links, &own_anchors, lang).into_iter().map(|p| p.at(file)).collect()
}

/// Every narrative's broken links, each narrative parsed for its outline
/// alone (in parallel): for a build that stops before rendering, which is
/// where they are otherwise checked.
pub fn narrative_links(site: &Site) -> Vec<Diagnostic> {
    let per_brief: Vec<Vec<Diagnostic>> = site
        .briefs
        .par_iter()
        .with_max_len(8)
        .map(|brief| {
            let mut out = Vec::new();
            for lang in Lang::ALL {
                let Some(narrative) = brief.narratives.get(lang) else { continue };
                match outline(&site.root, narrative) {
                    Ok((file, o)) => {
                        out.extend(narrative_link_problems(site, brief, lang, &o.headings, &o.links, &file))
                    }
                    Err(d) => out.push(d),
                }
            }
            out
        })
        .collect();
    per_brief.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// The `minimal` fixture in a temporary folder, with `participants`
    /// naming someone the registry lacks.
    fn site_with_unknown_participant() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = crate::testsites::copy_fixture("minimal");
        let yaml = dir.path().join("content/briefs/2025-02-12-alpha-beta-call/brief.yaml");
        let text = fs::read_to_string(&yaml).expect("the brief").replace("[alpha, beta]", "[alpha, gamma]");
        fs::write(&yaml, text).expect("the brief");
        (dir, yaml)
    }

    fn unknown_person(diagnostics: &[Diagnostic]) -> &Diagnostic {
        diagnostics.iter().find(|d| d.code == "unknown-person").expect("the unknown participant is reported")
    }

    #[test]
    fn a_briefs_problems_are_placed_in_its_yaml_read_again_only_if_unchanged() {
        let (dir, yaml) = site_with_unknown_participant();
        let (inventory, _) = crate::content::discover::discover(dir.path());
        let site = crate::content::load::load(dir.path(), &inventory).0.expect("the site loads");
        assert!(site.files.keys().all(|path| !path.ends_with("brief.yaml")), "no brief's YAML is held");

        let found = validate(&site);
        let d = unknown_person(&found);
        assert_eq!(
            (d.path.as_str(), d.line, d.column),
            ("content/briefs/2025-02-12-alpha-beta-call/brief.yaml", 10, 27)
        );

        // Saved again since it was loaded: the problem still stands (it is
        // in the model), but no position in a text that is not the one checked.
        let text = fs::read_to_string(&yaml).expect("the brief");
        fs::write(&yaml, format!("# edited\n{text}")).expect("the brief");
        let found = validate(&site);
        let d = unknown_person(&found);
        assert_eq!((d.path.as_str(), d.line, d.column), ("content/briefs/2025-02-12-alpha-beta-call/brief.yaml", 0, 0));
    }
}
