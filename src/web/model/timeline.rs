//! The timeline's bars: dates as day numbers and articles binned by day, week or month.

use super::*;

/// Days since 1970-01-01 of a date written `YYYY-MM-DD` (anything after the tenth character,
/// such as a time, is ignored); `None` when it is not a real date.
pub fn day_number(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = d.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || day < 1 || day > month_days[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a [`day_number`].
pub fn date_of_day(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// How long one bar of the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// One day.
    Day,
    /// One week, Monday to Sunday.
    Week,
}

/// One bar of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBin {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
    /// Mentions on the map from articles of these days.
    pub mentions: usize,
    /// Articles of these days.
    pub articles: usize,
}

/// The timeline's histogram: mentions per day or week over the corpus's dates, whatever the
/// chosen date range (which the timeline draws on top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Bars, oldest first, with no gaps (empty days or weeks have a bar of 0).
    pub bins: Vec<TimeBin>,
    /// Days or weeks.
    pub unit: TimeUnit,
    /// Articles without a date: never filtered out by a date range.
    pub undated: usize,
}

impl Timeline {
    /// The tallest bar.
    pub fn max(&self) -> usize {
        self.bins.iter().map(|b| b.mentions).max().unwrap_or(0)
    }

    /// The bars the range `from..=to` covers, as indices: `None` when it covers every bar.
    pub fn selected(&self, from: Option<&str>, to: Option<&str>) -> Option<(usize, usize)> {
        if self.bins.is_empty() || (from.is_none() && to.is_none()) {
            return None;
        }
        let lo = from.map_or(0, |f| {
            self.bins
                .iter()
                .position(|b| b.to.as_str() >= f)
                .unwrap_or(self.bins.len())
        });
        let hi = to.map_or(self.bins.len() - 1, |t| {
            self.bins
                .iter()
                .rposition(|b| b.from.as_str() <= t)
                .unwrap_or(0)
        });
        Some((
            lo.min(self.bins.len() - 1),
            hi.max(lo.min(self.bins.len() - 1)),
        ))
    }
}

/// Bars of a day up to this many days; weeks beyond.
const DAY_BARS_UP_TO: i64 = 92;

/// The timeline of the corpus as the map shows it (corrections, demonyms and the place filter
/// applied; the date range not); `None` when no article has a date.
pub fn timeline(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    filter: &Filter,
) -> Option<Timeline> {
    let all_dates = Filter {
        from: None,
        to: None,
        ..filter.clone()
    };
    let allowed: Option<std::collections::HashSet<PlaceKey>> =
        filter.places.is_active().then(|| {
            group_places(articles, corrections, &all_dates)
                .iter()
                .map(|g| g.key)
                .collect()
        });
    let mut undated = 0;
    let mut per_day: Vec<(i64, usize)> = Vec::new();
    for article in articles {
        let Some(day) = article.doc.date.as_deref().and_then(day_number) else {
            undated += 1;
            continue;
        };
        let mentions = article
            .mentions
            .iter()
            .filter_map(|m| effective(m, corrections))
            .filter(|e| {
                let m = e.mention.as_ref();
                all_dates.shows(m)
                    && allowed.as_ref().is_none_or(|keys| {
                        m.place.as_ref().is_some_and(|p| {
                            keys.contains(&PlaceKey {
                                id: p.id.0,
                                demonym: m.kind == MentionKind::Demonym,
                            })
                        })
                    })
            })
            .count();
        per_day.push((day, mentions));
    }
    let first = per_day.iter().map(|d| d.0).min()?;
    let last = per_day.iter().map(|d| d.0).max()?;
    let unit = if last - first < DAY_BARS_UP_TO {
        TimeUnit::Day
    } else {
        TimeUnit::Week
    };
    let (start, step) = match unit {
        TimeUnit::Day => (first, 1),
        // 1970-01-01 was a Thursday: weeks start three days before.
        TimeUnit::Week => (first - (first + 3).rem_euclid(7), 7),
    };
    let count = ((last - start) / step + 1) as usize;
    let mut bins: Vec<TimeBin> = (0..count)
        .map(|i| {
            let from = start + i as i64 * step;
            TimeBin {
                from: date_of_day(from),
                to: date_of_day(from + step - 1),
                mentions: 0,
                articles: 0,
            }
        })
        .collect();
    for (day, mentions) in per_day {
        let bin = &mut bins[((day - start) / step) as usize];
        bin.mentions += mentions;
        bin.articles += 1;
    }
    Some(Timeline {
        bins,
        unit,
        undated,
    })
}
