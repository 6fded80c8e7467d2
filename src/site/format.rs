//! Reader-facing wording of dates, windows and durations in each language.
//!
//! Grammar lives here rather than in templates: "12 February 2025" and
//! "2025年2月12日" differ in order, not just in words.

use crate::content::date::{Date, PartialDate, When};
use crate::content::duration::{DurationRange, DurationValue, Qualifier};
use crate::content::model::Lang;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn date(d: Date, lang: Lang) -> String {
    partial_date(d.partial(), lang)
}

pub fn partial_date(d: PartialDate, lang: Lang) -> String {
    // Pushed piece by piece: pages word many dates, and `format!` costs more here.
    let mut out = String::with_capacity(24);
    let year = |out: &mut String| push_int(out, i64::from(d.year));
    match (lang, d.month, d.day) {
        (Lang::Zh, month, day) => {
            year(&mut out);
            out.push('年');
            if let Some(m) = month {
                push_int(&mut out, i64::from(m));
                out.push('月');
                if let Some(day) = day {
                    push_int(&mut out, i64::from(day));
                    out.push('日');
                }
            }
        }
        (Lang::En, None, _) => year(&mut out),
        (Lang::En, Some(m), day) => {
            if let Some(day) = day {
                push_int(&mut out, i64::from(day));
                out.push(' ');
            }
            out.push_str(MONTHS_EN[usize::from(m - 1)]);
            out.push(' ');
            year(&mut out);
        }
    }
    out
}

/// A date as ISO 8601 (`2025-02-12`), the same as its `Display`.
pub fn iso_date(d: Date) -> String {
    iso_partial(d.partial())
}

/// A partial date as ISO 8601 (`2025`, `2025-02`, `2025-02-12`), the same as its `Display`.
pub fn iso_partial(d: PartialDate) -> String {
    if !(0..=9999).contains(&d.year) {
        return d.to_string();
    }
    let mut out = String::with_capacity(10);
    let two = |out: &mut String, n: u8| {
        out.push('-');
        out.push(char::from(b'0' + n / 10 % 10));
        out.push(char::from(b'0' + n % 10));
    };
    let y = d.year.unsigned_abs();
    out.extend([y / 1000, y / 100, y / 10, y].map(|n| char::from(b'0' + (n % 10) as u8)));
    if let Some(m) = d.month {
        two(&mut out, m);
    }
    if let Some(day) = d.day {
        two(&mut out, day);
    }
    out
}

/// An integer in decimal, as `Display` writes it.
fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// A window such as "14–16 February 2025" / "2025年2月14日至16日".
pub fn when(w: When, lang: Lang) -> String {
    let (a, b) = match w {
        When::On(d) => return partial_date(d, lang),
        When::Between(a, b) => (a, b),
    };
    let same_month = a.year == b.year && a.month == b.month && a.day.is_some() && b.day.is_some();
    match (lang, same_month) {
        (Lang::En, true) => format!("{}–{}", a.day.unwrap_or(1), partial_date(b, lang)),
        (Lang::Zh, true) => format!("{}至{}日", partial_date(a, lang), b.day.unwrap_or(1)),
        (Lang::En, false) => format!("{} – {}", partial_date(a, lang), partial_date(b, lang)),
        (Lang::Zh, false) => format!("{}至{}", partial_date(a, lang), partial_date(b, lang)),
    }
}

/// "90 min" / "90分钟".
pub fn minutes(m: u32, lang: Lang) -> String {
    let mut out = String::with_capacity(16);
    push_minutes(&mut out, m, lang);
    out
}

// Pushed piece by piece, as dates are: every call's picture and table word
// these, and `format!` costs more here.
fn push_minutes(out: &mut String, m: u32, lang: Lang) {
    push_int(out, i64::from(m));
    out.push_str(match lang {
        Lang::Zh => "分钟",
        Lang::En => " min",
    });
}

