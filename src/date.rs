//! Dates that keep their precision: a day, a month or a year.
//!
//! Dossiers are full of partial dates ("in December 2016", "spring 2025"), so a date in the model
//! is never silently widened to a day. Ordering puts a year before its months and a month before
//! its days, which is what a chronology wants.

use std::fmt;

/// How precise a [`PartialDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
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

/// Why a date string was refused; the message is shown to the analyst as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub hint: String,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the date exists.
    ///
    /// ```
    /// use dossier::date::{PartialDate, Precision};
    /// let d = PartialDate::parse("2025-06").unwrap();
    /// assert_eq!(d.precision(), Precision::Month);
    /// assert_eq!(d.to_string(), "June 2025");
    /// assert!(PartialDate::parse("2025-02-30").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let hint =
            "write dates as YYYY-MM-DD, YYYY-MM or YYYY (for example 2025-06-16, 2025-06, 2025)"
                .to_string();
        let bad = |message: String| DateError {
            message,
            hint: hint.clone(),
        };
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let shape_ok = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
            _ => false,
        };
        if !shape_ok {
            return Err(bad(format!("`{text}` is not a date")));
        }
        let year: i32 = parts[0].parse().expect("four digits");
        let month = parts.get(1).map(|m| m.parse::<u8>().expect("two digits"));
        let day = parts.get(2).map(|d| d.parse::<u8>().expect("two digits"));
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(bad(format!(
                "`{text}` has month {m}; months run from 01 to 12"
            )));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if d == 0 || d > last {
                return Err(DateError {
                    message: format!(
                        "`{text}` does not exist: {} {year} has {last} days",
                        MONTHS[usize::from(m - 1)]
                    ),
                    hint: "check the day against the article; a partial date (YYYY-MM) is fine when the day is unknown".into(),
                });
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// A full date.
    pub fn ymd(year: i32, month: u8, day: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The canonical key, also used as the date page's file name: `2025-06-16`, `2025-06`, `2025`.
    pub fn key(&self) -> String {
        // Written digit by digit: keys are made for every date link of every page.
        let digits = |s: &mut String, n: u16, width: u32| {
            for k in (0..width).rev() {
                s.push(char::from(b'0' + (n / 10u16.pow(k) % 10) as u8));
            }
        };
        let mut s = String::with_capacity(10);
        match u16::try_from(self.year) {
            Ok(y) => digits(&mut s, y, if y > 9999 { 5 } else { 4 }),
            Err(_) => s = format!("{:04}", self.year),
        }
        if let Some(m) = self.month {
            s.push('-');
            digits(&mut s, m.into(), 2);
            if let Some(d) = self.day {
                s.push('-');
                digits(&mut s, d.into(), 2);
            }
        }
        s
    }

    /// The enclosing month, if this date is a day.
    pub fn month_of(&self) -> Option<PartialDate> {
        self.day.map(|_| PartialDate {
            year: self.year,
            month: self.month,
            day: None,
        })
    }

    /// The enclosing year, if this date is a month or a day.
    pub fn year_of(&self) -> Option<PartialDate> {
        self.month.map(|_| PartialDate {
            year: self.year,
            month: None,
            day: None,
        })
    }

    /// Whether `self` lies within `other` (a day within its month, a month within its year).
    pub fn within(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && (other.month.is_none() || self.month == other.month)
            && (other.day.is_none() || self.day == other.day)
    }

    /// Whether this date certainly lies after `other` (partial dates compare by their extent).
    pub fn certainly_after(&self, other: &PartialDate) -> bool {
        let lo = |d: &PartialDate| (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1));
        let hi = |d: &PartialDate| (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31));
        lo(self) > hi(other)
    }
}

