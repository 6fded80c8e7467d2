//! `brief new` and `brief init`: scaffold content that `brief check` accepts
//! as it is.
//!
//! Scaffolds are text templates (`scaffold/templates/`) rather than
//! serialized structs, because their value is in the YAML comments: every
//! field the format has is shown, commented out, with what it means, so an
//! editor never has to look up a key. Tests check that the templates name
//! every field of the model and that they parse once uncommented.
//!
//! Scaffolding never overwrites: an existing brief, person or organisation,
//! or a non-empty folder for `init`, is refused. Dates default to today
//! (UTC); this is the one place `brief` reads the clock, since it is
//! writing new content, not deciding what is upcoming.

mod theme;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::content::date::Date;
use crate::content::discover::is_url_safe;
use crate::content::model::{EntityKind, Lang};
use crate::diagnostic::is_wide;

pub use theme::{DEFAULT_THEME, install_default_theme};

const BRIEF_YAML: &str = include_str!("scaffold/templates/brief.yaml");
const ENTITY_YAML: &str = include_str!("scaffold/templates/entity.yaml");
const SITE_YAML: &str = include_str!("scaffold/templates/site.yaml");
const EXAMPLE_YAML: &str = include_str!("scaffold/templates/example.yaml");
const EXAMPLE_ZH: &str = include_str!("scaffold/templates/example.zh.md");
const EXAMPLE_EN: &str = include_str!("scaffold/templates/example.en.md");

/// Why a scaffold was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaffoldError {
    pub message: String,
    pub help: Option<String>,
    /// The arguments were wrong (exit status 2), rather than the site (1).
    pub usage: bool,
}

impl ScaffoldError {
    fn usage(message: impl Into<String>, help: impl Into<String>) -> Self {
        ScaffoldError { message: message.into(), help: Some(help.into()), usage: true }
    }

    fn refused(message: impl Into<String>, help: Option<&str>) -> Self {
        ScaffoldError { message: message.into(), help: help.map(str::to_string), usage: false }
    }

    fn io(path: &Path, error: std::io::Error) -> Self {
        ScaffoldError::refused(format!("could not write {}: {error}", path.display()), None)
    }
}

/// What a scaffold wrote, and anything the editor should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub files: Vec<PathBuf>,
    pub notes: Vec<String>,
}

/// `brief new brief TITLE`: a brief folder with a commented brief.yaml and
/// the narrative in the title's language.
pub fn new_brief(root: &Path, title: &str, slug: Option<&str>, date: Option<Date>) -> Result<Created, ScaffoldError> {
    require_site(root)?;
    let title = title.trim();
    if title.is_empty() {
        return Err(ScaffoldError::usage("the title is empty", "give the brief a title: brief new brief \"Title\""));
    }
    let date = date.unwrap_or_else(today);
    let briefs = root.join("content").join("briefs");
    let mut notes = Vec::new();
    let slug = match slug {
        Some(slug) => {
            check_id(slug, "slug")?;
            slug.to_string()
        }
        None => match slug_from_title(date, title) {
            Some(slug) => slug,
            None => {
                let slug = free_date_slug(&briefs, date);
                notes.push(format!("the title has no ASCII words for a slug; using '{slug}' (choose one with --slug)"));
                slug
            }
        },
    };
    let folder = briefs.join(&slug);
    if folder.exists() {
        return Err(ScaffoldError::refused(
            format!("the brief '{slug}' already exists ({})", folder.display()),
            Some("choose another slug with --slug, or edit the existing brief"),
        ));
    }
    let lang = if title.chars().any(is_wide) { Lang::Zh } else { Lang::En };
    let yaml = BRIEF_YAML
        .replace("{{lang}}", lang.code())
        .replace("{{title}}", &yaml_string(title))
        .replace("{{date}}", &date.to_string());
    let narrative = match lang {
        Lang::Zh => "在这里用 Markdown 撰写简报正文。\n",
        Lang::En => "Write the narrative here, in Markdown.\n",
    };
    let files = vec![(folder.join("brief.yaml"), yaml), (folder.join(format!("{}.md", lang.code())), narrative.into())];
    write_new(&files)?;
    notes.push(format!("add {}.md beside it for the {} narrative", lang.other().code(), lang.other().code()));
    Ok(Created { files: files.into_iter().map(|(p, _)| p).collect(), notes })
}

