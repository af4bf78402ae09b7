//! Timelines drawn at build time as SVG: when each thing happened, against when it was
//! reported.
//!
//! One row per event or statement, on one time axis. What happened is a dot (a day) or a bar
//! (a month or a year: a partial date is drawn as the span it stands for); planned events are
//! hollow, postponed ones dashed, canceled ones struck through. Each report (the publication
//! date of an article that reports it) is a tick on the same row, joined to the happening by a
//! thin line, so the lag between an event and its reporting shows at a glance.
//!
//! The drawing is made from the page's own views (keys of dates, titles, URLs), so it shows
//! exactly what the page lists. It needs no JavaScript and is deterministic: coordinates are
//! written with one decimal, rows keep the page's order.

use super::markdown::esc;
use super::views::{DateV, EventV, QuoteV};
use crate::date::{PartialDate, Precision};
use chrono::Datelike;
use std::fmt::Write;

/// Most rows drawn; a longer timeline shows its newest rows and says how many it leaves out
/// (the page's own lists stay complete).
pub const MAX_ROWS: usize = 60;

const WIDTH: f64 = 900.0;
const LABEL_W: f64 = 260.0;
const PAD: f64 = 14.0;
const ROW_H: f64 = 24.0;
const AXIS_H: f64 = 30.0;
/// Longest label drawn, in characters; the whole title is the link's tooltip.
const LABEL_CHARS: usize = 38;

/// One row: something that happened, and the dates it was reported.
pub struct Row {
    pub label: String,
    pub url: String,
    pub happened: PartialDate,
    /// A range's last date: the mark spans `happened` to it.
    pub until: Option<PartialDate>,
    /// The date as the page says it ("about 2 August 2008"), for the tooltip.
    pub when: String,
    /// Whether the date is not firm (about, between, by, after): the mark is drawn faint.
    pub loose: bool,
    /// `happened`, `planned`, `postponed`, `canceled`, or `said` for a statement.
    pub status: String,
    pub reported: Vec<PartialDate>,
}

impl Row {
    /// An event and the publication dates of its reports (none when the view has no reports).
    pub fn event(e: &EventV) -> Option<Row> {
        Some(Row {
            label: e.title.clone(),
            url: e.url.clone(),
            happened: parse(&e.date)?,
            until: e
                .date
                .until
                .as_deref()
                .and_then(|k| PartialDate::parse(k).ok()),
            when: e.date.label.clone(),
            loose: e.date.qualifier.is_some(),
            status: e.status.to_string(),
            reported: e
                .reports
                .iter()
                .filter_map(|r| parse(&r.article.published))
                .collect(),
        })
    }

    /// A statement: when it was said, and when the article quoting it was published.
    pub fn quote(q: &QuoteV, with_speaker: bool) -> Option<Row> {
        let text = if with_speaker {
            format!("{}: \u{201C}{}\u{201D}", q.speaker.title, q.text)
        } else {
            format!("\u{201C}{}\u{201D}", q.text)
        };
        Some(Row {
            label: text,
            url: q.url.clone(),
            happened: parse(&q.said)?,
            until: None,
            when: q.said.label.clone(),
            loose: false,
            status: "said".into(),
            reported: parse(&q.article.published).into_iter().collect(),
        })
    }
}

fn parse(d: &DateV) -> Option<PartialDate> {
    PartialDate::parse(&d.key).ok()
}

/// The first and the day after the last day a date stands for, as days from the common era.
fn extent(d: &PartialDate) -> (i64, i64) {
    use chrono::NaiveDate;
    let start = NaiveDate::from_ymd_opt(d.year, u32::from(d.month.unwrap_or(1)), 1)
        .unwrap_or_default()
        .with_day(u32::from(d.day.unwrap_or(1)))
        .unwrap_or_default();
    let end = match (d.month, d.day) {
        (Some(_), Some(_)) => start.succ_opt(),
        (Some(12), None) => NaiveDate::from_ymd_opt(d.year + 1, 1, 1),
        (Some(m), None) => NaiveDate::from_ymd_opt(d.year, u32::from(m) + 1, 1),
        _ => NaiveDate::from_ymd_opt(d.year + 1, 1, 1),
    }
    .unwrap_or(start);
    let days = |n: NaiveDate| i64::from(n.num_days_from_ce());
    (days(start), days(end))
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        return s.to_string();
    }
    let cut: String = s.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// `lo..hi` widened to the first of a month (of a year, when the span is over two years).
