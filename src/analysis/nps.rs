//! Net Promoter Score from a table of survey answers, exactly as defined in metrics.md: the
//! overall score with its margin of error, its trend per period, its breakdown by any
//! categorical column, the score distribution, and the comments and detractors an owner
//! reads next.
//!
//! Input is the "responses" frame built by the import step: one row per usable answer with
//! the columns named by the constants below, plus any categorical text columns.

use std::cmp::{Ordering, Reverse};

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;

use super::period::Period;

/// Score column: `Int32`, 0..=10, never null.
pub const SCORE: &str = "score";
/// Response date: `Date`, null when the survey has no dates.
pub const DATE: &str = "date";
/// Free-text comment: `String`, nullable.
pub const COMMENT: &str = "comment";
/// Respondent's email: `String`, nullable.
pub const EMAIL: &str = "email";
/// Respondent's name: `String`, nullable.
pub const NAME: &str = "name";
/// Respondent's phone: `String`, nullable.
pub const PHONE: &str = "phone";
/// Normalised customer key, as in the orders frame: `String`, nullable.
pub const CUSTOMER: &str = "customer";
/// File the answer was imported from: `String`.
pub const SOURCE_FILE: &str = "source_file";
/// Row of the answer in its file, 1 = first data row: `UInt32`.
pub const SOURCE_ROW: &str = "source_row";

/// Below this many responses an NPS is flagged as a small sample (metrics.md).
pub const SMALL_SAMPLE_RESPONSES: u32 = 30;

// Internal column names, chosen so they cannot clash with a user's segment column.
const PROMOTERS: &str = "__fidelio_promoters";
const PASSIVES: &str = "__fidelio_passives";
const DETRACTORS: &str = "__fidelio_detractors";
const PERIOD_START: &str = "__fidelio_period_start";
const SEGMENT: &str = "__fidelio_segment";
const SCORE_COUNT: &str = "__fidelio_score_count";

/// Where a respondent falls on the 0-10 scale. Ordered detractors first, because that is
/// the order an owner works through them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum NpsGroup {
    /// Score 0-6.
    Detractor,
    /// Score 7-8.
    Passive,
    /// Score 9-10.
    Promoter,
}

impl NpsGroup {
    /// All groups, detractors first.
    pub const ALL: [NpsGroup; 3] = [NpsGroup::Detractor, NpsGroup::Passive, NpsGroup::Promoter];

    /// The group of a score, or `None` when the score is not on the 0-10 scale.
    pub fn from_score(score: i32) -> Option<NpsGroup> {
        match score {
            0..=6 => Some(NpsGroup::Detractor),
            7..=8 => Some(NpsGroup::Passive),
            9..=10 => Some(NpsGroup::Promoter),
            _ => None,
        }
    }

    /// The stable machine name: `detractor`, `passive` or `promoter`.
    pub fn as_str(self) -> &'static str {
        match self {
            NpsGroup::Detractor => "detractor",
            NpsGroup::Passive => "passive",
            NpsGroup::Promoter => "promoter",
        }
    }
}

/// An NPS with the counts it comes from and its 95 % margin of error, both in points.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct NpsSummary {
    /// n: answers with a score on 0-10.
    pub responses: u32,
    /// Answers scoring 9-10.
    pub promoters: u32,
    /// Answers scoring 7-8.
    pub passives: u32,
    /// Answers scoring 0-6.
    pub detractors: u32,
    /// 100 (p - d), from -100 to +100; 0 when there are no responses.
    pub nps: f64,
    /// 1.96 * 100 * sqrt((p + d - (p - d)^2) / n); 0 when there are no responses.
    pub margin_of_error: f64,
}

impl NpsSummary {
    /// The summary of the given counts, as defined in metrics.md.
    ///
    /// With no responses NPS and margin of error are both 0; `is_small_sample` is then true,
    /// and callers show "no responses" rather than the figure.
    pub fn from_counts(promoters: u32, passives: u32, detractors: u32) -> NpsSummary {
        let n = u64::from(promoters) + u64::from(passives) + u64::from(detractors);
        let (nps, margin_of_error) = if n == 0 {
            (0.0, 0.0)
        } else {
            let n_f = n as f64;
            // From integers first, so equal ratios give bit-identical scores (ties sort
            // as ties).
            let nps = (f64::from(promoters) - f64::from(detractors)) * 100.0 / n_f;
            let p = f64::from(promoters) / n_f;
            let d = f64::from(detractors) / n_f;
            // The variance is never negative in exact arithmetic; clamp rounding noise.
            let variance = (p + d - (p - d).powi(2)).max(0.0);
            (nps, 1.96 * 100.0 * (variance / n_f).sqrt())
        };
        NpsSummary {
            responses: u32::try_from(n).unwrap_or(u32::MAX),
            promoters,
            passives,
            detractors,
            nps,
            margin_of_error,
        }
    }

