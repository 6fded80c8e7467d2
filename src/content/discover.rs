//! Discover: find the content files of a site and what each one is.
//!
//! The layout is fixed, so an editor never has to register a file:
//!
//! ```text
//! content/site.yaml
//! content/people/<id>.yaml        content/orgs/<id>.yaml
//! content/briefs/<slug>/brief.yaml, zh.md, en.md, and images
//! ```
//!
//! Ids and slugs come from file and folder names and must be URL-safe, so
//! no content can make `brief` write outside its output folder. Symbolic
//! links are reported (a warning) and never followed, so no content is read
//! from outside the site; a file that vanishes during the walk is
//! reported, not fatal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::content::model::{EntityKind, Lang};
use crate::diagnostic::{Diagnostic, Severity};

/// Files of one brief folder.
#[derive(Debug, Clone, Default)]
pub struct BriefFiles {
    pub slug: String,
    pub yaml: Option<PathBuf>,
    pub narratives: Vec<(Lang, PathBuf)>,
    /// Images and other files copied next to the brief's pages.
    pub assets: Vec<PathBuf>,
}

/// Every content file, sorted, with its role.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub site: Option<PathBuf>,
    pub entities: Vec<(EntityKind, String, PathBuf)>,
    pub briefs: Vec<BriefFiles>,
}

const ASSET_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "gif", "svg", "webp", "pdf"];

/// Whether an id or slug is safe in a URL and a file name:
/// lowercase ASCII letters, digits and single inner hyphens.
pub fn is_url_safe(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// The path shown to users: relative to the site root, with `/`.
pub fn display_path(root: &Path, path: &Path) -> String {
    // The common case, taken as it is: UTF-8, `/` the separator, the root
    // and a `/` in front, and no empty or `.` part after it that going by
    // components would drop (a build names tens of thousands of files).
    if std::path::MAIN_SEPARATOR == '/'
        && let (Some(root), Some(path)) = (root.to_str(), path.to_str())
        && let Some(relative) = path.strip_prefix(root).and_then(|rest| rest.strip_prefix('/'))
        && relative.split('/').all(|part| !part.is_empty() && part != ".")
    {
        return relative.to_owned();
    }
    by_components(root, path)
}

/// [`display_path`] the general way: the path's components below the root,
/// joined with `/`.
fn by_components(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Walks `root/content` and sorts every file into the inventory.
pub fn discover(root: &Path) -> (Inventory, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut inventory = Inventory::default();
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::at_path(
                Severity::Error,
                "missing-content",
                display_path(root, &content),
                "there is no content folder here",
            )
            .with_help("run brief in the site's root folder, or pass --root DIR; `brief init DIR` makes a new site"),
        );
        return (inventory, diagnostics);
    }
    let mut briefs: BTreeMap<String, BriefFiles> = BTreeMap::new();
    // By file name: entries of one folder share the path before it, so
    // whole paths compare as their names do, without taking each path
    // apart into components twice per comparison (`sort_by_file_name`
    // does; content/briefs/ holds a folder per brief).
    let walk = WalkDir::new(&content).sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
    for entry in walk.min_depth(1) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map_or_else(|| content.clone(), Path::to_path_buf);
                diagnostics.push(Diagnostic::at_path(
                    Severity::Error,
                    "unreadable-file",
                    display_path(root, &path),
                    format!("could not read this entry: {err}"),
                ));
                continue;
            }
        };
        if entry.path_is_symlink() {
            diagnostics.push(symlink(display_path(root, entry.path())));
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        // The names below content/: the entry's last `depth` components.
        let path = entry.path();
        let mut relative: Vec<std::borrow::Cow<str>> =
            path.components().rev().take(entry.depth()).map(|c| c.as_os_str().to_string_lossy()).collect();
        relative.reverse();
        let parts: Vec<&str> = relative.iter().map(AsRef::as_ref).collect();
        classify(root, path, &parts, &mut inventory, &mut briefs, &mut diagnostics);
    }
    inventory.briefs = briefs.into_values().collect();
    if inventory.site.is_none() {
        diagnostics.push(
            Diagnostic::at_path(
                Severity::Error,
                "missing-config",
                "content/site.yaml",
                "the site configuration is missing",
            )
            .with_help("create content/site.yaml with title, languages, default_language and as_of"),
        );
    }
    (inventory, diagnostics)
}

