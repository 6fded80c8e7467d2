//! Calendar dates as editors write them: full (`2025-02-12`), partial
//! (`2021-06`, `2008`) and windows (`2025-02-14/2025-02-16`).
//!
//! Dates are plain values with no time zone and no clock: the site's
//! `as_of` date, not the build machine's clock, decides what is upcoming.
//! Parsing is ours (a few lines) so that every error can say exactly what
//! is wrong with the value.

use std::fmt;

use serde::{Deserialize, Deserializer, de};

/// A full calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// When a next step happens: one day or period, or a window between two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    On(PartialDate),
    Between(PartialDate, PartialDate),
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn parse_number(part: &str, digits: usize, what: &str) -> Result<u32, String> {
    if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {what} must be {digits} digits, found '{part}'"));
    }
    part.parse::<u32>().map_err(|e| e.to_string())
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking month and day ranges.
    pub fn parse(input: &str) -> Result<PartialDate, String> {
        let mut parts = input.trim().split('-');
        let year = parse_number(parts.next().unwrap_or(""), 4, "year")? as i32;
        let month = match parts.next() {
            None => None,
            Some(p) => {
                let m = parse_number(p, 2, "month")?;
                if !(1..=12).contains(&m) {
                    return Err(format!("month {m} does not exist (use 01 to 12)"));
                }
                Some(m as u8)
            }
        };
        let day = match parts.next() {
            None => None,
            Some(p) => {
                let d = parse_number(p, 2, "day")?;
                let month = month.unwrap_or(1);
                let max = days_in_month(year, month);
                if d == 0 || d > u32::from(max) {
                    return Err(format!("{input} does not exist: month {month:02} of {year} has {max} days"));
                }
                Some(d as u8)
            }
        };
        if parts.next().is_some() {
            return Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into());
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn full(self) -> Option<Date> {
        Some(Date { year: self.year, month: self.month?, day: self.day? })
    }

    /// The first day this partial date could mean, for sorting and comparing.
    pub fn first_day(self) -> Date {
        Date { year: self.year, month: self.month.unwrap_or(1), day: self.day.unwrap_or(1) }
    }

    /// The last day this partial date could mean.
    pub fn last_day(self) -> Date {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        Date { year: self.year, month, day }
    }
}

impl Date {
    pub fn parse(input: &str) -> Result<Date, String> {
        let partial = PartialDate::parse(input)?;
        partial.full().ok_or_else(|| format!("'{input}' is not a full date: write YYYY-MM-DD"))
    }

    pub fn partial(self) -> PartialDate {
        PartialDate { year: self.year, month: Some(self.month), day: Some(self.day) }
    }

    /// Days since 1970-01-01 (negative before), for measuring gaps between dates.
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl When {
    pub fn parse(input: &str) -> Result<When, String> {
        match input.split_once('/') {
            None => Ok(When::On(PartialDate::parse(input)?)),
            Some((a, b)) => {
                let (start, end) = (PartialDate::parse(a)?, PartialDate::parse(b)?);
                if end.last_day() < start.first_day() {
                    return Err(format!("the window ends ({b}) before it starts ({a})"));
                }
                Ok(When::Between(start, end))
            }
        }
    }

    pub fn start(self) -> PartialDate {
        match self {
            When::On(d) | When::Between(d, _) => d,
        }
    }

    pub fn end(self) -> PartialDate {
        match self {
            When::On(d) | When::Between(_, d) => d,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::On(d) => write!(f, "{d}"),
            When::Between(a, b) => write!(f, "{a}/{b}"),
        }
    }
}

/// Deserializes any of our date types from a YAML string (or an unquoted
/// year, which YAML reads as a number).
fn deserialize_with<'de, D, T>(deserializer: D, parse: fn(&str) -> Result<T, String>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Str(String),
        Int(i64),
    }
    let raw = Raw::deserialize(deserializer).map_err(|_| de::Error::custom("expected a date such as 2025-02-12"))?;
    let text = match raw {
        Raw::Str(s) => s,
        Raw::Int(n) => n.to_string(),
    };
    parse(&text).map_err(|e| de::Error::custom(format!("invalid date '{text}': {e}")))
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_with(d, Date::parse)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_with(d, PartialDate::parse)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_with(d, When::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_days_across_months_and_leap_years() {
        let n = |s: &str| Date::parse(s).unwrap().day_number();
        assert_eq!(n("1970-01-01"), 0);
        assert_eq!(n("2025-02-13") - n("2025-02-12"), 1);
        assert_eq!(n("2024-03-01") - n("2024-02-28"), 2);
        assert_eq!(n("2025-01-01") - n("2024-01-01"), 366);
        assert_eq!(n("1969-12-31"), -1);
    }

    #[test]
    fn parses_full_and_partial_dates() {
        assert_eq!(Date::parse("2025-02-12").unwrap().to_string(), "2025-02-12");
        assert_eq!(PartialDate::parse("2021-06").unwrap().to_string(), "2021-06");
        assert_eq!(PartialDate::parse("2008").unwrap().to_string(), "2008");
    }

    #[test]
    fn rejects_impossible_dates() {
        let err = Date::parse("2025-02-30").unwrap_err();
        assert!(err.contains("has 28 days"), "{err}");
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-13-01").unwrap_err().contains("month 13"));
        assert!(Date::parse("2025-2-1").is_err());
        assert!(Date::parse("2021-06").unwrap_err().contains("not a full date"));
    }

    #[test]
    fn windows_must_not_run_backwards() {
        assert!(When::parse("2025-02-14/2025-02-16").is_ok());
        assert!(When::parse("2025-02-16/2025-02-14").unwrap_err().contains("before it starts"));
    }

    #[test]
    fn partial_dates_span_their_period() {
        let d = PartialDate::parse("2024-02").unwrap();
        assert_eq!(d.first_day().to_string(), "2024-02-01");
        assert_eq!(d.last_day().to_string(), "2024-02-29");
    }
}