impl fmt::Display for PartialDate {
    /// Reads as a person writes it: `16 June 2025`, `June 2025`, `2025`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{} {} {}", d, MONTHS[usize::from(m - 1)], self.year),
            (Some(m), None) => write!(f, "{} {}", MONTHS[usize::from(m - 1)], self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

/// When an event happened, as firmly as the sources say: on a date (to its precision), about a
/// date, between two dates, by a date, or after one.
///
/// Analysts meet "over the weekend", "on or just before 4 August", "in the first days of March";
/// writing a firm day for those would make the dossier say more than its sources. The forms:
///
/// ```
/// use dossier::date::EventDate;
/// assert_eq!(EventDate::parse("2008-08-02").unwrap().to_string(), "2 August 2008");
/// assert_eq!(EventDate::parse("~2008-08-02").unwrap().to_string(), "about 2 August 2008");
/// assert_eq!(EventDate::parse("2008-08-02/2008-08-03").unwrap().to_string(), "between 2 and 3 August 2008");
/// assert_eq!(EventDate::parse("before 2008-08-04").unwrap().to_string(), "by 4 August 2008");
/// assert_eq!(EventDate::parse("after 2008-03").unwrap().to_string(), "after March 2008");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventDate {
    /// On this date, to its precision: `2008-08-02`, `2008-08`, `2008`.
    On(PartialDate),
    /// About this date: `~2008-08-02`.
    About(PartialDate),
    /// Some time between two dates, both included: `2008-08-02/2008-08-03`.
    Between(PartialDate, PartialDate),
    /// On or before this date: `before 2008-08-04`, read "by 4 August 2008".
    By(PartialDate),
    /// After this date: `after 2008-08-04`.
    After(PartialDate),
}

/// A range of at most this many days is listed on the page of every day it covers; a longer
/// one on the pages of the months (or years) it covers.
pub const SHORT_RANGE_DAYS: i64 = 7;

/// Beyond this many months, a range is placed on year pages.
const MONTHS_LISTED: i64 = 12;
/// Beyond this many years, a range is placed on the pages of its first and last years only.
const YEARS_LISTED: i32 = 10;

impl EventDate {
    /// Parses an event's date: a date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`), `~DATE` (about),
    /// `DATE/DATE` (between, the second after the first), `before DATE` or `after DATE`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let hint = "an event's date may also be approximate (\"~2008-08-02\"), a range \
                    (\"2008-08-02/2008-08-03\") or bounded (\"before 2008-08-04\", \"after 2008-08\")";
        let with_hint = |mut e: DateError| {
            if e.hint.starts_with("write dates as") {
                e.hint = format!("{}; {hint}", e.hint);
            }
            e
        };
        let one = |t: &str| PartialDate::parse(t.trim()).map_err(with_hint);
        if let Some(rest) = text.strip_prefix('~') {
            return Ok(EventDate::About(one(rest)?));
        }
        for (word, make) in [
            ("before ", EventDate::By as fn(PartialDate) -> EventDate),
            ("after ", EventDate::After),
        ] {
            if let Some(rest) = text
                .get(..word.len())
                .filter(|w| w.eq_ignore_ascii_case(word))
                .map(|_| &text[word.len()..])
            {
                return Ok(make(one(rest)?));
            }
        }
        if let Some((a, b)) = text.split_once('/') {
            let (start, end) = (one(a)?, one(b)?);
            if !end.certainly_after(&start) {
                return Err(DateError {
                    message: format!("the range `{text}` does not end after it starts"),
                    hint: "write the earlier date first, then `/`, then the later one (for example 2008-08-02/2008-08-03); a single uncertain day is `~2008-08-02`".into(),
                });
            }
            return Ok(EventDate::Between(start, end));
        }
        one(text).map(EventDate::On)
    }

    /// The date the event is filed under: where it sorts in a chronology and the date page its
    /// date links to (a range's start, a bound's date).
    pub fn anchor(&self) -> PartialDate {
        match *self {
            EventDate::On(d)
            | EventDate::About(d)
            | EventDate::Between(d, _)
            | EventDate::By(d)
            | EventDate::After(d) => d,
        }
    }

    /// A range's last date.
    pub fn until(&self) -> Option<PartialDate> {
        match *self {
            EventDate::Between(_, end) => Some(end),
            _ => None,
        }
    }

    /// The earliest the event can have happened, when the date says (not for "about" or "by").
    pub fn earliest(&self) -> Option<PartialDate> {
        match *self {
            EventDate::On(d) | EventDate::Between(d, _) | EventDate::After(d) => Some(d),
            EventDate::About(_) | EventDate::By(_) => None,
        }
    }

    /// The word pages put before the date: `about`, `between`, `by`, `after`; none for a firm date.
    pub fn qualifier(&self) -> Option<&'static str> {
        match self {
            EventDate::On(_) => None,
            EventDate::About(_) => Some("about"),
            EventDate::Between(..) => Some("between"),
            EventDate::By(_) => Some("by"),
            EventDate::After(_) => Some("after"),
        }
    }

