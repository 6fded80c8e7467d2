//! The checker of one file: reports problems at the place of the value in
//! that file (found by [`Locator`]), and the rules shared by every kind of
//! file: registry references, sources, translations, ids and Markdown links.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::discover::is_url_safe;
use crate::content::locate::Locator;
use crate::content::markdown::{LinkTarget, Links};
use crate::content::model::{EntityKind, Fact, Lang, Text};
use crate::content::narrative::cross_refs;
use crate::content::read::{fingerprint, read_source};
use crate::content::site::{Brief, Site};
use crate::content::source::SourceFile;
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};

/// Section anchors every brief page has, besides its narrative's headings.
use crate::content::markdown::RESERVED_IDS as BRIEF_SECTION_ANCHORS;

/// Checks values of one file and reports them at their place in it.
pub(super) struct Checker<'a> {
    pub(super) site: &'a Site,
    file: CheckedFile<'a>,
    /// Made on the first problem, from `file`.
    locator: Option<Locator<'a>>,
    pub(super) out: &'a mut Vec<Diagnostic>,
    pub(super) sources: BTreeSet<&'a str>,
    pub(super) used_sources: BTreeSet<String>,
}

/// The file a checker reports in.
pub(super) enum CheckedFile<'a> {
    /// Held by the model (the site's configuration, the registry's files).
    Held(&'a SourceFile),
    /// A brief's YAML, which the model does not keep: read again on the
    /// first problem, and trusted only if it is the text that was loaded
    /// (else the problems are reported at the file, without a position).
    Again { root: &'a Path, display_path: &'a str, fingerprint: u64 },
}

/// The locator of `file`, made on first use.
fn located<'l, 'a>(locator: &'l mut Option<Locator<'a>>, file: &CheckedFile<'a>) -> &'l mut Locator<'a> {
    locator.get_or_insert_with(|| match *file {
        CheckedFile::Held(file) => Locator::new(file),
        CheckedFile::Again { root, display_path, fingerprint: loaded } => {
            let same = read_source(root, &root.join(display_path)).ok().filter(|f| fingerprint(&f.text) == loaded);
            let text = same.map(|f| f.text).unwrap_or_default();
            Locator::owned(SourceFile { display_path: display_path.to_string(), text })
        }
    })
}

impl<'a> Checker<'a> {
    pub(super) fn new(site: &'a Site, file: CheckedFile<'a>, out: &'a mut Vec<Diagnostic>) -> Self {
        Checker { site, file, locator: None, out, sources: BTreeSet::new(), used_sources: BTreeSet::new() }
    }