    /// True below 30 responses, where metrics.md asks to flag the figure.
    pub fn is_small_sample(&self) -> bool {
        self.responses < SMALL_SAMPLE_RESPONSES
    }

    /// Promoters / responses as a fraction (0.5, not 50 %); 0 with no responses.
    pub fn promoter_share(&self) -> f64 {
        self.share(self.promoters)
    }

    /// Passives / responses as a fraction; 0 with no responses.
    pub fn passive_share(&self) -> f64 {
        self.share(self.passives)
    }

    /// Detractors / responses as a fraction; 0 with no responses.
    pub fn detractor_share(&self) -> f64 {
        self.share(self.detractors)
    }

    /// The count of one group.
    pub fn count(&self, group: NpsGroup) -> u32 {
        match group {
            NpsGroup::Detractor => self.detractors,
            NpsGroup::Passive => self.passives,
            NpsGroup::Promoter => self.promoters,
        }
    }

    fn share(&self, count: u32) -> f64 {
        if self.responses == 0 {
            0.0
        } else {
            f64::from(count) / f64::from(self.responses)
        }
    }

    /// Compares NPS exactly, on the counts rather than the rounded floats.
    fn cmp_nps(&self, other: &NpsSummary) -> Ordering {
        let net = |s: &NpsSummary| i64::from(s.promoters) - i64::from(s.detractors);
        // a/n < b/m  <=>  a*m < b*n for positive n, m; an empty summary counts as NPS 0.
        let n = |s: &NpsSummary| i64::from(s.responses.max(1));
        (net(self) * n(other)).cmp(&(net(other) * n(self)))
    }
}

/// NPS of one period of a trend.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PeriodNps {
    /// The period's label: `2026-W07`, `2026-02` or `2026-Q1`.
    pub period: String,
    /// The period's first day.
    #[serde(serialize_with = "serialize_date")]
    pub start: NaiveDate,
    /// NPS of the responses dated within the period.
    pub summary: NpsSummary,
}

/// NPS of the responses sharing one value of a categorical column.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SegmentNps {
    /// The value, trimmed (" Milano " and "Milano" are one segment).
    pub value: String,
    /// NPS of the responses with that value.
    pub summary: NpsSummary,
}

/// NPS per value of a categorical column, and how many responses had no value.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SegmentBreakdown {
    /// Best NPS first; equal NPS by value, A to Z.
    pub segments: Vec<SegmentNps>,
    /// Responses whose value was empty or blank: counted here, in no segment.
    pub without_value: u32,
}

/// A response with a comment, as shown in the comments list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CommentRow {
    /// Response date, if the survey has dates.
    #[serde(serialize_with = "serialize_optional_date")]
    pub date: Option<NaiveDate>,
    /// Score 0-10.
    pub score: i32,
    /// Group of the score.
    pub group: NpsGroup,
    /// The comment, trimmed; never blank.
    pub comment: String,
    /// Respondent's email, if given.
    pub email: Option<String>,
    /// Respondent's name, if given.
    pub name: Option<String>,
    /// Respondent's phone, if given.
    pub phone: Option<String>,
    /// File the answer came from.
    pub source_file: String,
    /// Row of the answer in that file, 1 = first data row.
    pub source_row: u32,
}

/// A detractor to call back, whether or not they left a comment.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FollowUp {
    /// Response date, if the survey has dates.
    #[serde(serialize_with = "serialize_optional_date")]
    pub date: Option<NaiveDate>,
    /// Score 0-6.
    pub score: i32,
    /// The comment, trimmed, if one was left.
    pub comment: Option<String>,
    /// Respondent's email, if given.
    pub email: Option<String>,
    /// Respondent's name, if given.
    pub name: Option<String>,
    /// Respondent's phone, if given.
    pub phone: Option<String>,
    /// File the answer came from.
    pub source_file: String,
    /// Row of the answer in that file, 1 = first data row.
    pub source_row: u32,
}

impl FollowUp {
    /// True when there is an email or a phone number to reach the respondent.
    pub fn has_contact(&self) -> bool {
        self.email.is_some() || self.phone.is_some()
    }
}

/// The NPS of every response in the frame.
///
/// Null scores and scores outside 0-10 are not responses (the import step never lets them
/// through).
pub fn nps_summary(responses: &DataFrame) -> PolarsResult<NpsSummary> {
    let counts = responses
        .clone()
        .lazy()
        .select(group_count_exprs())
        .collect()?;
    Ok(summaries(&counts)?
        .into_iter()
        .next()
        .unwrap_or(NpsSummary::from_counts(0, 0, 0)))
}