    /// The date pages that list the event. A short range (a week or less, both ends days)
    /// is on every day it covers; a longer one on every month it covers, or every year when
    /// it covers more than a year (its first and last years when more than ten); any other
    /// date on its own page.
    pub fn placements(&self) -> Vec<PartialDate> {
        let EventDate::Between(a, b) = *self else {
            return vec![self.anchor()];
        };
        let (lo, hi) = (first_day(&a), last_day(&b));
        let days = (hi - lo).num_days() + 1;
        if a.precision() == Precision::Day
            && b.precision() == Precision::Day
            && days <= SHORT_RANGE_DAYS
        {
            return lo
                .iter_days()
                .take_while(|d| *d <= hi)
                .map(|d| {
                    use chrono::Datelike;
                    PartialDate::ymd(d.year(), d.month() as u8, d.day() as u8)
                })
                .collect();
        }
        let month_index = |d: &PartialDate, last: bool| {
            let m = d.month.unwrap_or(if last { 12 } else { 1 });
            i64::from(d.year) * 12 + i64::from(m) - 1
        };
        let (m0, m1) = (month_index(&a, false), month_index(&b, true));
        if a.precision() != Precision::Year
            && b.precision() != Precision::Year
            && m1 - m0 < MONTHS_LISTED
        {
            return (m0..=m1)
                .map(|m| PartialDate {
                    year: (m / 12) as i32,
                    month: Some((m % 12 + 1) as u8),
                    day: None,
                })
                .collect();
        }
        let year = |y| PartialDate {
            year: y,
            month: None,
            day: None,
        };
        if b.year - a.year < YEARS_LISTED {
            (a.year..=b.year).map(year).collect()
        } else {
            vec![year(a.year), year(b.year)]
        }
    }

    /// The date as written in the annotation files (`~2008-08-02`, `2008-08-02/2008-08-03`,
    /// `before 2008-08-04`), for the exports.
    pub fn key(&self) -> String {
        match self {
            EventDate::On(d) => d.key(),
            EventDate::About(d) => format!("~{}", d.key()),
            EventDate::Between(a, b) => format!("{}/{}", a.key(), b.key()),
            EventDate::By(d) => format!("before {}", d.key()),
            EventDate::After(d) => format!("after {}", d.key()),
        }
    }
}

/// The first day a partial date stands for.
fn first_day(d: &PartialDate) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(
        d.year,
        u32::from(d.month.unwrap_or(1)),
        u32::from(d.day.unwrap_or(1)),
    )
    .expect("a parsed date exists")
}

/// The last day a partial date stands for.
fn last_day(d: &PartialDate) -> chrono::NaiveDate {
    let m = d.month.unwrap_or(12);
    let day = d.day.unwrap_or_else(|| days_in_month(d.year, m));
    chrono::NaiveDate::from_ymd_opt(d.year, u32::from(m), u32::from(day))
        .expect("a parsed date exists")
}

