//! Validate: check every cross-reference and rule the types cannot express.
//!
//! Parsing already guarantees shapes, dates and durations. Here we check
//! what spans files: that every speaker, participant and `who` is in the
//! registries, every `source` is listed by its brief, ids are unique, links
//! in Markdown lead somewhere, and which translations are missing (a
//! warning: the page falls back to the other language and says so).
//! Briefs are checked in parallel; every problem is collected.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::content::discover::is_url_safe;
use crate::content::locate::Locator;
use crate::content::markdown::LinkTarget;
use crate::content::model::{EntityKind, Fact, Lang, Text};
use crate::content::site::{Brief, Narrative, Site};
use crate::content::source::SourceFile;
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};

/// Section anchors every brief page has, besides its narrative's headings.
use crate::content::markdown::RESERVED_IDS as BRIEF_SECTION_ANCHORS;

/// Checks the whole site; returns every problem found.
pub fn validate(site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = check_config(site);
    for entity in site.entities.values() {
        let Some(file) = site.files.get(&entity.path) else { continue };
        let mut check = Checker::new(site, file, &mut diagnostics);
        check.text(&entity.file.name, "name");
        check.text(&entity.file.role, "role");
        if let Some(org) = &entity.file.affiliation {
            check.reference(org, "affiliation", Some(EntityKind::Org));
        }
        for lang in Lang::ALL {
            if let Some(bio) = entity.bio.get(lang) {
                let anchors: Vec<String> = bio.headings.iter().map(|h| h.id.clone()).collect();
                check.markdown_links(site, &bio.links, &anchors, lang);
            }
        }
    }
    let per_brief: Vec<Vec<Diagnostic>> = site.briefs.par_iter().map(|b| check_brief(site, b)).collect();
    diagnostics.extend(per_brief.into_iter().flatten());
    diagnostics
}