/// NPS per period, oldest first, for the periods that have at least one dated response.
///
/// Responses without a date are left out (the overall NPS still counts them). Periods with
/// no responses are absent, not zero; a chart shows a gap there.
pub fn nps_by_period(responses: &DataFrame, period: Period) -> PolarsResult<Vec<PeriodNps>> {
    let dates = date_column(responses, DATE)?;
    let starts = DateChunked::from_naive_date_options(
        PERIOD_START.into(),
        dates
            .as_date_iter()
            .map(|date| date.map(|d| period.start(d))),
    );
    let frame = DataFrame::new(
        responses.height(),
        vec![
            responses.column(SCORE)?.clone(),
            starts.into_series().into_column(),
        ],
    )?;
    let grouped = frame
        .lazy()
        .filter(col(PERIOD_START).is_not_null())
        .group_by([col(PERIOD_START)])
        .agg(group_count_exprs())
        .sort([PERIOD_START], SortMultipleOptions::default())
        .collect()?;
    let starts = grouped.column(PERIOD_START)?.date()?;
    let mut trend = Vec::with_capacity(grouped.height());
    for (start, summary) in starts.as_date_iter().zip(summaries(&grouped)?) {
        if let Some(start) = start {
            trend.push(PeriodNps {
                period: period.label(start),
                start,
                summary,
            });
        }
    }
    Ok(trend)
}

/// NPS per value of the categorical column `column` (store, channel, ...).
///
/// Values are trimmed, so " Milano" and "Milano" are one segment; matching is otherwise
/// exact (case matters). Responses with a null or blank value are counted in
/// `without_value`. Non-text columns (e.g. numeric store codes) are read as text.
pub fn nps_by_segment(responses: &DataFrame, column: &str) -> PolarsResult<SegmentBreakdown> {
    // Ensure a clear "column not found" error naming the column.
    responses.column(column)?;
    let grouped = responses
        .clone()
        .lazy()
        .group_by([col(column).cast(DataType::String).alias(SEGMENT)])
        .agg(group_count_exprs())
        .collect()?;
    let values = grouped.column(SEGMENT)?.str()?;
    // Values that differ only in case or surrounding blanks ("online", "Online ") are one
    // segment, shown with its most frequent spelling.
    let mut merged: std::collections::BTreeMap<String, ([u32; 3], BTreeMap<String, u32>)> =
        Default::default();
    let mut without_value = 0u32;
    for (value, summary) in values.iter().zip(summaries(&grouped)?) {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(value) => {
                let (counts, spellings) = merged.entry(value.to_lowercase()).or_default();
                counts[0] += summary.promoters;
                counts[1] += summary.passives;
                counts[2] += summary.detractors;
                *spellings.entry(value.to_owned()).or_default() += summary.responses;
            }
            None => without_value += summary.responses,
        }
    }
    let merged = merged.into_values().map(|(counts, spellings)| {
        // Most answers first; on a tie the first spelling in sort order, so results repeat.
        let spelling = spellings
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(s, _)| s)
            .unwrap_or_default();
        (spelling, counts)
    });
    let mut segments: Vec<SegmentNps> = merged
        .into_iter()
        .map(|(value, [promoters, passives, detractors])| SegmentNps {
            value,
            summary: NpsSummary::from_counts(promoters, passives, detractors),
        })
        .collect();
    segments.sort_by(|a, b| {
        b.summary
            .cmp_nps(&a.summary)
            .then_with(|| a.value.cmp(&b.value))
    });
    Ok(SegmentBreakdown {
        segments,
        without_value,
    })
}

/// How many responses gave each score: index 0 holds the zeros, index 10 the tens.
pub fn score_distribution(responses: &DataFrame) -> PolarsResult<[u32; 11]> {
    let counts = responses
        .clone()
        .lazy()
        .group_by([col(SCORE)])
        .agg([col(SCORE).len().cast(DataType::UInt32).alias(SCORE_COUNT)])
        .collect()?;
    let scores = counts.column(SCORE)?.cast(&DataType::Int64)?;
    let tallies = counts.column(SCORE_COUNT)?.u32()?;
    let mut distribution = [0u32; 11];
    for (score, tally) in scores.i64()?.iter().zip(tallies.iter()) {
        let slot = score.and_then(|s| usize::try_from(s).ok());
        if let (Some(slot), Some(tally)) = (slot, tally)
            && let Some(cell) = distribution.get_mut(slot)
        {
            *cell = tally;
        }
    }
    Ok(distribution)
}