impl fmt::Display for EventDate {
    /// "about 2 August 2008", "between 2 and 3 August 2008", "by 4 August 2008"; a range says
    /// the parts both ends share once.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventDate::On(d) => write!(f, "{d}"),
            EventDate::About(d) => write!(f, "about {d}"),
            EventDate::By(d) => write!(f, "by {d}"),
            EventDate::After(d) => write!(f, "after {d}"),
            EventDate::Between(a, b) => {
                let same_year = a.year == b.year;
                let same_month = same_year && a.month.is_some() && a.month == b.month;
                let start = match (a.month, a.day) {
                    (Some(_), Some(d)) if same_month && b.day.is_some() => d.to_string(),
                    (Some(m), Some(d)) if same_year && b.month.is_some() => {
                        format!("{d} {}", MONTHS[usize::from(m - 1)])
                    }
                    (Some(m), None) if same_year && b.month.is_some() && b.day.is_none() => {
                        MONTHS[usize::from(m - 1)].to_string()
                    }
                    _ => a.to_string(),
                };
                write!(f, "between {start} and {b}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_the_year_month_and_day_zero_padded() {
        for year in [-12, 0, 7, 999, 2025, 9999, 10_000, 40_000] {
            for (month, day) in [
                (None, None),
                (Some(1), None),
                (Some(12), Some(9)),
                (Some(3), Some(31)),
            ] {
                let d = PartialDate { year, month, day };
                let want = match (month, day) {
                    (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
                    (Some(m), None) => format!("{year:04}-{m:02}"),
                    _ => format!("{year:04}"),
                };
                assert_eq!(d.key(), want);
            }
        }
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            PartialDate::parse("2025-06-16").unwrap().precision(),
            Precision::Day
        );
        assert_eq!(
            PartialDate::parse("2025-06").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            PartialDate::parse("2016").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().key(),
            "2024-02-29"
        );
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        let e = PartialDate::parse("2025-02-30").unwrap_err();
        assert!(
            e.message.contains("February 2025 has 28 days"),
            "{}",
            e.message
        );
        let e = PartialDate::parse("2025-13").unwrap_err();
        assert!(e.message.contains("month 13"), "{}", e.message);
        assert!(PartialDate::parse("June 16").is_err());
        assert!(PartialDate::parse("2025-6-1").is_err());
        assert!(PartialDate::parse("").is_err());
    }

    #[test]
    fn orders_and_displays() {
        let y = PartialDate::parse("2025").unwrap();
        let m = PartialDate::parse("2025-06").unwrap();
        let d = PartialDate::parse("2025-06-16").unwrap();
        assert!(y < m && m < d);
        assert_eq!(d.to_string(), "16 June 2025");
        assert_eq!(m.to_string(), "June 2025");
        assert_eq!(d.month_of(), Some(m));
        assert!(d.within(&m) && d.within(&y) && !m.within(&d));
        assert!(PartialDate::parse("2025-07").unwrap().certainly_after(&d));
        assert!(!m.certainly_after(&d));
    }

    fn ev(t: &str) -> EventDate {
        EventDate::parse(t).unwrap_or_else(|e| panic!("{t}: {}", e.message))
    }

    #[test]
    fn event_dates_read_as_written() {
        assert_eq!(
            ev("2008-08-02/2008-08-03").to_string(),
            "between 2 and 3 August 2008"
        );
        assert_eq!(
            ev("2008-07-30/2008-08-03").to_string(),
            "between 30 July and 3 August 2008"
        );
        assert_eq!(
            ev("2008-12-30/2009-01-02").to_string(),
            "between 30 December 2008 and 2 January 2009"
        );
        assert_eq!(
            ev("2008-03/2008-05").to_string(),
            "between March and May 2008"
        );
        assert_eq!(ev("2008/2010").to_string(), "between 2008 and 2010");
        assert_eq!(
            ev("2008-03/2008-05-02").to_string(),
            "between March 2008 and 2 May 2008"
        );
        assert_eq!(ev("Before 2008-08-04").to_string(), "by 4 August 2008");
        for t in [
            "~2008-08-02",
            "2008-08-02/2008-08-03",
            "before 2008-08-04",
            "after 2008",
            "2008-08",
        ] {
            assert_eq!(ev(t).key(), t, "the export keeps the form");
        }
        assert_eq!(ev("2008-08-02/2008-08-05").anchor().key(), "2008-08-02");
        assert_eq!(ev("~2008-08-02").earliest(), None);
    }

    #[test]
    fn event_dates_refused() {
        let e = EventDate::parse("2008-08-03/2008-08-02").unwrap_err();
        assert!(
            e.message.contains("does not end after it starts"),
            "{}",
            e.message
        );
        assert!(EventDate::parse("2008-08-02/2008-08-02").is_err());
        assert!(
            EventDate::parse("2008-08/2008-08-15").is_err(),
            "a day within the month does not end after it"
        );
        let e = EventDate::parse("~2008-02-30").unwrap_err();
        assert!(e.message.contains("29 days"), "{}", e.message);
        let e = EventDate::parse("around 2008").unwrap_err();
        assert!(e.hint.contains("~2008-08-02"), "{}", e.hint);
    }

    #[test]
    fn short_ranges_go_on_each_day_long_ones_on_months_or_years() {
        let keys = |t: &str| {
            ev(t)
                .placements()
                .iter()
                .map(|d| d.key())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys("2008-08-02/2008-08-03"), ["2008-08-02", "2008-08-03"]);
        assert_eq!(keys("2008-07-30/2008-08-05").len(), 7);
        assert_eq!(keys("2008-07-30/2008-08-06"), ["2008-07", "2008-08"]);
        assert_eq!(
            keys("2008-11/2009-02"),
            ["2008-11", "2008-12", "2009-01", "2009-02"]
        );
        assert_eq!(keys("2008-01-15/2009-03-01"), ["2008", "2009"]);
        assert_eq!(keys("1990/2020"), ["1990", "2020"]);
        assert_eq!(keys("~2008-08-02"), ["2008-08-02"]);
        assert_eq!(keys("before 2008-08"), ["2008-08"]);
    }
}