/// `brief new person ID` and `brief new org ID`.
pub fn new_entity(root: &Path, kind: EntityKind, id: &str) -> Result<Created, ScaffoldError> {
    require_site(root)?;
    check_id(id, "id")?;
    let content = root.join("content");
    for folder in ["people", "orgs"] {
        let existing = content.join(folder).join(format!("{id}.yaml"));
        if existing.exists() {
            return Err(ScaffoldError::refused(
                format!("'{id}' already exists: {}", existing.display()),
                Some("a person and an organisation cannot share an id; choose another"),
            ));
        }
    }
    let (what, folder, link) = match kind {
        EntityKind::Person => ("A person", "people", "person"),
        EntityKind::Org => ("An organisation", "orgs", "org"),
    };
    let name: Vec<String> = id.split('-').map(capitalised).collect();
    let yaml = ENTITY_YAML
        .replace("{{what}}", what)
        .replace("{{id}}", id)
        .replace("{{link}}", link)
        .replace("{{name}}", &yaml_string(&name.join(" ")));
    let path = content.join(folder).join(format!("{id}.yaml"));
    write_new(&[(path.clone(), yaml)])?;
    Ok(Created { files: vec![path], notes: vec!["the name is a guess from the id: correct it".into()] })
}

/// `brief init DIR`: a new site with the default theme and one example
/// brief, which `brief build` turns into a working site.
pub fn init(dir: &Path, date: Option<Date>) -> Result<Created, ScaffoldError> {
    if dir.is_file() || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(ScaffoldError::refused(
            format!("{} is not an empty folder", dir.display()),
            Some("choose a new or empty folder; brief init never overwrites"),
        ));
    }
    let date = date.unwrap_or_else(today).to_string();
    let content = dir.join("content");
    let brief = content.join("briefs").join(format!("{date}-example"));
    let files = vec![
        (content.join("site.yaml"), SITE_YAML.replace("{{date}}", &date)),
        (brief.join("brief.yaml"), EXAMPLE_YAML.replace("{{date}}", &date)),
        (brief.join("zh.md"), EXAMPLE_ZH.to_string()),
        (brief.join("en.md"), EXAMPLE_EN.to_string()),
    ];
    write_new(&files)?;
    for folder in ["people", "orgs"] {
        let path = content.join(folder);
        fs::create_dir_all(&path).map_err(|e| ScaffoldError::io(&path, e))?;
    }
    let theme = dir.join("themes").join("default");
    install_default_theme(&theme).map_err(|e| ScaffoldError::io(&theme, e))?;
    let mut written: Vec<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
    written.push(theme);
    Ok(Created { files: written, notes: Vec::new() })
}

fn require_site(root: &Path) -> Result<(), ScaffoldError> {
    if root.join("content").is_dir() {
        return Ok(());
    }
    Err(ScaffoldError::refused(
        format!("{} is not a site (it has no content/ folder)", root.display()),
        Some("run in the site's root folder, pass --root DIR, or make a site with `brief init DIR`"),
    ))
}

fn check_id(id: &str, what: &str) -> Result<(), ScaffoldError> {
    if is_url_safe(id) {
        return Ok(());
    }
    Err(ScaffoldError::usage(
        format!("the {what} '{id}' is not URL-safe"),
        "use lowercase ASCII letters, digits and single hyphens, e.g. 'trump-putin-call'",
    ))
}

/// Writes each file, refusing any that exists; creates folders as needed.
fn write_new(files: &[(PathBuf, String)]) -> Result<(), ScaffoldError> {
    for (path, _) in files {
        if path.exists() {
            return Err(ScaffoldError::refused(format!("{} already exists", path.display()), None));
        }
    }
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| ScaffoldError::io(parent, e))?;
        }
        fs::write(path, text).map_err(|e| ScaffoldError::io(path, e))?;
    }
    Ok(())
}

/// `2025-02-13-trump-calls-putin` from the date and the title's ASCII words,
/// or `None` when the title has letters outside ASCII (Chinese, say) or no
/// words at all.
pub fn slug_from_title(date: Date, title: &str) -> Option<String> {
    if title.chars().any(|c| c.is_alphanumeric() && !c.is_ascii()) {
        return None;
    }
    let mut slug = date.to_string();
    for word in title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + 1 + word.len() > 64 {
            break;
        }
        slug.push('-');
        slug.push_str(&word.to_ascii_lowercase());
    }
    (slug.len() > 10).then_some(slug)
}

/// `2025-02-13-brief`, or `-2`, `-3`... when that brief exists.
fn free_date_slug(briefs: &Path, date: Date) -> String {
    let base = format!("{date}-brief");
    (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
        .find(|slug| !briefs.join(slug).exists())
        .unwrap_or(base)
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Today's date in UTC.
pub fn today() -> Date {
    let days = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    civil_from_days(i64::try_from(days).unwrap_or(0))
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date { year: year as i32, month: month as u8, day: day as u8 }
}

#[cfg(test)]
#[path = "scaffold/tests.rs"]
mod tests;
