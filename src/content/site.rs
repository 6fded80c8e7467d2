//! The assembled model of a whole site: configuration, registries and
//! briefs, with where their narratives are (the Markdown is read when its
//! page is rendered, see [`crate::content::narrative`]).
//!
//! This is what validation checks and what every page view borrows from.
//! It is built once per build and never changed afterwards, except that
//! each narrative's cross-references are filled in once, by its first
//! parse (the same value whoever parses it).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use crate::content::markdown::Rendered;
use crate::content::model::{BriefFile, EntityFile, EntityKind, Lang, NarrativeFrontMatter, SiteConfig};
use crate::content::narrative::CrossRefs;
use crate::content::slug_index::SlugIndex;
use crate::content::source::SourceFile;
use crate::fxhash::Fx;

/// One value per language.
#[derive(Debug, Clone, Default)]
pub struct PerLang<T> {
    pub zh: T,
    pub en: T,
}

impl<T> PerLang<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn get_mut(&mut self, lang: Lang) -> &mut T {
        match lang {
            Lang::Zh => &mut self.zh,
            Lang::En => &mut self.en,
        }
    }
}

/// A person or an organisation: its registry file plus id, kind and bio.
#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub path: String,
    pub file: EntityFile,
    pub bio: PerLang<Option<Rendered>>,
}

/// The people and organisations, in id order, each also found by its id
/// through a hash: validation, the index and the pages look an id up for
/// every person a narrative links to or a call lists, and a B-tree of ids
/// compared several strings a lookup.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Sorted by id.
    entities: Vec<Entity>,
    positions: HashMap<String, usize, Fx>,
}

impl Registry {
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.positions.get(id).map(|&i| &self.entities[i])
    }

    /// Every entity, in id order.
    pub fn values(&self) -> std::slice::Iter<'_, Entity> {
        self.entities.iter()
    }

    /// Every id, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entities.iter().map(|e| &e.id)
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

impl From<BTreeMap<String, Entity>> for Registry {
    fn from(by_id: BTreeMap<String, Entity>) -> Self {
        let entities: Vec<Entity> = by_id.into_values().collect();
        let positions = entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        Registry { entities, positions }
    }
}

/// A brief's narrative in one language. Its Markdown is not kept: it is
/// read again, checked against its `stamp`, and parsed when its page or
/// the search index needs it ([`crate::content::narrative`]).
#[derive(Debug, Clone)]
pub struct Narrative {
    pub path: String,
    pub front: NarrativeFrontMatter,
    /// Its headings' anchors and whom it links to, set by its first parse
    /// ([`crate::content::narrative::cross_refs`]).
    pub refs: std::sync::OnceLock<CrossRefs>,
    /// Where the Markdown body starts in the file (after the front matter).
    pub body_start: usize,
    /// What the file read again must match: its text's length (what the
    /// text takes when read again), its modification time, and the start
    /// of the text loaded (all of it for a short file).
    pub stamp: crate::content::read::Stamp,
}

/// One brief: its structured facts and its narratives.
#[derive(Debug, Clone)]
pub struct Brief {
    pub slug: String,
    pub yaml_path: String,
    /// The fingerprint of brief.yaml's text as loaded: validation reads the
    /// file again to place a problem, and only trusts the same text.
    pub yaml_fingerprint: u64,
    pub file: BriefFile,
    pub narratives: PerLang<Option<Narrative>>,
    /// Languages whose narrative file exists but could not be loaded (its
    /// problem is reported; it is not also "missing").
    pub broken_narratives: Vec<Lang>,
    pub assets: Vec<PathBuf>,
}

impl Brief {
    /// The narrative a page in `lang` shows: its own, or the other
    /// language's as a fallback.
    pub fn shown_narrative(&self, lang: Lang) -> Option<(&Narrative, Lang)> {
        self.narratives
            .get(lang)
            .as_ref()
            .map(|n| (n, lang))
            .or_else(|| self.narratives.get(lang.other()).as_ref().map(|n| (n, lang.other())))
    }

    /// The title in `lang` as pages show it: the narrative's front matter
    /// wins over brief.yaml, and a missing language falls back to the other.
    pub fn title_in(&self, lang: Lang) -> &str {
        self.title_shown(lang).0
    }

    /// The summary in `lang`, by the same rule as [`Self::title_in`].
    pub fn summary_in(&self, lang: Lang) -> &str {
        self.summary_shown(lang).0
    }

    /// [`Self::title_in`], with the language the text is actually in.
    pub fn title_shown(&self, lang: Lang) -> (&str, Lang) {
        self.front_or_yaml(lang, |n| n.front.title.as_deref(), &self.file.title)
    }