/// The responses dated from `from` to `to`, both days included.
///
/// With either bound set, responses without a date are dropped (they cannot be placed in
/// the range); with neither, the frame is returned unchanged, undated rows included.
/// A `from` after `to` gives an empty frame.
pub fn filter_date_range(
    responses: &DataFrame,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> PolarsResult<DataFrame> {
    if from.is_none() && to.is_none() {
        return Ok(responses.clone());
    }
    let date_literal = |date: NaiveDate| lit(date.to_epoch_days()).cast(DataType::Date);
    let mut keep = col(DATE).is_not_null();
    if let Some(from) = from {
        keep = keep.and(col(DATE).gt_eq(date_literal(from)));
    }
    if let Some(to) = to {
        keep = keep.and(col(DATE).lt_eq(date_literal(to)));
    }
    responses.clone().lazy().filter(keep).collect()
}

/// The responses with a non-blank comment, optionally of one group and containing `search`.
///
/// Detractors come first, then passives, then promoters; within a group the newest first,
/// undated last, then by file and row. `search` is looked for in the comment ignoring case
/// and accents ("perche" finds "Perché"); a blank search matches every comment.
pub fn comments(
    responses: &DataFrame,
    group: Option<NpsGroup>,
    search: &str,
) -> PolarsResult<Vec<CommentRow>> {
    let columns = ResponseColumns::of(responses)?;
    let needle = crate::text::fold_for_search(search.trim());
    let mut rows = Vec::new();
    for (index, comment) in columns.comment.iter().enumerate() {
        let Some(comment) = non_blank(comment) else {
            continue;
        };
        let Some(score) = columns.score.get(index) else {
            continue;
        };
        let Some(row_group) = NpsGroup::from_score(score) else {
            continue;
        };
        if group.is_some_and(|wanted| wanted != row_group) {
            continue;
        }
        if !needle.is_empty() && !crate::text::fold_for_search(comment).contains(&needle) {
            continue;
        }
        rows.push(CommentRow {
            date: columns.date(index),
            score,
            group: row_group,
            comment: comment.to_owned(),
            email: columns.text(&columns.email, index),
            name: columns.text(&columns.name, index),
            phone: columns.text(&columns.phone, index),
            source_file: columns.source_file(index),
            source_row: columns.source_row(index),
        });
    }
    rows.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then_with(|| newest_first(a.date, b.date))
            .then_with(|| a.source_file.cmp(&b.source_file))
            .then_with(|| a.source_row.cmp(&b.source_row))
    });
    Ok(rows)
}

/// Every detractor, with or without a comment or contact details, to call back.
///
/// Newest first, undated last; on the same day the lowest score first, then by file and row.
pub fn follow_up_list(responses: &DataFrame) -> PolarsResult<Vec<FollowUp>> {
    let columns = ResponseColumns::of(responses)?;
    let mut rows = Vec::new();
    for (index, score) in columns.score.iter().enumerate() {
        let Some(score) = score else { continue };
        if NpsGroup::from_score(score) != Some(NpsGroup::Detractor) {
            continue;
        }
        rows.push(FollowUp {
            date: columns.date(index),
            score,
            comment: columns.text(&columns.comment, index),
            email: columns.text(&columns.email, index),
            name: columns.text(&columns.name, index),
            phone: columns.text(&columns.phone, index),
            source_file: columns.source_file(index),
            source_row: columns.source_row(index),
        });
    }
    rows.sort_by(|a, b| {
        newest_first(a.date, b.date)
            .then_with(|| a.score.cmp(&b.score))
            .then_with(|| a.source_file.cmp(&b.source_file))
            .then_with(|| a.source_row.cmp(&b.source_row))
    });
    Ok(rows)
}

/// Reads a text column; a column that is entirely null may come typed as `Null`.
pub(crate) fn text_column(frame: &DataFrame, name: &str) -> PolarsResult<StringChunked> {
    let column = frame.column(name)?;
    match column.dtype() {
        DataType::String => Ok(column.str()?.clone()),
        DataType::Null => Ok(column.cast(&DataType::String)?.str()?.clone()),
        other => polars_bail!(
            SchemaMismatch: "column '{}' should hold text but holds {}", name, other
        ),
    }
}

/// Reads a date column; a survey without dates may give a `Null`-typed column.
pub(crate) fn date_column(frame: &DataFrame, name: &str) -> PolarsResult<DateChunked> {
    let column = frame.column(name)?;
    match column.dtype() {
        DataType::Date => Ok(column.date()?.clone()),
        DataType::Null => Ok(column.cast(&DataType::Date)?.date()?.clone()),
        other => polars_bail!(
            SchemaMismatch: "column '{}' should hold dates but holds {}", name, other
        ),
    }
}

/// The trimmed text, or `None` when it is null or blank.
pub(crate) fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The three counting expressions every NPS grouping aggregates with.
fn group_count_exprs() -> [Expr; 3] {
    let within = |low: i32, high: i32| {
        col(SCORE)
            .gt_eq(lit(low))
            .and(col(SCORE).lt_eq(lit(high)))
            .sum()
            .cast(DataType::UInt32)
    };
    [
        within(9, 10).alias(PROMOTERS),
        within(7, 8).alias(PASSIVES),
        within(0, 6).alias(DETRACTORS),
    ]
}

/// One summary per row of a frame aggregated with `group_count_exprs`.
fn summaries(counts: &DataFrame) -> PolarsResult<Vec<NpsSummary>> {
    let promoters = counts.column(PROMOTERS)?.u32()?;
    let passives = counts.column(PASSIVES)?.u32()?;
    let detractors = counts.column(DETRACTORS)?.u32()?;
    Ok(promoters
        .iter()
        .zip(passives.iter())
        .zip(detractors.iter())
        .map(|((p, pa), d)| {
            NpsSummary::from_counts(p.unwrap_or(0), pa.unwrap_or(0), d.unwrap_or(0))
        })
        .collect())
}

