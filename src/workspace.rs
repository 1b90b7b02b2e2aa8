//! The files an owner has loaded and the analyses drawn from them, shared by the window and the
//! command line so both compute exactly the same figures.

use std::collections::BTreeMap;
use std::sync::Arc;

use polars::prelude::*;

use crate::analysis::nps::{self, NpsSummary, PeriodNps, SegmentBreakdown};
use crate::analysis::period::Period;
use crate::import::orders::{OrderRows, orders_frames};
use crate::import::pipeline::ImportedFile;
use crate::import::roles::{FileKind, Role};
use crate::import::survey::{SurveyResponses, category_column, responses_frame};

/// The loaded files, in the order they were added.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    /// Every file, refused ones included (they carry their error).
    pub files: Vec<ImportedFile>,
}

/// A category the answers can be compared by: its frame column and the header(s) it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyCategory {
    /// Column name in the responses frame (`store`, `channel`, `segment`).
    pub column: String,
    /// The role that named it.
    pub role: Role,
    /// The source headers, joined with " / " when files name it differently.
    pub header: String,
}

impl Workspace {
    /// Survey files that were not refused.
    pub fn survey_files(&self) -> impl Iterator<Item = &ImportedFile> {
        self.files
            .iter()
            .filter(|f| f.kind == FileKind::Survey && f.error.is_none() && f.survey.is_some())
    }

    /// The usable answers of each survey file with the file's name: cheap to clone and send to a
    /// background thread.
    pub fn survey_parts(&self) -> SurveyParts {
        self.survey_files()
            .filter_map(|f| f.survey.as_ref().map(|s| (f.name.clone(), Arc::clone(s))))
            .filter(|(_, s)| !s.is_empty())
            .collect()
    }

    /// All usable answers of all survey files, appended; `None` when there are none.
    pub fn responses(&self) -> PolarsResult<Option<DataFrame>> {
        responses_of(&self.survey_parts())
    }

    /// Order files that were not refused.
    pub fn order_files(&self) -> impl Iterator<Item = &ImportedFile> {
        self.files
            .iter()
            .filter(|f| f.kind == FileKind::Orders && f.error.is_none() && f.orders.is_some())
    }

    /// The orders and refunds of every order file, appended; `None` when there are none.
    pub fn order_frames(&self) -> PolarsResult<Option<(DataFrame, DataFrame)>> {
        let parts: Vec<(&str, &OrderRows)> = self
            .order_files()
            .filter_map(|f| f.orders.as_deref().map(|o| (f.name.as_str(), o)))
            .collect();
        if parts.is_empty() {
            return Ok(None);
        }
        orders_frames(&parts).map(Some)
    }

    /// The categories present in the survey files, in role order.
    pub fn survey_categories(&self) -> Vec<SurveyCategory> {
        let mut by_column: BTreeMap<(Role, String), Vec<String>> = BTreeMap::new();
        for file in self.survey_files() {
            for (role, header) in file.roles.iter().zip(file.headers()) {
                if role.is_category() {
                    let headers = by_column
                        .entry((*role, category_column(*role, header)))
                        .or_default();
                    if !headers.contains(header) {
                        headers.push(header.clone());
                    }
                }
            }
        }
        by_column
            .into_iter()
            .map(|((role, column), headers)| SurveyCategory {
                column,
                role,
                header: headers.join(" / "),
            })
            .collect()
    }
}

/// Survey answers per file: (file name, answers).
pub type SurveyParts = Vec<(String, Arc<SurveyResponses>)>;

/// The answers of `parts` appended into one frame; `None` when there are none.
pub fn responses_of(parts: &SurveyParts) -> PolarsResult<Option<DataFrame>> {
    if parts.is_empty() {
        return Ok(None);
    }
    let borrowed: Vec<(&str, &SurveyResponses)> = parts
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_ref()))
        .collect();
    responses_frame(&borrowed).map(Some)
}

/// The NPS figures of one set of answers, as the page headline, trend and breakdowns show them.
#[derive(Clone, Debug)]
pub struct NpsFigures {
    /// Headline.
    pub summary: NpsSummary,
    /// One point per period with answers.
    pub by_period: Vec<PeriodNps>,
    /// Per category: the category and its values' NPS, best first.
    pub by_category: Vec<(SurveyCategory, SegmentBreakdown)>,
}

/// Computes the headline, trend and category breakdowns of `responses`.
pub fn nps_figures(
    responses: &DataFrame,
    period: Period,
    categories: &[SurveyCategory],
) -> PolarsResult<NpsFigures> {
    let summary = nps::nps_summary(responses)?;
    let by_period = nps::nps_by_period(responses, period)?;
    let mut by_category = Vec::new();
    for category in categories {
        let breakdown = nps::nps_by_segment(responses, &category.column)?;
        by_category.push((category.clone(), breakdown));
    }
    Ok(NpsFigures {
        summary,
        by_period,
        by_category,
    })
}

