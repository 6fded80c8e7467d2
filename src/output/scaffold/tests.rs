//! Unit tests of the scaffolds: slugs, dates, and templates that stay in
//! step with the content model (every field shown, and valid once
//! uncommented).

use super::*;
use crate::content::model::{
    BriefFile, Call, DurationClaim, EntityFile, Event, Fact, NextStep, Quote, Reaction, SiteConfig, Source,
};
use crate::content::source::SourceFile;
use crate::content::yaml;
use serde::de::DeserializeOwned;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn slugs_come_from_the_date_and_ascii_titles() {
    let d = date("2025-02-13");
    assert_eq!(
        slug_from_title(d, "Trump calls Putin, then Zelensky").unwrap(),
        "2025-02-13-trump-calls-putin-then-zelensky"
    );
    assert_eq!(slug_from_title(d, "US–Russia talks: 2nd round").unwrap(), "2025-02-13-us-russia-talks-2nd-round");
    assert_eq!(slug_from_title(d, "特朗普与普京通话"), None);
    assert_eq!(slug_from_title(d, "Trump 与 Putin"), None);
    assert_eq!(slug_from_title(d, "!!!"), None);
    let long = slug_from_title(d, &"word ".repeat(40)).unwrap();
    assert!(long.len() <= 64 && is_url_safe(&long), "{long}");
}

#[test]
fn today_is_a_calendar_date() {
    assert_eq!(civil_from_days(0), date("1970-01-01"));
    assert_eq!(civil_from_days(20_132), date("2025-02-13"));
    assert_eq!(civil_from_days(11_016), date("2000-02-29"));
    assert!(today() >= date("2025-01-01"));
}

/// The fields a model struct allows, read from the unknown-field error.
fn fields_of<T: DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
    let file = SourceFile { display_path: "t.yaml".into(), text: "zzzz_not_a_field: 1\n".into() };
    let error = yaml::parse::<T>(&file, 0..file.text.len()).unwrap_err();
    let help = error.help.unwrap();
    let list = help.split("are: ").nth(1).unwrap_or_else(|| panic!("no field list in {help:?}"));
    list.split(", ").map(str::to_string).collect()
}

#[test]
fn templates_show_every_field_of_the_model() {
    let brief_fields = [
        fields_of::<BriefFile>(),
        fields_of::<Fact>(),
        fields_of::<Call>(),
        fields_of::<DurationClaim>(),
        fields_of::<Quote>(),
        fields_of::<NextStep>(),
        fields_of::<Reaction>(),
        fields_of::<Event>(),
        fields_of::<Source>(),
    ];
    for field in brief_fields.iter().flatten() {
        assert!(BRIEF_YAML.contains(&format!(" {field}:")) || BRIEF_YAML.contains(&format!("\n{field}:")), "{field}");
    }
    for field in fields_of::<EntityFile>() {
        assert!(ENTITY_YAML.contains(&format!("{field}:")), "entity.yaml lacks {field}");
    }
    for field in fields_of::<SiteConfig>() {
        assert!(SITE_YAML.contains(&format!("\n{field}:")) || SITE_YAML.contains(&format!("\n# {field}:")), "{field}");
    }
}

/// The template with its commented-out fields switched on.
fn uncommented(template: &str, from: &str) -> String {
    let start = template.find(from).unwrap();
    let (head, tail) = template.split_at(start);
    let tail: Vec<String> = tail
        .lines()
        .map(|l| {
            let indent = l.len() - l.trim_start().len();
            l.trim_start().strip_prefix("# ").map_or_else(|| l.to_string(), |rest| format!("{}{rest}", &l[..indent]))
        })
        .collect();
    format!("{head}{}\n", tail.join("\n"))
}

fn parses<T: DeserializeOwned>(text: String) -> T {
    let file = SourceFile { display_path: "t.yaml".into(), text };
    yaml::parse::<T>(&file, 0..file.text.len()).unwrap_or_else(|d| panic!("{}\n{}", d.render_human(), file.text))
}

#[test]
fn templates_parse_with_every_field_switched_on() {
    let brief = BRIEF_YAML.replace("{{lang}}", "en").replace("{{title}}", "\"T\"").replace("{{date}}", "2025-02-13");
    let parsed: BriefFile = parses(uncommented(&brief, "# highlights:"));
    assert_eq!(parsed.calls[0].duration.len(), 1);
    assert_eq!(parsed.sources[0].id, "source-id");
    assert!(parsed.title.en.is_some());
    let entity = ENTITY_YAML.replace("{{name}}", "\"N\"");
    let parsed: EntityFile = parses(uncommented(&entity, "  # zh:"));
    assert_eq!(parsed.affiliation.as_deref(), Some("org-id"));
    let site: SiteConfig = parses(uncommented(&SITE_YAML.replace("{{date}}", "2025-02-13"), "# base_url"));
    assert!(site.base_url.is_some());
}