    /// [`Self::summary_in`], with the language the text is actually in.
    pub fn summary_shown(&self, lang: Lang) -> (&str, Lang) {
        self.front_or_yaml(lang, |n| n.front.summary.as_deref(), &self.file.summary)
    }

    fn front_or_yaml<'a>(
        &'a self,
        lang: Lang,
        pick: fn(&'a Narrative) -> Option<&'a str>,
        yaml: &'a crate::content::model::Text,
    ) -> (&'a str, Lang) {
        let front = |l: Lang| self.narratives.get(l).as_ref().and_then(pick).map(|t| (t, l));
        let yaml = |l: Lang| yaml.get(l).map(|t| (t, l));
        front(lang)
            .or_else(|| yaml(lang))
            .or_else(|| yaml(lang.other()))
            .or_else(|| front(lang.other()))
            .unwrap_or(("", lang))
    }
}

/// Everything a build renders.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's root folder (holding content/ and themes/).
    pub root: PathBuf,
    pub config: SiteConfig,
    pub config_path: String,
    pub entities: Registry,
    /// Briefs, newest first (ties broken by slug).
    pub briefs: Vec<Brief>,
    /// Position of each brief in `briefs`, by slug: every link to a brief
    /// in every narrative looks its slug up.
    pub brief_positions: SlugIndex,
    /// Ids of registry files that exist but failed to parse: references to
    /// them are not reported again as unknown.
    pub broken_ids: BTreeSet<String>,
    /// Slugs of briefs whose brief.yaml failed to parse.
    pub broken_slugs: BTreeSet<String>,
    /// The source text of the site's configuration and the registry's
    /// files, by display path, for validation's diagnostics. Briefs' YAML
    /// and narratives are read again only when a problem must be shown in
    /// one (40 MB of YAML at 10,000 briefs is not held for the few that
    /// have one). Emptied once validation is done.
    pub files: BTreeMap<String, SourceFile>,
}

impl Site {
    pub fn brief(&self, slug: &str) -> Option<&Brief> {
        self.brief_positions.get(slug).map(|i| &self.briefs[i])
    }

    /// Where `brief` is in `briefs`, if it is one of them: worked out from
    /// its address, with no lookup (list pages link hundreds of briefs, and
    /// a lookup by slug in a table of 10,000 mostly waits for memory).
    pub fn position(&self, brief: &Brief) -> Option<usize> {
        let offset = (brief as *const Brief as usize).checked_sub(self.briefs.as_ptr() as usize)?;
        let i = offset / std::mem::size_of::<Brief>();
        self.briefs.get(i).filter(|b| std::ptr::eq(*b, brief)).map(|_| i)
    }

    /// The languages in the order the site lists them, default first.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs = vec![self.config.default_language];
        langs.extend(self.config.languages.iter().copied().filter(|l| *l != self.config.default_language));
        langs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_lists_entities_in_id_order_and_finds_each_by_id() {
        let entity = |id: &str, kind| Entity {
            id: id.to_string(),
            kind,
            path: format!("content/people/{id}.yaml"),
            file: serde_yaml::from_str(&format!("name: {{en: {id}}}")).expect("an entity file"),
            bio: PerLang::default(),
        };
        let by_id: BTreeMap<String, Entity> =
            [("witkoff", EntityKind::Person), ("kremlin", EntityKind::Org), ("putin", EntityKind::Person)]
                .into_iter()
                .map(|(id, kind)| (id.to_string(), entity(id, kind)))
                .collect();
        let registry = Registry::from(by_id);
        assert_eq!(registry.keys().map(String::as_str).collect::<Vec<_>>(), ["kremlin", "putin", "witkoff"]);
        assert_eq!(registry.values().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["kremlin", "putin", "witkoff"]);
        for id in ["kremlin", "putin", "witkoff"] {
            assert_eq!(registry.get(id).map(|e| e.id.as_str()), Some(id));
        }
        assert_eq!(registry.get("kremlin").map(|e| e.kind), Some(EntityKind::Org));
        assert!(registry.get("trump").is_none() && registry.get("").is_none());
        assert_eq!((registry.len(), registry.is_empty()), (3, false));
        assert!(Registry::default().is_empty());
    }

    #[test]
    fn a_brief_is_found_at_its_position_and_a_copy_is_not() {
        let site = crate::testsites::example_site();
        assert!(site.briefs.len() > 1);
        for (i, brief) in site.briefs.iter().enumerate() {
            assert_eq!(site.position(brief), Some(i));
        }
        let copy = site.briefs[1].clone();
        assert_eq!(site.position(&copy), None, "a brief that is not in the list has no position");
        let elsewhere = [site.briefs[0].clone(), site.briefs[1].clone()];
        assert_eq!(site.position(&elsewhere[1]), None);
    }
}
