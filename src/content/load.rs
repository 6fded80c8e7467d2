//! Read and parse: turn the discovered files into the [`Site`] model.
//!
//! Each file is read, decoded, split and deserialized on its own; a file
//! with a problem yields a diagnostic and is left out of the model, and the
//! run goes on so that every problem is reported together. Briefs are
//! parsed in parallel. Bios are rendered here; a narrative's front matter
//! is parsed, from the start of its file (only that much is read: see
//! [`crate::content::read`]), and its Markdown is left for its page to read
//! and parse (see [`crate::content::narrative`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use crate::content::discover::{BriefFiles, Inventory, display_path};
use crate::content::markdown;
use crate::content::model::{BriefFile, EntityFile, Lang, NarrativeFrontMatter, SiteConfig};
use crate::content::read::{Stamp, fingerprint, read_narrative_start, read_source};
use crate::content::site::{Brief, Entity, Narrative, PerLang, Site};
use crate::content::slug_index::SlugIndex;
use crate::content::source::{SourceFile, split_front_matter};
use crate::content::yaml;
use crate::diagnostic::{Diagnostic, Severity};

/// Pages that show Markdown (brief and person pages) sit two folders below
/// their language's root.
pub const MARKDOWN_PAGE_TO_ROOT: &str = "../../";

fn parse_whole<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    yaml::parse(file, 0..file.text.len())
}

/// At most this many briefs are loaded in one go by a thread. Rayon would
/// otherwise hand each of two threads a quarter of the briefs to load
/// without splitting it further, and the thread that finished first waited
/// for the other: a fifth of a second at 10,000 briefs.
const LOAD_CHUNK: usize = 8;

/// Builds the model from the inventory. Returns `None` only when the site
/// configuration itself cannot be read.
pub fn load(root: &Path, inventory: &Inventory) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut files = BTreeMap::new();

    let config = inventory.site.as_ref().and_then(|path| {
        let file = read_source(root, path).map_err(|d| diagnostics.push(d)).ok()?;
        let config: Option<SiteConfig> = parse_whole(&file).map_err(|d| diagnostics.push(d)).ok();
        let shown = file.display_path.clone();
        files.insert(shown.clone(), file);
        config.map(|c| (c, shown))
    });

    let (entities, broken_ids) = load_entities(root, inventory, &mut files, &mut diagnostics);

    let (mut briefs, problems): (Vec<Option<Brief>>, Vec<Vec<Diagnostic>>) =
        inventory.briefs.par_iter().with_max_len(LOAD_CHUNK).map(|b| load_brief(root, b)).unzip();
    let mut broken_slugs = BTreeSet::new();
    for ((brief, files_of), problems) in briefs.iter().zip(&inventory.briefs).zip(problems) {
        if brief.is_none() {
            broken_slugs.insert(files_of.slug.clone());
        }
        diagnostics.extend(problems);
    }
    // Newest first, ties broken by slug; briefs that failed to load go
    // last and are left out. The order is worked out on the positions and
    // the briefs (about 700 bytes each) rearranged in place, each moved
    // once or twice: sorting the briefs themselves, while the other
    // threads waited, moved each many times through a scratch copy, and a
    // new list as large had to be mapped afresh.
    let mut order: Vec<usize> = (0..briefs.len()).collect();
    order.sort_by(|&a, &b| match (&briefs[a], &briefs[b]) {
        (Some(a), Some(b)) => b.file.date.cmp(&a.file.date).then_with(|| a.slug.cmp(&b.slug)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(&b),
    });
    permute(&mut briefs, &order);
    // Collected in the same memory: the standard library does so when the
    // sizes match, and an `Option<Brief>` is laid out as a `Brief`.
    let briefs: Vec<Brief> = briefs.into_iter().map_while(|b| b).collect();
    let brief_positions = SlugIndex::new(briefs.iter().map(|b| b.slug.as_str()));

    let site = config.map(|(config, config_path)| Site {
        root: root.to_path_buf(),
        config,
        config_path,
        entities: entities.into(),
        briefs,
        brief_positions,
        broken_ids,
        broken_slugs,
        files,
    });
    (site, diagnostics)
}

