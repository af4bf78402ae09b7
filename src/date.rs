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
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
