//! A date page: a day, a month or a year, with what happened and what was published then.

use super::super::deps::Dep;
use super::super::views::{ArticleV, DateV, EventV, QuoteV, Views};
use crate::date::{PartialDate, Precision};
use crate::site::Site;
use serde::Serialize;

#[derive(Serialize)]
pub struct DatePage {
    title: String,
    date: DateV,
    up: Option<DateV>,
    children: Vec<ChildV>,
    prev: Option<DateV>,
    next: Option<DateV>,
    published: Vec<ArticleV>,
    events: Vec<EventV>,
    /// Whether some event here is dated only to this month or year (not a range or bound
    /// that merely covers it), which the heading says.
    dated_only: bool,
    quotes: Vec<QuoteV>,
}

/// A finer date inside this month or year that has a page.
#[derive(Serialize)]
struct ChildV {
    url: String,
    title: String,
    /// Events and statements dated within it.
    happened: usize,
    /// Articles published within it.
    reported: usize,
}

pub fn date(v: &Views, d: PartialDate) -> DatePage {
    let site = v.site;
    let entry = v.date_entry(&d);
    v.read(Dep::DateNeighbours(d));
    let children = site
        .dates
        .range(d..)
        .skip(1)
        .take_while(|(c, _)| c.within(&d))
        .filter(|(c, _)| c.precision() as u8 == d.precision() as u8 + 1)
        .map(|(c, _)| {
            let within: Vec<_> = site
                .dates
                .range(*c..)
                .take_while(|(x, _)| x.within(c))
                .map(|(x, _)| v.date_entry(x))
                .collect();
            ChildV {
                url: v.date(c).url,
                title: c.to_string(),
                happened: within.iter().map(|e| e.events.len() + e.quotes.len()).sum(),
                reported: within.iter().map(|e| e.published.len()).sum(),
            }
        })
        .collect();
    let events: Vec<EventV> = entry.events.iter().map(|&e| v.event(e, true)).collect();
    let (prev, next) = neighbours(site, d);
    DatePage {
        title: d.to_string(),
        date: v.date(&d),
        up: d.month_of().or(d.year_of()).map(|u| v.date(&u)),
        children,
        prev: prev.map(|p| v.date(&p)),
        next: next.map(|n| v.date(&n)),
        published: entry.published.iter().map(|&a| v.article(a)).collect(),
        dated_only: d.precision() != Precision::Day
            && events.iter().any(|e| e.date.qualifier.is_none()),
        events,
        quotes: entry.quotes.iter().filter_map(|&q| v.quote(q)).collect(),
    }
}

/// The dates of `d`'s precision with something on them just before and after it: what its
/// page links to as previous and next ([`Dep::DateNeighbours`]).
pub fn neighbours(site: &Site, d: PartialDate) -> (Option<PartialDate>, Option<PartialDate>) {
    let same = |x: &&PartialDate| x.precision() == d.precision() && !site.dates[*x].is_empty();
    let before = site.dates.range(..d).rev().map(|(k, _)| k).find(same);
    let after = site
        .dates
        .range(d..)
        .map(|(k, _)| k)
        .find(|k| **k != d && same(k));
    (before.copied(), after.copied())
}