fn check_config(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(file) = site.files.get(&site.config_path) else { return out };
    let config = &site.config;
    let mut check = Checker::new(site, file, &mut out);
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
    let Some(file) = site.files.get(&brief.yaml_path) else { return out };
    let b = &brief.file;
    let sources: BTreeSet<&str> = b.sources.iter().map(|s| s.id.as_str()).collect();
    let mut check = Checker::new(site, file, &mut out);
    check.sources = sources.clone();

    check.title_text(&b.title, brief, "title");
    check.text(&b.summary, "summary");
    check.unique_ids(b.calls.iter().map(|c| c.id.as_str()), "call");
    check.unique_ids(b.sources.iter().map(|s| s.id.as_str()), "source");
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
    for fact in b.highlights.iter().chain(&b.background) {
        check.fact(fact);
    }
    let call_ids: BTreeSet<&str> = b.calls.iter().map(|c| c.id.as_str()).collect();
    for call in &b.calls {
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
    for source in &b.sources {
        if !check.used_sources.contains(source.id.as_str()) {
            check.warn_at_value(
                "id",
                &source.id,
                "unused-source",
                format!("source '{}' is listed but never cited", source.id),
                "cite it with `source:` where it is used, or remove it",
            );
        }
    }
    drop(check);
    for lang in Lang::ALL {
        match brief.narratives.get(lang) {
            Some(narrative) => check_narrative(site, brief, narrative, lang, &mut out),
            None if brief.broken_narratives.contains(&lang) => {}
            None => {
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
    }
    out
}

fn check_narrative(site: &Site, brief: &Brief, narrative: &Narrative, lang: Lang, out: &mut Vec<Diagnostic>) {
    let Some(file) = site.files.get(&narrative.path) else { return };
    let mut check = Checker::new(site, file, out);
    check.markdown_links(site, &narrative.body.links, &brief_anchors(brief, lang), lang);
}

/// Checks values of one file and reports them at their place in it.
struct Checker<'a> {
    site: &'a Site,
    locator: Locator<'a>,
    out: &'a mut Vec<Diagnostic>,
    sources: BTreeSet<&'a str>,
    used_sources: BTreeSet<String>,
}

impl<'a> Checker<'a> {
    fn new(site: &'a Site, file: &'a SourceFile, out: &'a mut Vec<Diagnostic>) -> Self {
        Checker { site, locator: Locator::new(file), out, sources: BTreeSet::new(), used_sources: BTreeSet::new() }
    }

    fn push_at(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        severity: Severity,
        code: &'static str,
        message: String,
        help: String,
    ) {
        let file = self.locator.file;
        let d = match span {
            Some(span) => Diagnostic::at_span(severity, code, file, span, message),
            None => Diagnostic::at_path(severity, code, file.display_path.clone(), message),
        };
        self.out.push(d.with_help(help));
    }

    /// An error at `value`, looked for under the YAML key `key`.
    fn error_at_value(&mut self, key: &str, value: &str, code: &'static str, message: String, help: impl Into<String>) {
        let span = self.locator.value(key, value);
        self.push_at(span, Severity::Error, code, message, help.into());
    }

    fn warn_at_value(&mut self, key: &str, value: &str, code: &'static str, message: String, help: impl Into<String>) {
        let span = self.locator.value(key, value);
        self.push_at(span, Severity::Warning, code, message, help.into());
    }

    fn error_at_key(&mut self, key: &str, code: &'static str, message: String, help: &str) {
        let span = self.locator.key(key);
        self.push_at(span, Severity::Error, code, message, help.to_string());
    }

    /// An id that must name a registry entry (of `kind`, when given).
    fn reference(&mut self, id: &str, field: &str, kind: Option<EntityKind>) {
        if self.site.broken_ids.contains(id) {
            return;
        }
        let key = if field == "participant" { "participants" } else { field };
        let (folder, code) = match kind {
            Some(EntityKind::Org) => ("content/orgs", "unknown-org"),
            Some(EntityKind::Person) => ("content/people", "unknown-person"),
            None => ("content/people or content/orgs", "unknown-person"),
        };
        match self.site.entities.get(id) {
            Some(e) if kind.is_none_or(|k| k == e.kind) => {}
            Some(e) => {
                let is = if e.kind == EntityKind::Org { "an organisation" } else { "a person" };
                self.error_at_value(
                    key,
                    id,
                    code,
                    format!("{field} '{id}' is {is}, not in {folder}"),
                    format!("use the id of an entry in {folder}"),
                );
            }
            None => {
                let candidates =
                    self.site.entities.values().filter(|e| kind.is_none_or(|k| k == e.kind)).map(|e| e.id.as_str());
                let help = match did_you_mean(id, candidates) {
                    Some(s) => format!("did you mean '{s}'?"),
                    None if kind == Some(EntityKind::Org) => {
                        format!("add content/orgs/{id}.yaml, or fix the id (`brief new org {id}` writes one)")
                    }
                    None => format!("add content/people/{id}.yaml, or fix the id (`brief new person {id}` writes one)"),
                };
                self.error_at_value(key, id, code, format!("{field} '{id}' is not in {folder}"), help);
            }
        }
    }

    fn source(&mut self, id: Option<&str>) {
        let Some(id) = id else { return };
        self.used_sources.insert(id.to_string());
        if self.sources.contains(id) {
            return;
        }
        let help = match did_you_mean(id, self.sources.iter().copied()) {
            Some(s) => format!("did you mean '{s}'?"),
            None => format!("add an entry with `id: {id}` under this brief's sources"),
        };
        self.error_at_value(
            "source",
            id,
            "unknown-source",
            format!("source '{id}' is not in this brief's sources"),
            help,
        );
    }

    fn fact(&mut self, fact: &Fact) {
        self.text(&fact.text, "text");
        if let Some(by) = &fact.by {
            self.reference(by, "by", None);
        }
        self.source(fact.source.as_deref());
    }

    /// Reports a missing translation (a warning) or a text with none at all.
    fn text(&mut self, text: &Text, field: &str) {
        if text.is_empty() {
            return;
        }
        for lang in Lang::ALL {
            if text.get(lang).is_none() {
                let present = text.get(lang.other()).unwrap_or("");
                let span = self.locator.text(present);
                self.push_at(
                    span,
                    Severity::Warning,
                    "missing-translation",
                    format!("{field} has no {} text; pages show the {} text instead", lang.code(), lang.other().code()),
                    format!("add `{}:` next to `{}:`", lang.code(), lang.other().code()),
                );
            }
        }
    }

    /// A brief's title, which a narrative's front matter may also supply.
    fn title_text(&mut self, title: &Text, brief: &Brief, field: &str) {
        let mut merged = title.clone();
        for lang in Lang::ALL {
            if let Some(t) = brief.narratives.get(lang).as_ref().and_then(|n| n.front.title.clone()) {
                match lang {
                    Lang::Zh => merged.zh = Some(t),
                    Lang::En => merged.en = Some(t),
                }
            }
        }
        self.text(&merged, field);
    }

    fn unique_ids<'i>(&mut self, ids: impl Iterator<Item = &'i str>, what: &str) {
        let (mut seen, mut reported) = (BTreeSet::new(), BTreeSet::new());
        for id in ids {
            if !is_url_safe(id) {
                self.error_at_value(
                    "id",
                    id,
                    "invalid-id",
                    format!("{what} id '{id}' is not URL-safe"),
                    "use lowercase ASCII letters, digits and hyphens",
                );
            } else if !seen.insert(id) {
                if reported.insert(id) {
                    // Hand out the first `id: ...` so the error marks the second.
                    self.locator.value("id", id);
                }
                self.error_at_value(
                    "id",
                    id,
                    "duplicate-id",
                    format!("{what} id '{id}' is used twice in this brief"),
                    format!("give each {what} its own id"),
                );
            }
        }
    }

    fn markdown_links(
        &mut self,
        site: &Site,
        links: &[crate::content::markdown::InternalLink],
        own_anchors: &[String],
        lang: Lang,
    ) {
        for link in links {
            let problem = match &link.target {
                LinkTarget::Person(id) => missing_entity(site, id, EntityKind::Person),
                LinkTarget::Org(id) => missing_entity(site, id, EntityKind::Org),
                LinkTarget::Brief { slug, anchor } => match site.brief(slug) {
                    None if site.broken_slugs.contains(slug) => None,
                    None => Some((
                        "unknown-brief",
                        format!("there is no brief '{slug}'"),
                        did_you_mean(slug, site.briefs.iter().map(|b| b.slug.as_str())).map(str::to_string),
                    )),
                    Some(target) => anchor.as_ref().and_then(|a| missing_anchor(a, &brief_anchors(target, lang))),
                },
                LinkTarget::Anchor(a) => missing_anchor(a, own_anchors),
            };
            if let Some((code, message, suggestion)) = problem {
                let help = suggestion
                    .map_or("check the spelling of the link target".to_string(), |s| format!("did you mean '{s}'?"));
                let d = Diagnostic::at_span(
                    Severity::Error,
                    code,
                    self.locator.file,
                    link.span.clone(),
                    format!("broken link: {message}"),
                );
                self.out.push(d.with_help(help));
            }
        }
    }
}

type LinkProblem = Option<(&'static str, String, Option<String>)>;

fn missing_entity(site: &Site, id: &str, kind: EntityKind) -> LinkProblem {
    if site.broken_ids.contains(id) || site.entities.get(id).is_some_and(|e| e.kind == kind) {
        return None;
    }
    let (code, folder) =
        if kind == EntityKind::Person { ("unknown-person", "content/people") } else { ("unknown-org", "content/orgs") };
    let candidates = site.entities.values().filter(|e| e.kind == kind).map(|e| e.id.as_str());
    Some((code, format!("'{id}' is not in {folder}"), did_you_mean(id, candidates).map(str::to_string)))
}

fn missing_anchor(anchor: &str, known: &[String]) -> LinkProblem {
    if known.iter().any(|k| k == anchor) {
        return None;
    }
    Some((
        "unknown-anchor",
        format!("there is no heading or section '#{anchor}'"),
        did_you_mean(anchor, known.iter().map(String::as_str)).map(str::to_string),
    ))
}

/// Every id a link may point at on a brief's page in `lang`: the sections,
/// each call and source, and the headings of the narrative shown there.
fn brief_anchors(brief: &Brief, lang: Lang) -> Vec<String> {
    let mut anchors: Vec<String> = BRIEF_SECTION_ANCHORS.iter().map(|s| s.to_string()).collect();
    anchors.extend(brief.file.calls.iter().map(|c| format!("call-{}", c.id)));
    anchors.extend(brief.file.sources.iter().map(|s| format!("source-{}", s.id)));
    if let Some((narrative, _)) = brief.shown_narrative(lang) {
        anchors.extend(narrative.body.headings.iter().map(|h| h.id.clone()));
    }
    anchors
}