/// Rearranges `items` so that position `k` holds what was at `order[k]`
/// (`order` is a permutation of the positions), following each cycle of the
/// permutation with swaps: every item moves once or twice, in place.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

fn load_entities(
    root: &Path,
    inventory: &Inventory,
    files: &mut BTreeMap<String, SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, Entity>, BTreeSet<String>) {
    let mut entities = BTreeMap::new();
    let mut broken = BTreeSet::new();
    for (kind, id, path) in &inventory.entities {
        let file = match read_source(root, path) {
            Ok(f) => f,
            Err(d) => {
                diagnostics.push(d);
                broken.insert(id.clone());
                continue;
            }
        };
        match parse_whole::<EntityFile>(&file) {
            Ok(parsed) => {
                if let Some(previous) = entities.get(id).map(|e: &Entity| e.path.clone()) {
                    diagnostics.push(
                        Diagnostic::at_path(
                            Severity::Error,
                            "duplicate-id",
                            file.display_path.clone(),
                            format!("the id '{id}' is already used by {previous}"),
                        )
                        .with_help("people and organisations share one namespace of ids; rename one of the files"),
                    );
                } else {
                    let bio = PerLang {
                        zh: parsed.bio.get(Lang::Zh).map(|md| markdown::render(md, 0, MARKDOWN_PAGE_TO_ROOT)),
                        en: parsed.bio.get(Lang::En).map(|md| markdown::render(md, 0, MARKDOWN_PAGE_TO_ROOT)),
                    };
                    let entity =
                        Entity { id: id.clone(), kind: *kind, path: file.display_path.clone(), file: parsed, bio };
                    entities.insert(id.clone(), entity);
                }
            }
            Err(d) => {
                diagnostics.push(d);
                broken.insert(id.clone());
            }
        }
        files.insert(file.display_path.clone(), file);
    }
    (entities, broken)
}

/// One brief from its files, and the problems found. Its YAML text is not
/// kept: validation reads it again to place a problem, in the rare brief
/// that has one (40 MB held through validation at 10,000 briefs).
fn load_brief(root: &Path, files: &BriefFiles) -> (Option<Brief>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let Some(yaml_path) = &files.yaml else {
        let folder = display_path(root, &root.join("content/briefs").join(&files.slug));
        diagnostics.push(
            Diagnostic::at_path(Severity::Error, "missing-brief-yaml", folder, "this brief folder has no brief.yaml")
                .with_help("add brief.yaml with at least title, date and summary (`brief new brief` writes one)"),
        );
        return (None, diagnostics);
    };
    let parsed = read_source(root, yaml_path).map_err(|d| diagnostics.push(d)).ok().and_then(|file| {
        let parsed = parse_whole::<BriefFile>(&file).map_err(|d| diagnostics.push(d)).ok();
        parsed.map(|mut p| {
            p.shrink_to_fit();
            (p, file.display_path, fingerprint(&file.text))
        })
    });
    let mut narratives = PerLang::default();
    let mut broken_narratives = Vec::new();
    for (lang, path) in &files.narratives {
        let Ok((file, stamp)) = read_narrative_start(root, path).map_err(|d| diagnostics.push(d)) else {
            broken_narratives.push(*lang);
            continue;
        };
        match load_narrative(&file, stamp) {
            Ok(n) => *narratives.get_mut(*lang) = Some(n),
            Err(d) => {
                diagnostics.push(d);
                broken_narratives.push(*lang);
            }
        }
        // The narrative's text is not kept (most of it was not even read):
        // its page reads it again.
    }
    let brief = parsed.map(|(file, yaml_path, yaml_fingerprint)| Brief {
        slug: files.slug.clone(),
        yaml_path,
        yaml_fingerprint,
        file,
        narratives,
        broken_narratives,
        assets: files.assets.clone(),
    });
    (brief, diagnostics)
}

