//! The content model: what an editor writes, as typed Rust data.
//!
//! Every struct here mirrors one YAML shape one-to-one and denies unknown
//! fields, so a typo in a key is an error rather than a silently ignored
//! value. The model is plain data: loading fills it, validation reads it,
//! rendering borrows it. Nothing here does I/O.
//!
//! Text that readers see is a [`Text`]: one string per language. A missing
//! language falls back to the other one at render time (and is marked).

use serde::Deserialize;

use super::date::{Date, PartialDate, When};
use super::duration::DurationValue;

/// The two languages a site is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used in paths and YAML keys (`zh`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for the `lang` attribute.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A piece of reader-facing text in both languages; either may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, unless it is missing or only whitespace.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Zh => self.zh.as_deref(),
            Lang::En => self.en.as_deref(),
        }
        // Pages and the index ask this all the time: a text that starts
        // with a letter answers at its first byte, others at their first
        // character that is not whitespace.
        .filter(|s| s.as_bytes().first().is_some_and(|b| b.is_ascii_graphic()) || !s.trim_start().is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.get(Lang::Zh).is_none() && self.get(Lang::En).is_none()
    }

    /// The text in `lang`, else in the other language (as pages fall back), else "".
    pub fn get_or_other(&self, lang: Lang) -> &str {
        self.get(lang).or_else(|| self.get(lang.other())).unwrap_or("")
    }
}

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    pub languages: Vec<Lang>,
    pub default_language: Lang,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// What "upcoming" and "past" are measured against; never the build clock.
    pub as_of: Date,
}

fn default_theme() -> String {
    "default".to_string()
}

/// Whether a registry entry is a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Org,
}

impl EntityKind {
    /// The kind as templates, CSS classes and the search index name it
    /// (its serialized form).
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Org => "org",
        }
    }
}

/// `content/people/<id>.yaml` or `content/orgs/<id>.yaml`; the id is the file name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityFile {
    pub name: Text,
    #[serde(default)]
    pub role: Text,
    /// Country or affiliation as readers should see it.
    #[serde(default)]
    pub country: Text,
    /// Id of an organisation this entity belongs to.
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Markdown, per language.
    #[serde(default)]
    pub bio: Text,
    /// A note on how the entity is named in the sources (for example a
    /// spelling that differs from the usual one).
    #[serde(default)]
    pub note: Text,
}

/// `content/briefs/<slug>/brief.yaml`; the slug is the folder name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefFile {
    pub title: Text,
    pub date: Date,
    pub summary: Text,
    /// Editor-written one-line takeaways for the "at a glance" box.
    #[serde(default)]
    pub highlights: Vec<Fact>,
    #[serde(default)]
    pub calls: Vec<Call>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub next_steps: Vec<NextStep>,
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    #[serde(default)]
    pub background: Vec<Fact>,
    #[serde(default)]
    pub timeline: Vec<Event>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl BriefFile {
    /// Gives back the room its lists grew into while parsing. The parser
    /// cannot say how long a list is, so a list of one item holds room for
    /// four; over a brief's dozens of lists that was 43 of the 89 MB the
    /// lists took at 10,000 briefs (massif), memory that every build must
    /// have the system map and zero afresh.
    pub fn shrink_to_fit(&mut self) {
        // Every field named, so that a new list is not forgotten here.
        let BriefFile {
            title: _,
            date: _,
            summary: _,
            highlights,
            calls,
            quotes,
            next_steps,
            reactions,
            background,
            timeline,
            sources,
        } = self;
        highlights.shrink_to_fit();
        calls.shrink_to_fit();
        for call in calls {
            call.participants.shrink_to_fit();
            call.duration.shrink_to_fit();
            call.topics.shrink_to_fit();
            call.outcomes.shrink_to_fit();
        }
        quotes.shrink_to_fit();
        next_steps.shrink_to_fit();
        for step in next_steps {
            step.who.shrink_to_fit();
        }
        reactions.shrink_to_fit();
        background.shrink_to_fit();
        timeline.shrink_to_fit();
        for event in timeline {
            event.who.shrink_to_fit();
        }
        sources.shrink_to_fit();
    }
}

/// A statement with its attribution: who said or reported it and where.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub text: Text,
    /// The person or organisation the statement comes from.
    #[serde(default)]
    pub by: Option<String>,
    /// The source (an id from the brief's `sources`) that reports it.
    #[serde(default)]
    pub source: Option<String>,
}

/// One phone or video call between leaders.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub id: String,
    pub participants: Vec<String>,
    #[serde(default)]
    pub date: Option<Date>,
    /// Reader-facing time zone the date is given in, e.g. "US Eastern time".
    #[serde(default)]
    pub time_zone: Text,
    #[serde(default)]
    pub initiated_by: Option<String>,
    #[serde(default)]
    pub summary: Text,
    #[serde(default)]
    pub duration: Vec<DurationClaim>,
    #[serde(default)]
    pub topics: Vec<Fact>,
    #[serde(default)]
    pub outcomes: Vec<Fact>,
}

/// One account of how long a call lasted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationClaim {
    /// Who made the claim (a person or organisation id).
    pub by: String,
    /// Where it was reported (a source id).
    #[serde(default)]
    pub source: Option<String>,
    /// The claim's own words, in whichever languages they are known.
    pub said: Text,
    /// The machine reading: `90m`, `about 60m`, `at least 1h`, `nearly 1h30m`.
    pub value: DurationValue,
}

/// A key quote, always attributed to a registered speaker.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub speaker: String,
    pub text: Text,
    /// The language the words were spoken or written in, when known.
    #[serde(default)]
    pub original: Option<Lang>,
    #[serde(default)]
    pub context: Text,
    #[serde(default)]
    pub source: Option<String>,
    /// The id of the call the quote is about, when it is about one.
    #[serde(default)]
    pub call: Option<String>,
}

