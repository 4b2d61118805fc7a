//! Event dates: date expressions of a sentence resolved against the
//! article's publication date (`published_at`), words from
//! `data/events/calendar.tsv`.
//!
//! Rules (the `rule` of the output), nearest expression to the trigger in
//! its clause first (unless another trigger of the clause is nearer to it),
//! then in a clause of its sentence that codes no other event:
//! - `explicit_date`: day and month, with or without a year (`14 April
//!   2019`, `April 14`, «14 أبريل», «الرابع من أبريل الجاري», `2019-04-14`);
//!   without a year, the year that puts it on or before the publication date
//!   (up to a week after it) — exact;
//! - `weekday`: `on Sunday`, «الأحد»: the last such day on or before
//!   publication (the next one for an announced act) — exact;
//! - `relative_day`: `yesterday`, «أمس», `today` — exact;
//! - `days_ago`: `eleven days ago`, «قبل إحدى عشر يوماً», «منذ ثلاثة أيام»
//!   — approximate;
//! - `relative_period`: `last week`, «الأسبوع الماضي» — approximate;
//! - `month`: a month with a year, or after in/في (`in April 2019`) — the
//!   15th, approximate;
//! - `publication_date`: nothing in the sentence.

use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::lexicon::{Calendar, EventLexicon};
use crate::article::event::{DateType, EventDate};

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    /// Words of the expression.
    pub words: Range<usize>,
    /// What it says.
    pub kind: DateKind,
}

impl DateExpr {
    /// True for an expression after the publication date ("tomorrow", "next
    /// week", «الأسبوع المقبل»).
    pub fn is_future(&self) -> bool {
        matches!(self.kind, DateKind::RelativeDay(d) | DateKind::Period(d) if d > 0)
    }
}

/// What a date expression says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// Day, month and maybe year.
    Explicit {
        /// Day of month.
        day: u32,
        /// Month.
        month: u32,
        /// Year, if written.
        year: Option<i32>,
    },
    /// ISO weekday number.
    Weekday(u32),
    /// Days from publication.
    RelativeDay(i64),
    /// Days from publication, approximate.
    DaysAgo(i64),
    /// Period offset, approximate.
    Period(i64),
    /// Month (and maybe year) without a day.
    Month {
        /// Month.
        month: u32,
        /// Year, if written.
        year: Option<i32>,
    },
}