    fn locator(&mut self) -> &mut Locator<'a> {
        located(&mut self.locator, &self.file)
    }

    pub(super) fn push_at(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        severity: Severity,
        code: &'static str,
        message: String,
        help: String,
    ) {
        let file = &*located(&mut self.locator, &self.file).file;
        let d = match span {
            Some(span) => Diagnostic::at_span(severity, code, file, span, message),
            None => Diagnostic::at_path(severity, code, file.display_path.clone(), message),
        };
        self.out.push(d.with_help(help));
    }

    /// An error at `value`, looked for under the YAML key `key`.
    pub(super) fn error_at_value(
        &mut self,
        key: &str,
        value: &str,
        code: &'static str,
        message: String,
        help: impl Into<String>,
    ) {
        self.at_value(Severity::Error, key, value, code, message, help.into());
    }

    /// A problem of any severity at `value`, looked for under the YAML key `key`.
    pub(super) fn at_value(
        &mut self,
        severity: Severity,
        key: &str,
        value: &str,
        code: &'static str,
        message: String,
        help: String,
    ) {
        let span = self.locator().value(key, value);
        self.push_at(span, severity, code, message, help);
    }

    pub(super) fn error_at_key(&mut self, key: &str, code: &'static str, message: String, help: &str) {
        let span = self.locator().key(key);
        self.push_at(span, Severity::Error, code, message, help.to_string());
    }

    /// An id that must name a registry entry (of `kind`, when given).
    pub(super) fn reference(&mut self, id: &str, field: &str, kind: Option<EntityKind>) {
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

    pub(super) fn source(&mut self, id: Option<&str>) {
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

    pub(super) fn fact(&mut self, fact: &Fact) {
        self.text(&fact.text, "text");
        if let Some(by) = &fact.by {
            self.reference(by, "by", None);
        }
        self.source(fact.source.as_deref());
    }

    /// Reports a missing translation (a warning) or a text with none at all.
    pub(super) fn text(&mut self, text: &Text, field: &str) {
        if text.is_empty() {
            return;
        }
        for lang in Lang::ALL {
            if text.get(lang).is_none() {
                let present = text.get(lang.other()).unwrap_or("");
                let span = self.locator().text(present);
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
    pub(super) fn title_text(&mut self, title: &Text, brief: &Brief, field: &str) {
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

    pub(super) fn unique_ids<'i>(&mut self, ids: impl Iterator<Item = &'i str>, what: &str) {
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
                    self.locator().value("id", id);
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

    pub(super) fn markdown_links(
        &mut self,
        site: &Site,
        links: &Links,
        own_anchors: &dyn Fn() -> Vec<String>,
        lang: Lang,
    ) {
        for problem in link_problems(site, links, own_anchors, lang) {
            self.out.push(problem.at(&located(&mut self.locator, &self.file).file));
        }
    }
}

/// A broken internal link, before it is placed in its file.
pub(super) struct BrokenLink {
    span: std::ops::Range<usize>,
    code: &'static str,
    message: String,
    suggestion: Option<String>,
}

impl BrokenLink {
    pub(super) fn at(self, file: &SourceFile) -> Diagnostic {
        let help = self
            .suggestion
            .map_or("check the spelling of the link target".to_string(), |s| format!("did you mean '{s}'?"));
        Diagnostic::at_span(Severity::Error, self.code, file, self.span, format!("broken link: {}", self.message))
            .with_help(help)
    }
}

/// The internal links that lead nowhere, found without the file's text
/// (which is only needed when there is one). `own_anchors` gives the ids
/// an `#anchor` link may point at on the document's own page; it is asked
/// only if there is such a link.
pub(super) fn link_problems(
    site: &Site,
    links: &Links,
    own_anchors: &dyn Fn() -> Vec<String>,
    lang: Lang,
) -> Vec<BrokenLink> {
    let own = std::cell::OnceCell::new();
    links
        .iter()
        .filter_map(|link| {
            let problem = match link.target {
                LinkTarget::Person(id) => missing_entity(site, id, EntityKind::Person),
                LinkTarget::Org(id) => missing_entity(site, id, EntityKind::Org),
                LinkTarget::Brief { slug, anchor } => match site.brief(slug) {
                    None if site.broken_slugs.contains(slug) => None,
                    None => Some((
                        "unknown-brief",
                        format!("there is no brief '{slug}'"),
                        did_you_mean(slug, site.briefs.iter().map(|b| b.slug.as_str())).map(str::to_string),
                    )),
                    Some(target) => anchor.and_then(|a| missing_anchor(a, &brief_anchors(site, target, lang)?)),
                },
                LinkTarget::Anchor(a) => missing_anchor(a, own.get_or_init(own_anchors)),
            };
            problem.map(|(code, message, suggestion)| BrokenLink { span: link.span, code, message, suggestion })
        })
        .collect()
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
/// each call and source, and the headings of the narrative shown there
/// (`None` when that narrative can no longer be read as it was loaded:
/// its page reports that).
pub(super) fn brief_anchors(site: &Site, brief: &Brief, lang: Lang) -> Option<Vec<String>> {
    let headings = match brief.shown_narrative(lang) {
        Some((narrative, _)) => Some(cross_refs(&site.root, narrative)?.anchors()),
        None => None,
    };
    Some(page_anchors(brief, headings.into_iter().flatten()))
}

/// The ids on a brief's page: the sections, each call and source, and
/// the given headings of its narrative.
pub(super) fn page_anchors<'h>(brief: &Brief, headings: impl Iterator<Item = &'h str>) -> Vec<String> {
    let mut anchors: Vec<String> = BRIEF_SECTION_ANCHORS.iter().map(|s| s.to_string()).collect();
    anchors.extend(brief.file.calls.iter().map(|c| format!("call-{}", c.id)));
    anchors.extend(brief.file.sources.iter().map(|s| format!("source-{}", s.id)));
    anchors.extend(headings.map(str::to_string));
    anchors
}