/// Newest date first, undated last.
fn newest_first(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Ordering {
    // `None` sorts before any date, so reversing puts it last.
    Reverse(a).cmp(&Reverse(b))
}

/// The columns a comment or follow-up row is read from.
struct ResponseColumns {
    score: Int32Chunked,
    date: DateChunked,
    comment: StringChunked,
    email: StringChunked,
    name: StringChunked,
    phone: StringChunked,
    source_file: StringChunked,
    source_row: UInt32Chunked,
}

impl ResponseColumns {
    fn of(frame: &DataFrame) -> PolarsResult<ResponseColumns> {
        Ok(ResponseColumns {
            score: frame.column(SCORE)?.i32()?.clone(),
            date: date_column(frame, DATE)?,
            comment: text_column(frame, COMMENT)?,
            email: text_column(frame, EMAIL)?,
            name: text_column(frame, NAME)?,
            phone: text_column(frame, PHONE)?,
            source_file: text_column(frame, SOURCE_FILE)?,
            source_row: frame.column(SOURCE_ROW)?.u32()?.clone(),
        })
    }

    fn date(&self, index: usize) -> Option<NaiveDate> {
        self.date
            .physical()
            .get(index)
            .and_then(NaiveDate::from_epoch_days)
    }

    fn text(&self, column: &StringChunked, index: usize) -> Option<String> {
        non_blank(column.get(index)).map(str::to_owned)
    }

    fn source_file(&self, index: usize) -> String {
        self.source_file.get(index).unwrap_or_default().to_owned()
    }

    fn source_row(&self, index: usize) -> u32 {
        self.source_row.get(index).unwrap_or(0)
    }
}

fn serialize_date<S: serde::Serializer>(
    date: &NaiveDate,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

fn serialize_optional_date<S: serde::Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serializer.collect_str(date),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance
    }

    /// A responses frame with the standard columns; contact columns all null.
    fn responses(
        scores: &[i32],
        dates: &[Option<NaiveDate>],
        comments: &[Option<&str>],
    ) -> DataFrame {
        let n = scores.len();
        let nulls = vec![None::<&str>; n];
        let rows: Vec<u32> = (1..=n as u32).collect();
        df!(
            SCORE => scores,
            DATE => dates,
            COMMENT => comments,
            EMAIL => &nulls,
            NAME => &nulls,
            PHONE => &nulls,
            SOURCE_FILE => vec!["survey.csv"; n],
            SOURCE_ROW => rows,
        )
        .unwrap()
    }

    fn undated(scores: &[i32]) -> DataFrame {
        let n = scores.len();
        responses(scores, &vec![None; n], &vec![None; n])
    }

    #[test]
    fn from_counts_matches_the_metrics_reference_survey() {
        // metrics.md: n = 13,612 with 8,465 / 3,953 / 1,194 gives NPS 53.416, MoE 1.094.
        let summary = NpsSummary::from_counts(8_465, 3_953, 1_194);
        assert_eq!(summary.responses, 13_612);
        assert!(close(summary.nps, 53.416, 0.0005), "{}", summary.nps);
        assert!(
            close(summary.margin_of_error, 1.094, 0.0005),
            "{}",
            summary.margin_of_error
        );
        assert!(!summary.is_small_sample());
    }

    #[test]
    fn from_counts_on_ten_answers() {
        // p = 0.5, d = 0.2: NPS = 100 * 0.3 = 30;
        // MoE = 196 * sqrt((0.7 - 0.09) / 10) = 196 * sqrt(0.061) = 48.408...
        let summary = NpsSummary::from_counts(5, 3, 2);
        assert!(close(summary.nps, 30.0, 1e-9));
        assert!(
            close(summary.margin_of_error, 48.408, 0.001),
            "{}",
            summary.margin_of_error
        );
        assert!(summary.is_small_sample());
        assert!(close(summary.promoter_share(), 0.5, 1e-12));
        assert!(close(summary.passive_share(), 0.3, 1e-12));
        assert!(close(summary.detractor_share(), 0.2, 1e-12));
    }

    #[test]
    fn from_counts_edge_cases() {
        let empty = NpsSummary::from_counts(0, 0, 0);
        assert_eq!(
            (empty.responses, empty.nps, empty.margin_of_error),
            (0, 0.0, 0.0)
        );
        assert!(empty.is_small_sample());
        assert_eq!(empty.promoter_share(), 0.0);
        // All detractors: NPS -100, no spread, so MoE 0.
        let all_detractors = NpsSummary::from_counts(0, 0, 4);
        assert_eq!(
            (all_detractors.nps, all_detractors.margin_of_error),
            (-100.0, 0.0)
        );
        // 30 responses is no longer small: the flag is for n < 30.
        assert!(!NpsSummary::from_counts(10, 10, 10).is_small_sample());
        assert!(NpsSummary::from_counts(10, 10, 9).is_small_sample());
    }

    #[test]
    fn groups_follow_the_scale() {
        assert_eq!(NpsGroup::from_score(0), Some(NpsGroup::Detractor));
        assert_eq!(NpsGroup::from_score(6), Some(NpsGroup::Detractor));
        assert_eq!(NpsGroup::from_score(7), Some(NpsGroup::Passive));
        assert_eq!(NpsGroup::from_score(8), Some(NpsGroup::Passive));
        assert_eq!(NpsGroup::from_score(9), Some(NpsGroup::Promoter));
        assert_eq!(NpsGroup::from_score(10), Some(NpsGroup::Promoter));
        assert_eq!(NpsGroup::from_score(11), None);
        assert_eq!(NpsGroup::from_score(-1), None);
        assert!(NpsGroup::Detractor < NpsGroup::Passive && NpsGroup::Passive < NpsGroup::Promoter);
    }

    #[test]
    fn summary_of_a_frame_counts_each_group() {
        // 5 promoters (9, 10, 10, 9, 10), 3 passives (7, 8, 8), 2 detractors (0, 6).
        let frame = undated(&[9, 10, 7, 0, 10, 8, 6, 9, 8, 10]);
        let summary = nps_summary(&frame).unwrap();
        assert_eq!(summary, NpsSummary::from_counts(5, 3, 2));
        assert_eq!(summary.responses, 10);
        assert!(close(summary.nps, 30.0, 1e-9));
    }

    #[test]
    fn summary_of_an_empty_frame_is_zero() {
        let frame = undated(&[]);
        assert_eq!(
            nps_summary(&frame).unwrap(),
            NpsSummary::from_counts(0, 0, 0)
        );
    }

    #[test]
    fn trend_by_month_crosses_the_year_and_skips_undated_and_empty_periods() {
        let frame = responses(
            &[10, 3, 9, 8, 5, 10],
            &[
                Some(date(2025, 12, 31)),
                Some(date(2025, 12, 1)),
                Some(date(2026, 1, 1)),
                None,
                Some(date(2026, 3, 15)),
                Some(date(2026, 1, 31)),
            ],
            &[None; 6],
        );
        let trend = nps_by_period(&frame, Period::Month).unwrap();
        let labels: Vec<&str> = trend.iter().map(|p| p.period.as_str()).collect();
        // February has no responses: absent, not zero. The undated 8 is in no period.
        assert_eq!(labels, ["2025-12", "2026-01", "2026-03"]);
        assert_eq!(trend[0].start, date(2025, 12, 1));
        // December: one 10 and one 3 -> NPS 0. January: 9 and 10 -> 100. March: 5 -> -100.
        assert_eq!(trend[0].summary, NpsSummary::from_counts(1, 0, 1));
        assert_eq!(trend[1].summary, NpsSummary::from_counts(2, 0, 0));
        assert_eq!(trend[2].summary, NpsSummary::from_counts(0, 0, 1));
    }

    #[test]
    fn trend_by_week_uses_iso_weeks_across_the_year() {
        // Wed 2025-12-31 and Sun 2026-01-04 share ISO week 2026-W01 (Mon 2025-12-29);
        // Mon 2026-01-05 starts W02.
        let frame = responses(
            &[10, 0, 7],
            &[
                Some(date(2025, 12, 31)),
                Some(date(2026, 1, 4)),
                Some(date(2026, 1, 5)),
            ],
            &[None; 3],
        );
        let trend = nps_by_period(&frame, Period::Week).unwrap();
        assert_eq!(trend.len(), 2);
        assert_eq!(
            (trend[0].period.as_str(), trend[0].start),
            ("2026-W01", date(2025, 12, 29))
        );
        assert_eq!(trend[0].summary, NpsSummary::from_counts(1, 0, 1));
        assert_eq!(
            (trend[1].period.as_str(), trend[1].start),
            ("2026-W02", date(2026, 1, 5))
        );
        assert_eq!(trend[1].summary, NpsSummary::from_counts(0, 1, 0));
    }

    #[test]
    fn trend_by_quarter_and_without_any_dates() {
        let frame = responses(
            &[9, 2],
            &[Some(date(2026, 3, 31)), Some(date(2025, 10, 1))],
            &[None; 2],
        );
        let trend = nps_by_period(&frame, Period::Quarter).unwrap();
        let labels: Vec<&str> = trend.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2025-Q4", "2026-Q1"]);
        assert!(
            nps_by_period(&undated(&[9, 2]), Period::Month)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn segments_sort_by_nps_then_value_and_count_missing_values() {
        let scores = [10, 0, 9, 10, 7, 10, 3, 9, 8, 5];
        let stores = [
            Some("Roma"),      // 10
            Some("Roma"),      // 0   -> Roma: 1 P, 1 D: NPS 0
            Some("Milano "),   // 9
            Some("Milano"),    // 10
            Some("Milano"),    // 7   -> Milano: 2 P, 1 Pa: NPS 66.67
            Some("Bari"),      // 10
            Some("Bari"),      // 3   -> Bari: 1 P, 1 D: NPS 0 (ties with Roma)
            Some("Agrigento"), // 9   -> Agrigento: 1 P: NPS 100
            None,              // 8   -> without value
            Some("  "),        // 5   -> blank: without value
        ];
        let mut frame = undated(&scores);
        frame
            .with_column(Column::new("store".into(), stores))
            .unwrap();
        let breakdown = nps_by_segment(&frame, "store").unwrap();
        let order: Vec<(&str, u32)> = breakdown
            .segments
            .iter()
            .map(|s| (s.value.as_str(), s.summary.responses))
            .collect();
        assert_eq!(
            order,
            [("Agrigento", 1), ("Milano", 3), ("Bari", 2), ("Roma", 2)]
        );
        assert_eq!(
            breakdown.segments[1].summary,
            NpsSummary::from_counts(2, 1, 0)
        );
        assert_eq!(breakdown.without_value, 2);
    }

    #[test]
    fn segment_values_differing_only_in_case_are_one_segment_with_the_usual_spelling() {
        // The demo's channel column has both "online" and "Online".
        let scores = [10, 3, 9, 8, 10];
        let channels = [
            Some("online"),
            Some("Online"),
            Some(" online"),
            Some("Negozio"),
            Some("negozio"),
        ];
        let mut frame = undated(&scores);
        frame
            .with_column(Column::new("channel".into(), channels))
            .unwrap();
        let breakdown = nps_by_segment(&frame, "channel").unwrap();
        let found: Vec<(&str, u32)> = breakdown
            .segments
            .iter()
            .map(|s| (s.value.as_str(), s.summary.responses))
            .collect();
        // online: 10, 3, 9 -> 2 P, 1 D: NPS 33.3; negozio: 8, 10 -> 1 P, 1 Pa: NPS 50.
        // "Negozio"/"negozio" tie at one answer each: the first in sort order is shown.
        assert_eq!(found, [("Negozio", 2), ("online", 3)]);
        assert_eq!(
            breakdown.segments[1].summary,
            NpsSummary::from_counts(2, 0, 1)
        );
    }

    #[test]
    fn segment_ties_are_exact_on_counts() {
        // 1 of 2 and 2 of 4 net promoters are both NPS 50; 3 P + 1 D of 4 is 50 too.
        let scores = [10, 7, 9, 9, 8, 8, 10, 10, 10, 0];
        let channel = [
            "web", "web", "shop", "shop", "shop", "shop", "app", "app", "app", "app",
        ];
        let mut frame = undated(&scores);
        frame
            .with_column(Column::new("channel".into(), channel))
            .unwrap();
        let breakdown = nps_by_segment(&frame, "channel").unwrap();
        let order: Vec<&str> = breakdown
            .segments
            .iter()
            .map(|s| s.value.as_str())
            .collect();
        assert_eq!(order, ["app", "shop", "web"]);
        assert!(
            breakdown
                .segments
                .iter()
                .all(|s| close(s.summary.nps, 50.0, 1e-9))
        );
        assert_eq!(breakdown.without_value, 0);
    }

    #[test]
    fn numeric_segment_codes_are_read_as_text() {
        let mut frame = undated(&[10, 0, 9]);
        frame
            .with_column(Column::new("store".into(), [Some(12i32), Some(12), None]))
            .unwrap();
        let breakdown = nps_by_segment(&frame, "store").unwrap();
        assert_eq!(breakdown.segments.len(), 1);
        assert_eq!(breakdown.segments[0].value, "12");
        assert_eq!(
            breakdown.segments[0].summary,
            NpsSummary::from_counts(1, 0, 1)
        );
        assert_eq!(breakdown.without_value, 1);
    }

    #[test]
    fn segment_on_a_missing_column_is_an_error() {
        assert!(nps_by_segment(&undated(&[9]), "store").is_err());
    }

    #[test]
    fn distribution_counts_every_score() {
        let frame = undated(&[10, 10, 0, 7, 10, 3, 3]);
        assert_eq!(
            score_distribution(&frame).unwrap(),
            [1, 0, 0, 2, 0, 0, 0, 1, 0, 0, 3]
        );
    }

    #[test]
    fn date_filter_bounds_are_inclusive_and_drop_undated_rows() {
        let frame = responses(
            &[1, 2, 3, 4, 5],
            &[
                Some(date(2026, 1, 31)),
                Some(date(2026, 2, 1)),
                Some(date(2026, 2, 28)),
                Some(date(2026, 3, 1)),
                None,
            ],
            &[None; 5],
        );
        let scores = |f: &DataFrame| -> Vec<i32> {
            f.column(SCORE)
                .unwrap()
                .i32()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        let both = filter_date_range(&frame, Some(date(2026, 2, 1)), Some(date(2026, 2, 28)));
        assert_eq!(scores(&both.unwrap()), [2, 3]);
        let from_only = filter_date_range(&frame, Some(date(2026, 2, 28)), None).unwrap();
        assert_eq!(scores(&from_only), [3, 4]);
        let to_only = filter_date_range(&frame, None, Some(date(2026, 1, 31))).unwrap();
        assert_eq!(scores(&to_only), [1]);
        let unbounded = filter_date_range(&frame, None, None).unwrap();
        assert_eq!(scores(&unbounded), [1, 2, 3, 4, 5]);
        let reversed = filter_date_range(&frame, Some(date(2026, 3, 1)), Some(date(2026, 2, 1)));
        assert_eq!(reversed.unwrap().height(), 0);
    }

    fn comment_frame() -> DataFrame {
        let mut frame = responses(
            &[10, 3, 8, 0, 9, 6, 5],
            &[
                Some(date(2026, 2, 1)),
                Some(date(2026, 1, 10)),
                Some(date(2026, 2, 3)),
                None,
                Some(date(2026, 2, 5)),
                Some(date(2026, 2, 20)),
                Some(date(2026, 3, 1)),
            ],
            &[
                Some("Ottimo, grazie!"),
                Some("Perché così lento?"),
                Some("Buono"),
                Some("PERCHÉ nessuno risponde"),
                Some("   "),
                Some("Caro"),
                None,
            ],
        );
        frame
            .with_column(Column::new(
                EMAIL.into(),
                [
                    None,
                    Some(" a@b.it "),
                    None,
                    None,
                    None,
                    Some(""),
                    Some("c@d.it"),
                ],
            ))
            .unwrap();
        frame
    }

    #[test]
    fn comments_list_detractors_first_newest_first_undated_last() {
        let rows = comments(&comment_frame(), None, "").unwrap();
        let order: Vec<(i32, &str)> = rows.iter().map(|r| (r.score, r.comment.as_str())).collect();
        // The blank comment (9) and the missing one (5) are not comments.
        assert_eq!(
            order,
            [
                (6, "Caro"),                    // detractor, 2026-02-20
                (3, "Perché così lento?"),      // detractor, 2026-01-10
                (0, "PERCHÉ nessuno risponde"), // detractor, undated
                (8, "Buono"),
                (10, "Ottimo, grazie!"),
            ]
        );
        assert_eq!(rows[1].email.as_deref(), Some("a@b.it"));
        assert_eq!(rows[0].email, None, "a blank email is no email");
        assert_eq!(rows[1].group, NpsGroup::Detractor);
        assert_eq!(
            (rows[1].source_file.as_str(), rows[1].source_row),
            ("survey.csv", 2)
        );
    }

    #[test]
    fn comment_search_ignores_case_and_accents_and_group_filters() {
        let frame = comment_frame();
        let found = comments(&frame, None, "perche").unwrap();
        let scores: Vec<i32> = found.iter().map(|r| r.score).collect();
        assert_eq!(scores, [3, 0]);
        let accented = comments(&frame, None, " COSÌ ").unwrap();
        assert_eq!(accented.len(), 1);
        assert_eq!(accented[0].score, 3);
        let passives = comments(&frame, Some(NpsGroup::Passive), "").unwrap();
        assert_eq!(passives.len(), 1);
        assert_eq!(passives[0].comment, "Buono");
        assert!(
            comments(&frame, Some(NpsGroup::Promoter), "perche")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn follow_up_lists_every_detractor_newest_first() {
        let rows = follow_up_list(&comment_frame()).unwrap();
        let order: Vec<(i32, Option<&str>)> = rows
            .iter()
            .map(|r| (r.score, r.comment.as_deref()))
            .collect();
        assert_eq!(
            order,
            [
                (5, None), // 2026-03-01, no comment but a contact
                (6, Some("Caro")),
                (3, Some("Perché così lento?")),
                (0, Some("PERCHÉ nessuno risponde")),
            ]
        );
        assert!(rows[0].has_contact());
        assert!(!rows[1].has_contact());
    }

    #[test]
    fn all_null_contact_columns_typed_null_are_accepted() {
        let mut frame = undated(&[4]);
        frame
            .with_column(Column::full_null(PHONE.into(), 1, &DataType::Null))
            .unwrap();
        let rows = follow_up_list(&frame).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].phone, None);
    }

    #[test]
    fn fold_for_search_strips_accents() {
        assert_eq!(
            crate::text::fold_for_search("Perché PIÙ Caffè"),
            "perche piu caffe"
        );
        assert_eq!(crate::text::fold_for_search("po’"), "po'");
    }
}