fn number(w: &str) -> Option<u32> {
    (w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

fn calendar_at(lex: &EventLexicon, norms: &[&str], i: usize) -> Option<(usize, Calendar)> {
    let first = *norms.get(i)?;
    let mut best = lex
        .calendar
        .matches(first, &norms[i + 1..], |a, b| a == b)
        .first()
        .map(|&(n, c)| (n, *c));
    // Proclitics on the first word (بالأمس, وأمس, ليوم): the one rule of
    // `nlp::arabic`.
    if best.is_none() {
        for r in crate::nlp::arabic::proclitic_readings(first, 3).skip(1) {
            let rest = r.stem;
            if let Some(&(n, c)) = lex
                .calendar
                .matches(rest, &norms[i + 1..], |a, b| a == b)
                .first()
            {
                best = Some((n, *c));
                break;
            }
        }
    }
    best
}

fn year_at(norms: &[&str], i: usize) -> Option<i32> {
    let y = number(norms.get(i)?)?;
    (1900..=2100).contains(&y).then_some(y as i32)
}

/// Finds the date expressions of a sentence (normalised words).
pub fn find(lex: &EventLexicon, norms: &[&str]) -> Vec<DateExpr> {
    let n = norms.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        // 2019 04 14 / 14 04 2019 (the tokeniser splits at - / .).
        if i + 2 < n
            && let (Some(a), Some(b), Some(c)) =
                (number(norms[i]), number(norms[i + 1]), number(norms[i + 2]))
        {
            let ymd = if (1900..=2100).contains(&a) {
                Some((a, b, c))
            } else if (1900..=2100).contains(&c) {
                Some((c, b, a))
            } else {
                None
            };
            if let Some((y, m, d)) = ymd
                && NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
            {
                out.push(DateExpr {
                    words: i..i + 3,
                    kind: DateKind::Explicit {
                        day: d,
                        month: m,
                        year: Some(y as i32),
                    },
                });
                i += 3;
                continue;
            }
        }
        // Day number or ordinal, optional من/of/the, month, optional year.
        let day = number(norms[i])
            .filter(|d| (1..=31).contains(d))
            .map(|d| (1, d))
            .or_else(|| match calendar_at(lex, norms, i) {
                Some((len, Calendar::Ordinal(d))) => Some((len, d)),
                _ => None,
            });
        if let Some((len, day)) = day {
            let mut j = i + len;
            if j < n && matches!(norms[j], "من" | "of" | "the") {
                j += 1;
            }
            if j < n
                && let Some((mlen, Calendar::Month(month))) = calendar_at(lex, norms, j)
            {
                let mut end = j + mlen;
                let mut year = year_at(norms, end);
                // A year, or «الجاري» (this month), after the month.
                if year.is_some()
                    || end < n
                        && matches!(
                            calendar_at(lex, norms, end),
                            Some((_, Calendar::MonthCurrent))
                        )
                {
                    end += 1;
                }
                if year.is_none() && end + 1 < n && norms[end] == "عام" {
                    year = year_at(norms, end + 1);
                    if year.is_some() {
                        end += 2;
                    }
                }
                out.push(DateExpr {
                    words: i..end,
                    kind: DateKind::Explicit { day, month, year },
                });
                i = end;
                continue;
            }
        }
        match calendar_at(lex, norms, i) {
            Some((mlen, Calendar::Month(month))) => {
                // April 14(, 2019)
                let j = i + mlen;
                if let Some(day) = norms
                    .get(j)
                    .and_then(|w| number(w))
                    .filter(|d| (1..=31).contains(d))
                {
                    let year = year_at(norms, j + 1);
                    let end = j + 1 + usize::from(year.is_some());
                    out.push(DateExpr {
                        words: i..end,
                        kind: DateKind::Explicit { day, month, year },
                    });
                    i = end;
                    continue;
                }
                let year = year_at(norms, j);
                let after_in = i > 0
                    && matches!(
                        norms[i - 1],
                        "in" | "في" | "خلال" | "during" | "since" | "منذ"
                    );
                // "may", "march" need a year or "in" before them.
                if year.is_some() || after_in && norms[i].chars().count() > 3 {
                    let end = j + usize::from(year.is_some());
                    out.push(DateExpr {
                        words: i..end,
                        kind: DateKind::Month { month, year },
                    });
                    i = end;
                    continue;
                }
            }
            Some((len, Calendar::Weekday(d))) => {
                out.push(DateExpr {
                    words: i..i + len,
                    kind: DateKind::Weekday(d),
                });
                i += len;
                continue;
            }
            Some((len, Calendar::RelativeDay(d))) => {
                out.push(DateExpr {
                    words: i..i + len,
                    kind: DateKind::RelativeDay(d),
                });
                i += len;
                continue;
            }
            Some((len, Calendar::RelativePeriod(d))) => {
                out.push(DateExpr {
                    words: i..i + len,
                    kind: DateKind::Period(d),
                });
                i += len;
                continue;
            }
            Some((len, Calendar::AgoMarker)) => {
                // قبل/منذ N أيام
                if let Some((days, used)) = count_and_unit(lex, norms, i + len) {
                    out.push(DateExpr {
                        words: i..i + len + used,
                        kind: DateKind::DaysAgo(days),
                    });
                    i += len + used;
                    continue;
                }
            }
            _ => {}
        }
        // N days ago
        if let Some((days, used)) = count_and_unit(lex, norms, i)
            && i + used < n
            && matches!(
                calendar_at(lex, norms, i + used),
                Some((_, Calendar::AgoMarker))
            )
            && norms[i + used] != "منذ"
        {
            out.push(DateExpr {
                words: i..i + used + 1,
                kind: DateKind::DaysAgo(days),
            });
            i += used + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// "eleven days", «إحدى عشر يوماً», «يومين», «3 أسابيع»: (days, words used).
fn count_and_unit(lex: &EventLexicon, norms: &[&str], i: usize) -> Option<(i64, usize)> {
    let n = norms.len();
    if i >= n {
        return None;
    }
    let (count, used) = match number(norms[i]).filter(|&d| d <= 400) {
        Some(d) => (i64::from(d), 1),
        None => match calendar_at(lex, norms, i) {
            Some((len, Calendar::Number(d))) => (i64::from(d), len),
            // «يومين», «أسبوعين»: a dual is two units.
            Some((1, Calendar::AgoUnit(u))) if norms[i].ends_with("ين") => {
                return Some((2 * u, 1));
            }
            Some((1, Calendar::AgoUnit(u))) => return Some((u, 1)),
            _ => return None,
        },
    };
    match calendar_at(lex, norms, i + used) {
        Some((len, Calendar::AgoUnit(u))) => Some((count * u, used + len)),
        // «قبل يومين»: the dual number word alone.
        _ if norms[i].ends_with("ين") && used == 1 && number(norms[i]).is_none() => {
            Some((count, used))
        }
        _ => None,
    }
}

/// Resolves `e` against the publication date `published`; `intent` prefers
/// a weekday after publication.
pub fn resolve(
    e: &DateExpr,
    published: Option<NaiveDate>,
    intent: bool,
) -> Option<(NaiveDate, DateType, &'static str)> {
    let pub_date = published;
    match e.kind {
        DateKind::Explicit { day, month, year } => {
            let year = match (year, pub_date) {
                (Some(y), _) => y,
                (None, Some(p)) => {
                    let this = NaiveDate::from_ymd_opt(p.year(), month, day)?;
                    if this > p + Duration::days(7) {
                        p.year() - 1
                    } else {
                        p.year()
                    }
                }
                (None, None) => return None,
            };
            NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, DateType::Exact, "explicit_date"))
        }
        DateKind::Weekday(wd) => {
            let p = pub_date?;
            let target = Weekday::try_from((wd as u8).checked_sub(1)?).ok()?;
            let have = p.weekday().num_days_from_monday() as i64;
            let want = target.num_days_from_monday() as i64;
            let d = if intent {
                p + Duration::days((want - have).rem_euclid(7))
            } else {
                p - Duration::days((have - want).rem_euclid(7))
            };
            Some((d, DateType::Exact, "weekday"))
        }
        DateKind::RelativeDay(off) => Some((
            pub_date? + Duration::days(off),
            DateType::Exact,
            "relative_day",
        )),
        DateKind::DaysAgo(days) => Some((
            pub_date? - Duration::days(days),
            DateType::Approximate,
            "days_ago",
        )),
        DateKind::Period(off) => Some((
            pub_date? + Duration::days(off),
            DateType::Approximate,
            "relative_period",
        )),
        DateKind::Month { month, year } => {
            let year = match (year, pub_date) {
                (Some(y), _) => y,
                (None, Some(p)) => {
                    if month > p.month() {
                        p.year() - 1
                    } else {
                        p.year()
                    }
                }
                (None, None) => return None,
            };
            NaiveDate::from_ymd_opt(year, month, 15).map(|d| (d, DateType::Approximate, "month"))
        }
    }
}

/// The date of an event whose trigger is word `head` in clause `clause`:
/// the nearest expression of the clause that is nearer to this trigger than
/// to any other trigger of the clause (`heads`), else the nearest in a
/// clause of the sentence where no other event was coded (`busy(i)`: word
/// `i` lies in such a clause), else the publication date. `text` gives an
/// expression's original words.
#[allow(clippy::too_many_arguments)]
pub fn for_event(
    exprs: &[DateExpr],
    head: usize,
    heads: &[usize],
    clause: Range<usize>,
    busy: &dyn Fn(usize) -> bool,
    published: Option<NaiveDate>,
    intent: bool,
    text: &dyn Fn(Range<usize>) -> String,
) -> EventDate {
    let dist = |e: &DateExpr, h: usize| {
        if e.words.start > h {
            e.words.start - h
        } else {
            h.saturating_sub(e.words.end)
        }
    };
    let dist_head = |e: &DateExpr| dist(e, head);
    let mut ordered: Vec<&DateExpr> = exprs
        .iter()
        .filter(|e| {
            if clause.contains(&e.words.start) {
                heads
                    .iter()
                    .filter(|&&h| h != head && clause.contains(&h))
                    .all(|&h| dist(e, h) >= dist_head(e))
            } else {
                !busy(e.words.start)
            }
        })
        .collect();
    ordered.sort_by_key(|e| (!(clause.contains(&e.words.start)), dist_head(e)));
    for e in ordered {
        if let Some((d, t, rule)) = resolve(e, published, intent) {
            return EventDate {
                value: Some(d.format("%Y-%m-%d").to_string()),
                date_type: t,
                text: Some(text(e.words.clone())),
                rule,
            };
        }
    }
    EventDate {
        value: published.map(|d| d.format("%Y-%m-%d").to_string()),
        date_type: DateType::Publication,
        text: None,
        rule: "publication_date",
    }
}

/// Drops a weekday that sits within two words of an explicit date (the date
/// says more).
pub fn prefer_explicit(exprs: &mut Vec<DateExpr>) {
    let explicit: Vec<Range<usize>> = exprs
        .iter()
        .filter(|e| matches!(e.kind, DateKind::Explicit { .. }))
        .map(|e| e.words.clone())
        .collect();
    exprs.retain(|e| {
        !matches!(e.kind, DateKind::Weekday(_))
            || !explicit
                .iter()
                .any(|x| x.start <= e.words.end + 2 && e.words.start <= x.end + 2)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::normalize;

    fn dates(text: &str, published: &str) -> Vec<(String, DateType, &'static str)> {
        let lex = EventLexicon::embedded();
        let n = normalize(text);
        let norms: Vec<&str> = n.split(' ').collect();
        let mut ex = find(&lex, &norms);
        prefer_explicit(&mut ex);
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        ex.iter()
            .filter_map(|e| resolve(e, p, false))
            .map(|(d, t, r)| (d.to_string(), t, r))
            .collect()
    }

    #[test]
    fn arabic_dates_resolve_against_publication() {
        let p = "2019-04-14";
        assert_eq!(
            dates("التقى الرئيس، الأحد 14 أبريل، في القاهرة", p),
            [("2019-04-14".into(), DateType::Exact, "explicit_date")]
        );
        assert_eq!(dates("في الرابع من أبريل الجاري", p)[0].0, "2019-04-04");
        assert_eq!(
            dates("بدأ الهجوم قبل إحدى عشر يوماً", p),
            [("2019-04-03".into(), DateType::Approximate, "days_ago")]
        );
        assert_eq!(
            dates("وصل أمس إلى القاهرة", p)[0],
            ("2019-04-13".into(), DateType::Exact, "relative_day")
        );
        // 2019-04-14 is a Sunday; Thursday before it is the 11th.
        assert_eq!(dates("التقى يوم الخميس", p)[0].0, "2019-04-11");
        assert_eq!(dates("الأحد", p)[0].0, "2019-04-14");
        assert_eq!(dates("قبل يومين", p)[0].0, "2019-04-12");
        // December without a year in an April article: last year.
        assert_eq!(dates("في 20 ديسمبر", p)[0].0, "2018-12-20");
        // منذ أن: no number, no date.
        assert!(dates("منذ أن بدأت القوات هجوما", p).is_empty());
    }

    #[test]
    fn english_dates() {
        let p = "2019-04-14";
        assert_eq!(dates("met on April 2, 2019", p)[0].0, "2019-04-02");
        assert_eq!(dates("on 3 April", p)[0].0, "2019-04-03");
        assert_eq!(dates("on Wednesday", p)[0].0, "2019-04-10");
        assert_eq!(dates("eleven days ago", p)[0].0, "2019-04-03");
        assert_eq!(dates("yesterday", p)[0].0, "2019-04-13");
        assert_eq!(
            dates("in April 2018", p)[0],
            ("2018-04-15".into(), DateType::Approximate, "month")
        );
        assert_eq!(dates("on 2019-03-30", p)[0].0, "2019-03-30");
        // The modal "may" is not a month.
        assert!(dates("he may meet them", p).is_empty());
    }

    #[test]
    fn weekday_of_an_announced_act_is_ahead() {
        let lex = EventLexicon::embedded();
        let norms = ["on", "thursday"];
        let e = &find(&lex, &norms)[0];
        let p = NaiveDate::from_ymd_opt(2019, 4, 14);
        assert_eq!(resolve(e, p, true).unwrap().0.to_string(), "2019-04-18");
    }
}
