//! Durations as sources state them, and what several claims add up to.
//!
//! Sources disagree about how long a call lasted ("more than an hour" says
//! one side, "nearly an hour and a half" the other). Each claim keeps its
//! own words; its machine reading is a [`DurationValue`]: a qualifier and a
//! number of minutes. [`DurationRange`] folds the claims of one call into
//! the span a reader should see, and says whether the claims disagree.

use std::fmt;

use serde::{Deserialize, Deserializer, de};

/// How exact a stated duration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    About,
    AtLeast,
    Nearly,
}

impl Qualifier {
    pub fn key(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::AtLeast => "at_least",
            Qualifier::Nearly => "nearly",
        }
    }
}

/// A machine-readable duration claim: `nearly 90m` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DurationValue {
    pub qualifier: Qualifier,
    pub minutes: u32,
}

impl DurationValue {
    /// Parses `[about|at least|nearly] <amount>` where the amount is
    /// `90m`, `1h`, `1h30m` or `1.5h`.
    pub fn parse(input: &str) -> Result<DurationValue, String> {
        let text = input.trim();
        let prefixes =
            [("about ", Qualifier::About), ("at least ", Qualifier::AtLeast), ("nearly ", Qualifier::Nearly)];
        let (qualifier, amount) = prefixes
            .iter()
            .find_map(|(p, q)| text.strip_prefix(p).map(|rest| (*q, rest)))
            .unwrap_or((Qualifier::Exact, text));
        let minutes = parse_minutes(amount.trim())?;
        if minutes == 0 {
            return Err("a duration must be longer than zero minutes".into());
        }
        Ok(DurationValue { qualifier, minutes })
    }
}

fn parse_minutes(amount: &str) -> Result<u32, String> {
    let hint = "write an amount such as 90m, 1h, 1h30m or 1.5h, optionally after 'about', 'at least' or 'nearly'";
    if let Some(hours) = amount.strip_suffix('h').filter(|h| h.contains('.')) {
        let h: f64 = hours.parse().map_err(|_| hint.to_string())?;
        if !(0.0..=10_000.0).contains(&h) {
            return Err(hint.into());
        }
        return Ok((h * 60.0).round() as u32);
    }
    let (hours, rest) = match amount.split_once('h') {
        Some((h, rest)) => (parse_count(h).ok_or(hint)?, rest),
        None => (0, amount),
    };
    let minutes = match rest {
        "" if amount.ends_with('h') => 0,
        _ => parse_count(rest.strip_suffix('m').ok_or(hint)?).ok_or(hint)?,
    };
    hours.checked_mul(60).and_then(|h| h.checked_add(minutes)).ok_or_else(|| hint.to_string())
}

fn parse_count(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl fmt::Display for DurationValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = match self.qualifier {
            Qualifier::Exact => "",
            Qualifier::About => "about ",
            Qualifier::AtLeast => "at least ",
            Qualifier::Nearly => "nearly ",
        };
        write!(f, "{q}{}m", self.minutes)
    }
}

impl<'de> Deserialize<'de> for DurationValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)
            .map_err(|_| de::Error::custom("expected a duration such as \"about 60m\" or \"nearly 1h30m\""))?;
        DurationValue::parse(&text).map_err(|e| de::Error::custom(format!("invalid duration '{text}': {e}")))
    }
}

/// What all the claims about one call's length amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationRange {
    /// The smallest stated figure.
    pub low: u32,
    /// The largest stated figure.
    pub high: u32,
    /// True when the claims state different figures.
    pub disputed: bool,
}

impl DurationRange {
    /// Folds claims into a range; `None` when there are none.
    pub fn of(values: impl IntoIterator<Item = DurationValue>) -> Option<DurationRange> {
        values.into_iter().fold(None, |acc, v| {
            Some(match acc {
                None => DurationRange { low: v.minutes, high: v.minutes, disputed: false },
                Some(r) => DurationRange {
                    low: r.low.min(v.minutes),
                    high: r.high.max(v.minutes),
                    disputed: r.disputed || r.low != v.minutes || r.high != v.minutes,
                },
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> DurationValue {
        DurationValue::parse(s).unwrap()
    }

    #[test]
    fn parses_qualifiers_and_amounts() {
        assert_eq!(v("90m"), DurationValue { qualifier: Qualifier::Exact, minutes: 90 });
        assert_eq!(v("about 1h"), DurationValue { qualifier: Qualifier::About, minutes: 60 });
        assert_eq!(v("at least 1h"), DurationValue { qualifier: Qualifier::AtLeast, minutes: 60 });
        assert_eq!(v("nearly 1h30m"), DurationValue { qualifier: Qualifier::Nearly, minutes: 90 });
        assert_eq!(v("1.5h").minutes, 90);
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "an hour", "90", "1h30", "about", "0m", "-5m", "99999999999h", "1.5.h"] {
            assert!(DurationValue::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn disagreeing_claims_make_a_disputed_range() {
        let r = DurationRange::of([v("at least 60m"), v("nearly 90m")]).unwrap();
        assert_eq!((r.low, r.high, r.disputed), (60, 90, true));
        let single = DurationRange::of([v("about 60m")]).unwrap();
        assert_eq!((single.low, single.high, single.disputed), (60, 60, false));
        assert_eq!(DurationRange::of([]), None);
    }
}