/// The machine reading of one claim: "at least 60 min" / "至少60分钟".
pub fn duration_value(v: DurationValue, lang: Lang) -> String {
    let qualifier = match (lang, v.qualifier) {
        (_, Qualifier::Exact) => "",
        (Lang::Zh, Qualifier::About) => "约",
        (Lang::Zh, Qualifier::AtLeast) => "至少",
        (Lang::Zh, Qualifier::Nearly) => "近",
        (Lang::En, Qualifier::About) => "about ",
        (Lang::En, Qualifier::AtLeast) => "at least ",
        (Lang::En, Qualifier::Nearly) => "nearly ",
    };
    let mut out = String::with_capacity(24);
    out.push_str(qualifier);
    push_minutes(&mut out, v.minutes, lang);
    out
}

/// The span of all claims: "60–90 min" / "60–90分钟", or one figure.
pub fn duration_range(r: DurationRange, lang: Lang) -> String {
    let mut out = String::with_capacity(24);
    if r.low != r.high {
        push_int(&mut out, i64::from(r.low));
        out.push('–');
    }
    push_minutes(&mut out, r.high, lang);
    out
}

/// Joins names: "A, B and C" / "A、B和C".
pub fn join_names(names: &[&str], lang: Lang) -> String {
    match (names, lang) {
        ([], _) => String::new(),
        ([one], _) => (*one).to_string(),
        ([init @ .., last], Lang::Zh) => [init.join("、").as_str(), "和", last].concat(),
        ([a, b], Lang::En) => [*a, " and ", b].concat(),
        ([init @ .., last], Lang::En) => [init.join(", ").as_str(), " and ", last].concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        let d = Date::parse("2025-02-12").unwrap();
        assert_eq!(date(d, Lang::En), "12 February 2025");
        assert_eq!(date(d, Lang::Zh), "2025年2月12日");
        let june = PartialDate::parse("2021-06").unwrap();
        assert_eq!(partial_date(june, Lang::En), "June 2021");
        assert_eq!(partial_date(june, Lang::Zh), "2021年6月");
    }

    #[test]
    fn iso_dates_match_display() {
        for text in ["2025-02-12", "0999-01-01", "2000-12-31"] {
            let d = Date::parse(text).unwrap();
            assert_eq!(iso_date(d), d.to_string());
        }
        for text in ["2025", "2025-02", "2025-02-12", "0042-11"] {
            let d = PartialDate::parse(text).unwrap();
            assert_eq!(iso_partial(d), d.to_string());
        }
    }

    #[test]
    fn windows_share_their_month() {
        let w = When::parse("2025-02-14/2025-02-16").unwrap();
        assert_eq!(when(w, Lang::En), "14–16 February 2025");
        assert_eq!(when(w, Lang::Zh), "2025年2月14日至16日");
    }

    #[test]
    fn durations_and_ranges() {
        let v = DurationValue::parse("at least 1h").unwrap();
        assert_eq!(duration_value(v, Lang::En), "at least 60 min");
        assert_eq!(duration_value(v, Lang::Zh), "至少60分钟");
        let r = DurationRange { low: 60, high: 90, disputed: true };
        assert_eq!(duration_range(r, Lang::En), "60–90 min");
        assert_eq!(duration_range(r, Lang::Zh), "60–90分钟");
        let one = DurationRange { low: 45, high: 45, disputed: false };
        assert_eq!(duration_range(one, Lang::En), "45 min");
        assert_eq!(duration_range(one, Lang::Zh), "45分钟");
        for (value, en, zh) in [
            ("90m", "90 min", "90分钟"),
            ("about 2h", "about 120 min", "约120分钟"),
            ("nearly 1h30m", "nearly 90 min", "近90分钟"),
            ("at least 5m", "at least 5 min", "至少5分钟"),
        ] {
            let v = DurationValue::parse(value).unwrap();
            assert_eq!(duration_value(v, Lang::En), en, "{value}");
            assert_eq!(duration_value(v, Lang::Zh), zh, "{value}");
        }
    }

    #[test]
    fn names_join_per_language() {
        assert_eq!(join_names(&["A", "B", "C"], Lang::En), "A, B and C");
        assert_eq!(join_names(&["甲", "乙", "丙"], Lang::Zh), "甲、乙和丙");
    }
}