/// Where a next step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Proposed,
    Announced,
    Agreed,
    Expected,
    Possible,
    Considering,
    Scheduled,
    Done,
    Cancelled,
}

impl StepStatus {
    pub fn key(self) -> &'static str {
        match self {
            StepStatus::Proposed => "proposed",
            StepStatus::Announced => "announced",
            StepStatus::Agreed => "agreed",
            StepStatus::Expected => "expected",
            StepStatus::Possible => "possible",
            StepStatus::Considering => "considering",
            StepStatus::Scheduled => "scheduled",
            StepStatus::Done => "done",
            StepStatus::Cancelled => "cancelled",
        }
    }
}

/// Something announced or expected to happen next.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextStep {
    pub what: Text,
    #[serde(default)]
    pub who: Vec<String>,
    /// `2025-02-14`, `2025-02-14/2025-02-16`, `2025-02`; absent when not set.
    #[serde(default)]
    pub when: Option<When>,
    /// How the source words the timing ("in the near future").
    #[serde(default)]
    pub when_said: Text,
    pub status: StepStatus,
    #[serde(default)]
    pub source: Option<String>,
}

/// How a reaction leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Welcoming,
    Supportive,
    Neutral,
    Cautious,
    Sceptical,
    Critical,
}

impl Stance {
    pub fn key(self) -> &'static str {
        match self {
            Stance::Welcoming => "welcoming",
            Stance::Supportive => "supportive",
            Stance::Neutral => "neutral",
            Stance::Cautious => "cautious",
            Stance::Sceptical => "sceptical",
            Stance::Critical => "critical",
        }
    }
}

/// A reaction from a person, organisation or outlet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    pub who: String,
    /// The country or bloc the reaction is grouped under.
    pub bloc: Text,
    pub stance: Stance,
    pub summary: Text,
    #[serde(default)]
    pub quote: Text,
    #[serde(default)]
    pub source: Option<String>,
}

/// A dated event for the timeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: PartialDate,
    pub text: Text,
    #[serde(default)]
    pub who: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A source the brief draws on, cited by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub url: Option<String>,
    /// What the source is or how it was used.
    #[serde(default)]
    pub note: Text,
}

/// Optional front matter of a narrative file (`zh.md`, `en.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrativeFrontMatter {
    /// Overrides the brief's title in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// Overrides the brief's summary in this language.
    #[serde(default)]
    pub summary: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_of_only_whitespace_is_missing() {
        let text = |s: &str| Text { zh: Some(s.to_string()), en: None };
        for blank in ["", " ", "\t\n", "\u{3000}", " \u{A0}\u{2028} "] {
            assert_eq!(text(blank).get(Lang::Zh), None, "{blank:?}");
        }
        for shown in ["a", " a", "特", "\u{3000}特", "\u{1}", "-", " \u{A0}x"] {
            assert_eq!(text(shown).get(Lang::Zh), Some(shown), "{shown:?}");
        }
        assert_eq!(text("a").get(Lang::En), None);
    }

    #[test]
    fn shrinking_leaves_every_list_no_longer_than_its_items() {
        // Lists as a parser leaves them: one item, room for four.
        fn grown<T>(item: T) -> Vec<T> {
            let mut list = Vec::with_capacity(4);
            list.push(item);
            list
        }
        let text = Text { zh: Some("文".into()), en: None };
        let fact = || Fact { text: text.clone(), by: None, source: None };
        let claim = DurationClaim {
            by: "a".into(),
            source: None,
            said: text.clone(),
            value: DurationValue::parse("90m").unwrap(),
        };
        let call = Call {
            id: "c".into(),
            participants: grown("a".into()),
            date: None,
            time_zone: Text::default(),
            initiated_by: None,
            summary: Text::default(),
            duration: grown(claim),
            topics: grown(fact()),
            outcomes: grown(fact()),
        };
        let quote = Quote {
            speaker: "a".into(),
            text: text.clone(),
            original: None,
            context: Text::default(),
            source: None,
            call: None,
        };
        let step = NextStep {
            what: text.clone(),
            who: grown("a".into()),
            when: None,
            when_said: Text::default(),
            status: StepStatus::Agreed,
            source: None,
        };
        let reaction = Reaction {
            who: "a".into(),
            bloc: text.clone(),
            stance: Stance::Neutral,
            summary: text.clone(),
            quote: Text::default(),
            source: None,
        };
        let event = Event {
            date: PartialDate::parse("2025").unwrap(),
            text: text.clone(),
            who: grown("a".into()),
            source: None,
        };
        let source = Source { id: "s".into(), name: text.clone(), url: None, note: Text::default() };
        let mut brief = BriefFile {
            title: text.clone(),
            date: Date::parse("2025-02-12").unwrap(),
            summary: text.clone(),
            highlights: grown(fact()),
            calls: grown(call),
            quotes: grown(quote),
            next_steps: grown(step),
            reactions: grown(reaction),
            background: grown(fact()),
            timeline: grown(event),
            sources: grown(source),
        };
        brief.shrink_to_fit();
        let call = &brief.calls[0];
        let capacities = [
            brief.highlights.capacity(),
            brief.calls.capacity(),
            call.participants.capacity(),
            call.duration.capacity(),
            call.topics.capacity(),
            call.outcomes.capacity(),
            brief.quotes.capacity(),
            brief.next_steps.capacity(),
            brief.next_steps[0].who.capacity(),
            brief.reactions.capacity(),
            brief.background.capacity(),
            brief.timeline.capacity(),
            brief.timeline[0].who.capacity(),
            brief.sources.capacity(),
        ];
        assert_eq!(capacities, [1; 14]);
    }
}