/// What the NPS page shows follows these choices.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NpsFilter {
    /// First day included.
    pub from: Option<chrono::NaiveDate>,
    /// Last day included.
    pub to: Option<chrono::NaiveDate>,
    /// Trend period.
    pub period: Period,
}

/// Everything the NPS page draws, computed off the UI thread.
#[derive(Clone, Debug)]
pub struct NpsView {
    /// Headline, trend and categories within the filter.
    pub figures: NpsFigures,
    /// Answers per score 0-10.
    pub distribution: [u32; 11],
    /// Comments, detractors first, newest first.
    pub comments: Vec<nps::CommentRow>,
    /// Each comment lower-cased without accents, for search as the owner types.
    pub comment_keys: Vec<String>,
    /// Frequent words and phrases per group.
    pub terms: Vec<(nps::NpsGroup, crate::analysis::comments::FrequentTerms)>,
    /// Detractors to call back, newest first.
    pub follow_up: Vec<nps::FollowUp>,
    /// First and last answer date in all the data (before filtering).
    pub date_span: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

/// First and last date of the answers' date column.
pub fn date_span(
    responses: &DataFrame,
) -> PolarsResult<Option<(chrono::NaiveDate, chrono::NaiveDate)>> {
    let dates = responses.column(nps::DATE)?.date()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let to_date = |days: i32| epoch + chrono::Duration::days(i64::from(days));
    Ok(match (dates.physical().min(), dates.physical().max()) {
        (Some(min), Some(max)) => Some((to_date(min), to_date(max))),
        _ => None,
    })
}

/// Computes the whole NPS page for `responses` within `filter`.
pub fn nps_view(
    responses: &DataFrame,
    categories: &[SurveyCategory],
    filter: NpsFilter,
) -> PolarsResult<NpsView> {
    let span = date_span(responses)?;
    let filtered = nps::filter_date_range(responses, filter.from, filter.to)?;
    let comments = nps::comments(&filtered, None, "")?;
    Ok(NpsView {
        figures: nps_figures(&filtered, filter.period, categories)?,
        distribution: nps::score_distribution(&filtered)?,
        comment_keys: comments
            .iter()
            .map(|c| crate::text::fold_for_search(&c.comment))
            .collect(),
        comments,
        terms: crate::analysis::comments::frequent_terms_by_group(&filtered, 15)?,
        follow_up: nps::follow_up_list(&filtered)?,
        date_span: span,
    })
}

/// Everything the Loyalty page draws, computed off the UI thread.
#[derive(Clone, Debug)]
pub struct LoyaltyView {
    /// Shop totals over all orders.
    pub summary: crate::analysis::sales::SalesSummary,
    /// The day after the latest order or refund.
    pub as_of: chrono::NaiveDate,
    /// Retention and revenue per customer by first-order period.
    pub cohorts: Vec<crate::analysis::cohorts::Cohort>,
    /// Customers and revenue per RFM segment.
    pub segments: Vec<crate::analysis::rfm::SegmentSummary>,
    /// One row per customer, best revenue first.
    pub customers: Vec<crate::analysis::rfm::CustomerRfm>,
    /// Days without an order after which a customer counts as lapsed.
    pub lapse_window: u32,
    /// How many customers are lapsed.
    pub lapsed: usize,
    /// Order lines that had no customer (they count in revenue only).
    pub lines_without_customer: usize,
}

/// Computes the Loyalty page from the workspace's order files; `None` without orders.
pub fn loyalty_view(workspace: &Workspace, period: Period) -> PolarsResult<Option<LoyaltyView>> {
    use crate::analysis::{cohorts, rfm, sales};
    let Some((orders, refunds)) = workspace.order_frames()? else {
        return Ok(None);
    };
    let Some(as_of) = sales::default_as_of(&orders, &refunds)? else {
        return Ok(None);
    };
    let summary = sales::sales_summary(&orders, &refunds, None, None)?;
    let mut customers = rfm::customer_table(&orders, &refunds, as_of)?;
    customers.sort_by(|a, b| {
        b.net_revenue
            .total_cmp(&a.net_revenue)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    let lapse_window = rfm::lapse_window(summary.median_days_between_orders);
    Ok(Some(LoyaltyView {
        cohorts: cohorts::cohort_table(&orders, &refunds, period, as_of)?,
        segments: rfm::rfm_segments(&customers),
        lapsed: rfm::lapsed_customers(&customers, lapse_window).len(),
        lapse_window,
        lines_without_customer: workspace
            .order_files()
            .filter_map(|f| f.orders.as_ref())
            .map(|o| o.lines_without_customer)
            .sum(),
        customers,
        summary,
        as_of,
    }))
}