/// Reads and loads one narrative file again (for `brief serve`, when it
/// alone changed).
pub fn reload_narrative(root: &Path, path: &Path) -> Result<Narrative, Diagnostic> {
    let (file, stamp) = read_narrative_start(root, path)?;
    load_narrative(&file, stamp)
}

/// A narrative from the start of its file (see [`read_narrative_start`]).
fn load_narrative(file: &SourceFile, stamp: Stamp) -> Result<Narrative, Diagnostic> {
    if file.text.trim().is_empty() {
        return Err(Diagnostic::at_path(
            Severity::Error,
            "empty-file",
            file.display_path.clone(),
            "the narrative file is empty",
        )
        .with_help("write the narrative in Markdown, or delete the file to fall back to the other language"));
    }
    let split = split_front_matter(&file.text).map_err(|unclosed| {
        Diagnostic::at_span(
            Severity::Error,
            "unclosed-front-matter",
            file,
            unclosed.opening..unclosed.opening + 3,
            "the front matter is never closed",
        )
        .with_help("end the YAML block with a line of three hyphens: ---")
    })?;
    let front = match &split.front_matter {
        Some(span) if !file.text[span.clone()].trim().is_empty() => {
            yaml::parse::<NarrativeFrontMatter>(file, span.clone())?
        }
        _ => NarrativeFrontMatter::default(),
    };
    Ok(Narrative {
        path: file.display_path.clone(),
        front,
        refs: std::sync::OnceLock::new(),
        body_start: split.body.start,
        stamp,
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        let orders: [&[usize]; 6] = [&[], &[0], &[0, 1, 2, 3], &[3, 2, 1, 0], &[1, 2, 3, 0], &[2, 0, 1, 4, 3, 6, 5, 7]];
        for order in orders {
            let mut items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            permute(&mut items, order);
            assert_eq!(items, expected, "{order:?}");
        }
    }

    #[test]
    fn briefs_are_newest_first_ties_by_slug_and_broken_ones_left_out() {
        let dir = crate::testsites::copy_fixture("minimal");
        let root = dir.path();
        let briefs = root.join("content/briefs");
        let original = briefs.join("2025-02-12-alpha-beta-call");
        let yaml = fs::read_to_string(original.join("brief.yaml")).expect("the fixture's brief");
        // Written in an order that is neither the slugs' nor the dates'.
        for (slug, date) in
            [("c-later", "2025-03-01"), ("b-tie", "2025-01-01"), ("a-tie", "2025-01-01"), ("0-broken", "")]
        {
            let folder = briefs.join(slug);
            fs::create_dir_all(&folder).expect("a brief folder");
            let text =
                if date.is_empty() { "title: [unclosed\n".to_string() } else { yaml.replace("2025-02-12", date) };
            fs::write(folder.join("brief.yaml"), text).expect("a brief");
            fs::copy(original.join("en.md"), folder.join("en.md")).expect("a narrative");
        }
        let (inventory, _) = crate::content::discover::discover(root);
        let (site, diagnostics) = load(root, &inventory);
        let site = site.expect("the site loads");
        let slugs: Vec<&str> = site.briefs.iter().map(|b| b.slug.as_str()).collect();
        assert_eq!(slugs, ["c-later", "2025-02-12-alpha-beta-call", "a-tie", "b-tie"]);
        for (i, slug) in slugs.iter().enumerate() {
            assert_eq!(site.brief_positions.get(slug), Some(i));
        }
        assert!(site.broken_slugs.contains("0-broken"));
        assert!(diagnostics.iter().any(|d| d.path.contains("0-broken")), "the broken brief is reported");
    }
}