fn classify(
    root: &Path,
    path: &Path,
    parts: &[&str],
    inventory: &mut Inventory,
    briefs: &mut BTreeMap<String, BriefFiles>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Only a problem shows the path: made then, not for every file.
    let shown = || display_path(root, path);
    let unsafe_name = |name: &str, what: &str| {
        Diagnostic::at_path(Severity::Error, "invalid-id", shown(), format!("{what} '{name}' is not URL-safe"))
            .with_help("rename it using lowercase ASCII letters, digits and hyphens, e.g. 'trump-putin-call'")
    };
    match parts {
        ["site.yaml"] => inventory.site = Some(path.to_path_buf()),
        [folder @ ("people" | "orgs"), file] if file.ends_with(".yaml") => {
            let id = file.trim_end_matches(".yaml");
            if !is_url_safe(id) {
                diagnostics.push(unsafe_name(id, "id"));
                return;
            }
            let kind = if *folder == "people" { EntityKind::Person } else { EntityKind::Org };
            inventory.entities.push((kind, id.to_string(), path.to_path_buf()));
        }
        ["briefs", slug, file] => {
            if !is_url_safe(slug) {
                if *file == "brief.yaml" {
                    diagnostics.push(unsafe_name(slug, "slug"));
                }
                return;
            }
            if !briefs.contains_key(*slug) {
                briefs.insert(slug.to_string(), BriefFiles { slug: slug.to_string(), ..Default::default() });
            }
            let brief = briefs.get_mut(*slug).expect("inserted above");
            let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            match (*file, extension.as_deref()) {
                ("brief.yaml", _) => brief.yaml = Some(path.to_path_buf()),
                ("zh.md", _) => brief.narratives.push((Lang::Zh, path.to_path_buf())),
                ("en.md", _) => brief.narratives.push((Lang::En, path.to_path_buf())),
                (_, Some(e))
                    if ASSET_EXTENSIONS.contains(&e) && is_url_safe(file.trim_end_matches(&format!(".{e}"))) =>
                {
                    brief.assets.push(path.to_path_buf())
                }
                _ => diagnostics.push(unexpected(shown())),
            }
        }
        _ => diagnostics.push(unexpected(shown())),
    }
}

/// A symbolic link is never followed: it could lead out of the site.
fn symlink(shown: String) -> Diagnostic {
    Diagnostic::at_path(
        Severity::Warning,
        "symbolic-link",
        shown,
        "this is a symbolic link; brief does not follow links, so it is left out",
    )
    .with_help("put the file or folder itself here instead of a link to it")
}

fn unexpected(shown: String) -> Diagnostic {
    Diagnostic::at_path(Severity::Warning, "unexpected-file", shown, "brief does not use this file").with_help(
        "content/ holds site.yaml, people/<id>.yaml, orgs/<id>.yaml and briefs/<slug>/{brief.yaml,zh.md,en.md,images}; move or delete it",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_safe_ids() {
        assert!(is_url_safe("trump-putin"));
        assert!(is_url_safe("2025-02-12-calls"));
        for bad in ["", "Putin", "a b", "../x", "a/b", "-a", "a-", "a--b", "普京", "a.b"] {
            assert!(!is_url_safe(bad), "{bad}");
        }
    }

    #[test]
    fn display_paths_are_relative_with_slashes() {
        for (root, path, shown) in [
            ("/site", "/site/content/briefs/a/zh.md", "content/briefs/a/zh.md"),
            (".", "./content/site.yaml", "content/site.yaml"),
            ("site/", "site/content/people/x.yaml", "content/people/x.yaml"),
            ("/site", "/site/content//briefs/./a/en.md", "content/briefs/a/en.md"),
            ("/site", "/site", ""),
            // Outside the root: as the components give it.
            ("/site", "/site2/content/x", "//site2/content/x"),
            ("a/./b", "a/./b/content/x", "content/x"),
        ] {
            let (root, path) = (Path::new(root), Path::new(path));
            assert_eq!(display_path(root, path), shown, "{path:?}");
            assert_eq!(display_path(root, path), by_components(root, path), "{path:?}");
        }
    }

    #[test]
    fn every_file_gets_its_role_or_a_problem() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        for file in [
            "content/site.yaml",
            "content/people/putin.yaml",
            "content/orgs/nato.yaml",
            "content/notes.txt",
            "content/briefs/loose.md",
            "content/briefs/b/brief.yaml",
            "content/briefs/b/zh.md",
            "content/briefs/b/en.md",
            "content/briefs/b/map.png",
            "content/briefs/b/draft.txt",
            "content/briefs/b/old/x.png",
            "content/briefs/a/brief.yaml",
            "content/briefs/Bad/brief.yaml",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("a folder");
            std::fs::write(path, "x").expect("a file");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("content/briefs/b/zh.md"), root.join("content/briefs/a/zh.md"))
            .expect("a link");
        let (inventory, diagnostics) = discover(root);
        let slugs: Vec<&str> = inventory.briefs.iter().map(|b| b.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "b"]);
        let b = &inventory.briefs[1];
        assert_eq!(b.yaml.as_deref(), Some(root.join("content/briefs/b/brief.yaml").as_path()));
        let langs: Vec<Lang> = b.narratives.iter().map(|(l, _)| *l).collect();
        assert_eq!(langs, [Lang::En, Lang::Zh], "in file name order");
        assert_eq!(b.assets, [root.join("content/briefs/b/map.png")]);
        assert!(inventory.briefs[0].narratives.is_empty(), "the link is not followed");
        assert_eq!(inventory.entities.len(), 2);
        let mut found: Vec<(String, &str)> = diagnostics.iter().map(|d| (d.path.clone(), d.code)).collect();
        found.sort();
        let mut expected = vec![
            ("content/briefs/Bad/brief.yaml".to_string(), "invalid-id"),
            ("content/briefs/b/draft.txt".to_string(), "unexpected-file"),
            ("content/briefs/b/old/x.png".to_string(), "unexpected-file"),
            ("content/briefs/loose.md".to_string(), "unexpected-file"),
            ("content/notes.txt".to_string(), "unexpected-file"),
        ];
        if cfg!(unix) {
            expected.push(("content/briefs/a/zh.md".to_string(), "symbolic-link"));
            expected.sort();
        }
        assert_eq!(found, expected);
    }
}