fn round_out(lo: i64, hi: i64) -> (i64, i64) {
    use chrono::NaiveDate;
    let day = |n: i64| NaiveDate::from_num_days_from_ce_opt(n as i32).unwrap_or_default();
    let (from, to) = (day(lo), day(hi - 1));
    let n = |d: Option<NaiveDate>| d.map_or(0, |d| i64::from(d.num_days_from_ce()));
    if to.year() - from.year() > 2 {
        (
            n(NaiveDate::from_ymd_opt(from.year(), 1, 1)),
            n(NaiveDate::from_ymd_opt(to.year() + 1, 1, 1)),
        )
    } else {
        let next = if to.month() == 12 {
            NaiveDate::from_ymd_opt(to.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(to.year(), to.month() + 1, 1)
        };
        (
            n(NaiveDate::from_ymd_opt(from.year(), from.month(), 1)),
            n(next),
        )
    }
}

/// Axis ticks: years, or months when the whole span is short, labelled sparsely enough to read.
fn ticks(lo: i64, hi: i64) -> Vec<(i64, String)> {
    use chrono::NaiveDate;
    let from = NaiveDate::from_num_days_from_ce_opt(lo as i32).unwrap_or_default();
    let to = NaiveDate::from_num_days_from_ce_opt(hi as i32).unwrap_or_default();
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let mut out = Vec::new();
    if months <= 24 {
        let step = if months > 12 { 3 } else { 1 };
        let (mut y, mut m) = (from.year(), from.month());
        loop {
            if let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
                let at = i64::from(d.num_days_from_ce());
                if at > hi {
                    break;
                }
                if at >= lo && (m - 1) % step == 0 {
                    let label = if m == 1 || out.is_empty() {
                        d.format("%b %Y").to_string()
                    } else {
                        d.format("%b").to_string()
                    };
                    out.push((at, label));
                }
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    } else {
        let years = to.year() - from.year();
        let step = (years / 8).max(1);
        for y in (from.year()..=to.year()).filter(|y| y % step == 0) {
            if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                let at = i64::from(d.num_days_from_ce());
                if (lo..=hi).contains(&at) {
                    out.push((at, y.to_string()));
                }
            }
        }
    }
    out
}

/// Draws the newest [`MAX_ROWS`] of `rows` (in the order given), or `None` when there is
/// nothing to draw. `total` is how many rows the page's whole lists have (at least
/// `rows.len()`: a page that shows only the newest entries of a list passes just those).
/// `title` names the figure for assistive technology.
pub fn draw(rows: &[Row], total: usize, title: &str) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let rows = &rows[rows.len().saturating_sub(MAX_ROWS)..];
    let skipped = total.max(rows.len()) - rows.len();
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for r in rows {
        for d in std::iter::once(&r.happened)
            .chain(&r.until)
            .chain(&r.reported)
        {
            let (a, b) = extent(d);
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    // Out to whole months (or years, for a long span), so that the axis starts with a label.
    (lo, hi) = round_out(lo, hi);
    let span = (hi - lo) as f64;
    let plot_w = WIDTH - LABEL_W - 2.0 * PAD;
    let x = |day: i64| LABEL_W + PAD + (day - lo) as f64 / span * plot_w;
    let height = AXIS_H + ROW_H * rows.len() as f64 + if skipped > 0 { ROW_H } else { 8.0 };

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" role="group" aria-label="{}">"#,
        esc(title)
    );
    // The axis: ticks and their labels, with faint gridlines through the rows.
    for (day, label) in ticks(lo, hi) {
        let tx = x(day);
        let _ = write!(
            s,
            r#"<line class="tl-grid" x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{:.1}"/><text class="tl-tick" x="{tx:.1}" y="14" text-anchor="middle">{}</text>"#,
            AXIS_H - 8.0,
            height - 4.0,
            esc(&label)
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let cy = AXIS_H + ROW_H * i as f64 + ROW_H / 2.0;
        draw_row(&mut s, r, cy, &x);
    }
    if skipped > 0 {
        let _ = write!(
            s,
            r#"<text class="tl-tick" x="{:.1}" y="{:.1}" text-anchor="end">and {skipped} earlier, listed below</text>"#,
            LABEL_W,
            height - 8.0
        );
    }
    s.push_str("</svg>");
    Some(s)
}

/// One row: its label (linking to its page), the reports' line and ticks, and its mark.
fn draw_row(s: &mut String, r: &Row, cy: f64, x: &dyn Fn(i64) -> f64) {
    let (a, mut b) = extent(&r.happened);
    if let Some(u) = &r.until {
        b = extent(u).1;
    }
    let (hx, hx2) = (x(a), x(b));
    let _ = write!(
        s,
        r#"<a href="{}"><title>{}</title><text class="tl-label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
        esc(&r.url),
        esc(&format!("{} ({})", r.label, r.when)),
        LABEL_W,
        cy + 4.0,
        esc(&shorten(&r.label))
    );
    // Reports: a line from the happening to the latest report, and a tick for each.
    if let Some(last) = r.reported.iter().map(|d| extent(d).0).max() {
        let _ = write!(
            s,
            r#"<line class="tl-lag" x1="{:.1}" y1="{cy:.1}" x2="{:.1}" y2="{cy:.1}"/>"#,
            (hx + hx2) / 2.0,
            x(last) + 1.0
        );
    }
    let mut drawn: Vec<i64> = r.reported.iter().map(|d| extent(d).0).collect();
    drawn.sort_unstable();
    drawn.dedup();
    for d in drawn {
        let rx = x(d) + 1.0;
        let _ = write!(
            s,
            r#"<line class="tl-report" x1="{rx:.1}" y1="{:.1}" x2="{rx:.1}" y2="{:.1}"/>"#,
            cy - 7.0,
            cy + 7.0
        );
    }
    let class = format!(
        "tl-mark tl-{}{}",
        r.status,
        if r.loose { " tl-loose" } else { "" }
    );
    if (r.happened.precision() == Precision::Day && r.until.is_none()) || hx2 - hx < 6.0 {
        let _ = write!(
            s,
            r#"<circle class="{class}" cx="{:.1}" cy="{cy:.1}" r="5"/>"#,
            (hx + hx2) / 2.0
        );
    } else {
        let _ = write!(
            s,
            r#"<rect class="{class}" x="{hx:.1}" y="{:.1}" width="{:.1}" height="10" rx="3"/>"#,
            cy - 5.0,
            hx2 - hx
        );
    }
    if r.status == "canceled" {
        let _ = write!(
            s,
            r#"<line class="tl-strike" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
            hx - 6.0,
            cy + 6.0,
            hx2.max(hx + 6.0) + 6.0,
            cy - 6.0
        );
    }
    s.push_str("</a>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, happened: &str, status: &str, reported: &[&str]) -> Row {
        Row {
            label: label.into(),
            url: format!("events/{label}.html"),
            happened: PartialDate::parse(happened).unwrap(),
            until: None,
            when: happened.into(),
            loose: false,
            status: status.into(),
            reported: reported
                .iter()
                .map(|d| PartialDate::parse(d).unwrap())
                .collect(),
        }
    }

    #[test]
    fn partial_dates_are_spans_and_days_are_dots() {
        let svg = draw(
            &[
                row("a", "2025-02-27", "happened", &["2025-04-08", "2025-06-10"]),
                row("b", "2025-06", "canceled", &["2025-06-16"]),
            ],
            2,
            "t",
        )
        .unwrap();
        assert_eq!(svg.matches("<circle").count(), 1);
        assert_eq!(svg.matches("<rect").count(), 1);
        assert_eq!(svg.matches("tl-report").count(), 3);
        assert_eq!(svg.matches("tl-strike").count(), 1);
        assert_eq!(svg.matches("<a href=").count(), 2);
    }

    #[test]
    fn text_is_escaped_and_long_timelines_are_capped() {
        let rows: Vec<Row> = (0..MAX_ROWS + 5)
            .map(|i| row(&format!("<x>&{i}"), "2020", "planned", &[]))
            .collect();
        let svg = draw(&rows, rows.len(), "a \"title\"").unwrap();
        assert!(!svg.contains("<x>"));
        assert!(svg.contains("&lt;x&gt;&amp;5"));
        assert!(svg.contains("aria-label=\"a &quot;title&quot;\""));
        assert_eq!(svg.matches("<a href=").count(), MAX_ROWS);
        assert!(svg.contains("and 5 earlier"));
    }

    #[test]
    fn ticks_are_months_for_short_spans_and_years_for_long() {
        let (a, _) = extent(&PartialDate::parse("2025-01-15").unwrap());
        let (b, _) = extent(&PartialDate::parse("2025-06-15").unwrap());
        let t = ticks(a, b);
        assert_eq!(t.first().map(|t| t.1.as_str()), Some("Feb 2025"));
        assert_eq!(t.len(), 5);
        let (c, _) = extent(&PartialDate::parse("2008").unwrap());
        assert!(ticks(c, b).iter().all(|t| t.1.len() == 4));
    }
}
