//! The files an owner has loaded and the analyses drawn from them, shared by the window and the
//! command line so both compute exactly the same figures.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use polars::prelude::*;

use chrono::NaiveDate;

use crate::analysis::cohorts::{self, Cohort, PeriodRepeatRate};
use crate::analysis::engagement;
use crate::analysis::ledger::Ledger;
use crate::analysis::linked::{self, SurveyAndOrders};
use crate::analysis::nps::{self, NpsSummary, PeriodNps, SegmentBreakdown};
use crate::analysis::period::Period;
use crate::analysis::rfm::{self, CustomerRfm, SegmentSummary, TenureBucket};
use crate::analysis::sales::{self, SalesSummary};
use crate::import::orders::{OrderRows, order_lines_frame, orders_frames};
use crate::import::pipeline::ImportedFile;
use crate::import::roles::{FileKind, Role};
use crate::import::survey::{SurveyResponses, category_column, responses_frame};
use crate::import::table::HeadedTable;

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

impl SurveyCategory {
    /// Its name on screen and in exports: the store and the channel in the UI language
    /// (files in two languages name them `Negozio` and `Store`, one name is enough); another
    /// category by its header.
    pub fn name(&self, lang: crate::i18n::Lang) -> String {
        match self.role {
            Role::Store => lang.t("Store", "Negozio").to_string(),
            Role::Channel => lang.t("Channel", "Canale").to_string(),
            _ => self.header.clone(),
        }
    }
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
            .filter_map(|f| {
                f.survey
                    .as_ref()
                    .map(|s| (self.source_label(f), Arc::clone(s)))
            })
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

    /// The currency the order files are in: the one most of them are marked in (the first
    /// such file's on a tie); `None` when no file says.
    pub fn currency(&self) -> Option<&'static str> {
        let mut votes: Vec<(&'static str, usize)> = Vec::new();
        for code in self
            .order_files()
            .filter_map(|f| f.orders.as_ref().and_then(|o| o.currency))
        {
            match votes.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => votes.push((code, 1)),
            }
        }
        let most = votes.iter().map(|(_, n)| *n).max()?;
        votes.iter().find(|(_, n)| *n == most).map(|(c, _)| *c)
    }

    /// The orders and refunds of every order file, appended; `None` when there are none.
    pub fn order_frames(&self) -> PolarsResult<Option<(DataFrame, DataFrame)>> {
        let labels: Vec<(String, &OrderRows)> = self
            .order_files()
            .filter_map(|f| f.orders.as_deref().map(|o| (self.source_label(f), o)))
            .collect();
        let parts: Vec<(&str, &OrderRows)> = labels.iter().map(|(l, o)| (l.as_str(), *o)).collect();
        if parts.is_empty() {
            return Ok(None);
        }
        orders_frames(&parts).map(Some)
    }

    /// The name a file's rows carry in the figures (`source_file`): its file name or, when
    /// another loaded file has the same name (two shops' `orders_export_1.csv`), as much of
    /// its folder path as tells them apart. An order is its file and its order id (baskets, a
    /// customer's card), so two files must never share it.
    pub fn source_label(&self, file: &ImportedFile) -> String {
        // By place, not `id`: outside the app every file's id is 0. `file` is one of `files`.
        let namesakes: Vec<(usize, &ImportedFile)> = self
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name == file.name && !std::ptr::eq(*f, file))
            .collect();
        if namesakes.is_empty() {
            return file.name.clone();
        }
        let parts = |path: &std::path::Path| -> Vec<String> {
            let mut parts: Vec<String> = path
                .components()
                .filter(|c| matches!(c, std::path::Component::Normal(_)))
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.reverse();
            parts
        };
        let tail = |parts: &[String], depth: usize| -> String {
            let mut taken: Vec<&str> = parts.iter().take(depth).map(String::as_str).collect();
            taken.reverse();
            taken.join("/")
        };
        let mine = parts(&file.path);
        let theirs: Vec<Vec<String>> = namesakes.iter().map(|(_, f)| parts(&f.path)).collect();
        for depth in 2..=mine.len() {
            let label = tail(&mine, depth);
            if theirs.iter().all(|t| tail(t, depth) != label) {
                return label;
            }
        }
        // The same path loaded twice: told apart by the order they were loaded in.
        let place = self.files.iter().position(|f| std::ptr::eq(f, file));
        let earlier = namesakes.iter().filter(|(i, _)| Some(*i) < place).count();
        format!("{} ({})", file.name, earlier + 1)
    }

    /// Engagement files that were not refused.
    pub fn engagement_files(&self) -> impl Iterator<Item = &ImportedFile> {
        self.files.iter().filter(|f| {
            f.kind == FileKind::Engagement && f.error.is_none() && f.engagement.is_some()
        })
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NpsFilter {
    /// First day included.
    pub from: Option<chrono::NaiveDate>,
    /// Last day included.
    pub to: Option<chrono::NaiveDate>,
    /// Trend period.
    pub period: Period,
    /// Only answers naming this store (ignoring case), when the answers name stores.
    pub store: Option<String>,
    /// Only answers naming this channel, when the answers name channels.
    pub channel: Option<String>,
}

/// Everything the NPS page draws, computed off the UI thread.
#[derive(Clone, Debug)]
pub struct NpsView {
    /// The choices it was computed with.
    pub filter: NpsFilter,
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
    /// Detractors in range who left no email, name or phone: not in `follow_up`, since there
    /// is no one to call (their comments are in `comments`).
    pub unreachable_detractors: usize,
    /// First and last answer date in all the data (before filtering).
    pub date_span: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Stores the answers name (every answer, most frequent spelling), for the filters.
    pub stores: Vec<String>,
    /// See `stores`.
    pub channels: Vec<String>,
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
    let filtered = answers_in(responses, &filter)?;
    let comments = nps::comments(&filtered, None, "")?;
    let (reachable, unreachable): (Vec<_>, Vec<_>) = nps::follow_up_list(&filtered)?
        .into_iter()
        .partition(|f| f.email.is_some() || f.name.is_some() || f.phone.is_some());
    let unreachable_detractors = unreachable.len();
    Ok(NpsView {
        figures: nps_figures(&filtered, filter.period, categories)?,
        distribution: nps::score_distribution(&filtered)?,
        comment_keys: comments
            .iter()
            .map(|c| crate::text::fold_for_search(&c.comment))
            .collect(),
        comments,
        terms: crate::analysis::comments::frequent_terms_by_group(&filtered, 15)?,
        follow_up: reachable,
        unreachable_detractors,
        date_span: span,
        stores: match responses.column(sales::STORE) {
            Ok(_) => category_values(responses, sales::STORE)?,
            Err(_) => Vec::new(),
        },
        channels: match responses.column(sales::CHANNEL) {
            Ok(_) => category_values(responses, sales::CHANNEL)?,
            Err(_) => Vec::new(),
        },
        filter,
    })
}

/// The answers within the filter's dates, store and channel. Answers that do not say where
/// they were given (no store column) are kept under a store filter: there is nothing to tell
/// them apart by.
pub fn answers_in(responses: &DataFrame, filter: &NpsFilter) -> PolarsResult<DataFrame> {
    let dated = nps::filter_date_range(responses, filter.from, filter.to)?;
    let has = |column: &str| dated.column(column).is_ok();
    let store = filter.store.as_deref().filter(|_| has(sales::STORE));
    let channel = filter.channel.as_deref().filter(|_| has(sales::CHANNEL));
    if store.is_none() && channel.is_none() {
        return Ok(dated);
    }
    sales::filter_orders(&dated, None, None, store, channel)
}

/// Tenure buckets a new owner sees: 0-3, 3-6, 6-12 months, 1-3 years, 3 years and more.
pub const DEFAULT_TENURE_STARTS: [u32; 5] = [0, 3, 6, 12, 36];

/// What the Loyalty page's figures follow.
#[derive(Clone, Debug, PartialEq)]
pub struct LoyaltyFilter {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// Only this store (matched ignoring case); `None` = every store.
    pub store: Option<String>,
    /// Only this channel (matched ignoring case); `None` = every channel.
    pub channel: Option<String>,
    /// Cohort and trend period.
    pub period: Period,
    /// Lapse window in days; `None` = the default of metrics.md.
    pub lapse_window: Option<u32>,
    /// Where tenure buckets start, in months.
    pub tenure_starts: Vec<u32>,
    /// The day recency, lapse and tenure are counted to; `None`: the day after the range or
    /// after the data, whichever is first. Nothing on or after it is counted.
    pub as_of: Option<NaiveDate>,
    /// Store and channel values the owner merged.
    pub merges: Vec<crate::analysis::merge::Merge>,
}

impl Default for LoyaltyFilter {
    fn default() -> LoyaltyFilter {
        LoyaltyFilter {
            from: None,
            to: None,
            as_of: None,
            store: None,
            channel: None,
            period: Period::Month,
            lapse_window: None,
            tenure_starts: DEFAULT_TENURE_STARTS.to_vec(),
            merges: Vec::new(),
        }
    }
}

/// The totals of the range just before the chosen one, to show each KPI's change.
#[derive(Clone, Debug)]
pub struct PreviousPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Its totals, under the same store and channel.
    pub summary: SalesSummary,
    /// True when the range starts before the first order loaded: its figures cover less time.
    pub partial: bool,
}

/// One order file's name, orders, and the table they were read from: order lines name
/// their product by the row it is written in.
pub type OrderSource = (String, Arc<OrderRows>, Arc<HeadedTable>);

/// The order frames the Loyalty page was computed from, kept for the customer card.
#[derive(Debug)]
pub struct OrderFrames {
    /// One row per order, every order loaded.
    pub orders: DataFrame,
    /// One row per refund.
    pub refunds: DataFrame,
    /// Each order file's rows, for the lines frame.
    parts: Vec<OrderSource>,
    /// One row per order line, built the first time a card asks: on millions of lines it
    /// costs a second and hundreds of megabytes that no other figure needs.
    lines: std::sync::OnceLock<DataFrame>,
}

impl OrderFrames {
    /// The frames of orders and refunds, with each file's rows for the lines frame.
    pub fn new(orders: DataFrame, refunds: DataFrame, parts: Vec<OrderSource>) -> OrderFrames {
        OrderFrames {
            orders,
            refunds,
            parts,
            lines: std::sync::OnceLock::new(),
        }
    }

    /// Each order file's name, orders and table.
    pub fn files(&self) -> Vec<(&str, &OrderRows, &HeadedTable)> {
        self.parts
            .iter()
            .map(|(name, rows, table)| (name.as_str(), rows.as_ref(), table.as_ref()))
            .collect()
    }

    /// One row per order line of every order file.
    pub fn lines(&self) -> PolarsResult<&DataFrame> {
        if let Some(lines) = self.lines.get() {
            return Ok(lines);
        }
        let parts: Vec<(&str, &OrderRows, &HeadedTable)> = self
            .parts
            .iter()
            .map(|(name, rows, table)| (name.as_str(), rows.as_ref(), table.as_ref()))
            .collect();
        let built = order_lines_frame(&parts)?;
        Ok(self.lines.get_or_init(|| built))
    }
}

/// Everything the Loyalty page draws, computed off the UI thread.
#[derive(Clone, Debug)]
pub struct LoyaltyView {
    /// The choices it was computed with.
    pub filter: LoyaltyFilter,
    /// Totals within the filter.
    pub summary: SalesSummary,
    /// Totals of the range of the same length just before, when the range has a start.
    pub previous: Option<PreviousPeriod>,
    /// The day after the last day counted: the end of the range or the day after the data.
    pub as_of: NaiveDate,
    /// First and last order or refund date in all the data (before filtering).
    pub date_span: (NaiveDate, NaiveDate),
    /// Stores and channels in the orders, for the filters (most frequent spelling).
    pub stores: Vec<String>,
    /// See `stores`.
    pub channels: Vec<String>,
    /// Retention and revenue per customer by first-order period, cohorts starting in range.
    pub cohorts: Vec<Cohort>,
    /// Repeat purchase rate per period in range.
    pub repeat_by_period: Vec<PeriodRepeatRate>,
    /// Customers and revenue per RFM segment.
    pub segments: Vec<SegmentSummary>,
    /// One row per customer who ordered in range, best net revenue first. `first_order` is the
    /// first order ever (under the store and channel filter), the rest counts the range.
    pub customers: Vec<CustomerRfm>,
    /// Each customer's name as their latest order writes it, when an order file has names.
    pub names: HashMap<String, String>,
    /// Each customer's phone as their latest order with one writes it, when an order file has
    /// phones.
    pub phones: HashMap<String, String>,
    /// The lapse window in use, in days.
    pub lapse_window: u32,
    /// The window metrics.md gives for this data.
    pub default_lapse_window: u32,
    /// Indexes into `customers` of the lapsed ones, most valuable first.
    pub lapsed: Vec<usize>,
    /// Customers and revenue per tenure bucket.
    pub tenure: Vec<TenureBucket>,
    /// Order lines that had no customer (they count in revenue only), in every file.
    pub lines_without_customer: usize,
    /// Survey answers in range linked to these customers, when any are.
    pub survey: Option<SurveyAndOrders>,
    /// The frames behind it, for the customer card.
    pub frames: Arc<OrderFrames>,
}

impl LoyaltyView {
    /// The first day of the period still in progress on the as-of date (its last cohort
    /// column and repeat-rate point count only part of it), or `None` when the last period
    /// counted is complete.
    pub fn period_in_progress(&self) -> Option<NaiveDate> {
        let period = self.filter.period;
        let last_day = self.as_of.pred_opt()?;
        (period.next_start(last_day) != self.as_of).then(|| period.start(last_day))
    }

    /// The indexes into `customers` of those whose tenure is in `bucket`.
    pub fn customers_in_tenure(&self, bucket: &TenureBucket) -> Vec<usize> {
        self.customers
            .iter()
            .enumerate()
            .filter(|(_, c)| bucket.contains(rfm::tenure_months(c.first_order, self.as_of)))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Computes the Loyalty page from the workspace's order files and, when given, the survey
/// answers; `None` without orders.
///
/// The store and channel filters apply to every figure. The date range limits what is
/// counted: totals, RFM and segments count the range's orders; cohorts and the repeat-rate
/// trend show the periods that start in the range (a customer's cohort is still the period of
/// their first order ever); nothing after the range counts.
pub fn loyalty_view(
    workspace: &Workspace,
    responses: Option<&DataFrame>,
    filter: &LoyaltyFilter,
) -> PolarsResult<Option<LoyaltyView>> {
    let Some((all_orders, all_refunds)) = workspace.order_frames()? else {
        return Ok(None);
    };
    let (all_orders, all_refunds) = if filter.merges.is_empty() {
        (all_orders, all_refunds)
    } else {
        use crate::analysis::merge::apply_merges;
        (
            apply_merges(&all_orders, &filter.merges)?,
            apply_merges(&all_refunds, &filter.merges)?,
        )
    };
    let Some(data_as_of) = sales::default_as_of(&all_orders, &all_refunds)? else {
        return Ok(None);
    };
    let first_day = [&all_orders, &all_refunds]
        .into_iter()
        .filter_map(|f| date_span_of(f, sales::DATE).ok().flatten())
        .map(|(first, _)| first)
        .min()
        .unwrap_or(data_as_of);
    let date_span = (first_day, data_as_of.pred_opt().unwrap_or(data_as_of));
    let (store, channel) = (filter.store.as_deref(), filter.channel.as_deref());
    // Filtering copies the frames: only when a filter is set.
    let by_place = |frame: &DataFrame| -> PolarsResult<DataFrame> {
        if store.is_some() || channel.is_some() {
            sales::filter_orders(frame, None, None, store, channel)
        } else {
            Ok(frame.clone())
        }
    };
    let orders = by_place(&all_orders)?;
    let refunds = by_place(&all_refunds)?;
    let as_of = match filter.as_of {
        Some(as_of) => as_of,
        None => filter
            .to
            .and_then(|to| to.succ_opt())
            .map_or(data_as_of, |end| end.min(data_as_of)),
    };
    // An as-of date before the range's end ends the range.
    let to = match (filter.to, as_of.pred_opt()) {
        (Some(to), Some(last)) => Some(to.min(last)),
        (None, last) if filter.as_of.is_some() => last,
        (to, _) => to,
    };

    // Read once: every figure below walks the same orders (on millions of them, reading is
    // most of the analysis time).
    let ledger = Ledger::read(&orders, &refunds)?;
    let summary = sales::sales_summary_of(&ledger, filter.from, to);
    let previous = match filter.from {
        Some(from) if from < as_of => {
            let days = (as_of - from).num_days();
            let to = from.pred_opt().unwrap_or(from);
            let start = from - chrono::Duration::days(days);
            Some(PreviousPeriod {
                from: start,
                to,
                summary: sales::sales_summary_of(&ledger, Some(start), Some(to)),
                partial: start < first_day,
            })
        }
        _ => None,
    };

    let customers_of = || -> PolarsResult<Vec<CustomerRfm>> {
        let mut customers = match filter.from {
            Some(from) => rfm::customer_table(
                &sales::filter_orders(&orders, Some(from), None, None, None)?,
                &sales::filter_orders(&refunds, Some(from), None, None, None)?,
                as_of,
            )?,
            None => rfm::customer_table_of(&ledger, as_of),
        };
        if filter.from.is_some() {
            let first_orders: HashMap<String, NaiveDate> = rfm::customer_table_of(&ledger, as_of)
                .into_iter()
                .map(|c| (c.customer, c.first_order))
                .collect();
            for customer in &mut customers {
                if let Some(first) = first_orders.get(&customer.customer) {
                    customer.first_order = *first;
                }
            }
        }
        customers.sort_by(|a, b| {
            b.net_revenue
                .total_cmp(&a.net_revenue)
                .then_with(|| a.customer.cmp(&b.customer))
        });
        Ok(customers)
    };
    let first_period = filter.from.map(|from| filter.period.start(from));
    // The customers above and the cohorts each walk every order: at once, on two cores.
    let by_period = || {
        let mut cohorts = cohorts::cohort_table_of(&ledger, filter.period, as_of);
        cohorts.retain(|c| first_period.is_none_or(|first| c.start >= first));
        let mut repeat_by_period = cohorts::repeat_rate_by_period_of(&ledger, filter.period, as_of);
        repeat_by_period.retain(|p| first_period.is_none_or(|first| p.start >= first));
        (cohorts, repeat_by_period)
    };
    let (customers, (cohorts, repeat_by_period)) =
        crate::parallel::join("cohorts", customers_of, by_period);
    let customers = customers?;
    let default_lapse_window = rfm::lapse_window(summary.median_days_between_orders);
    let lapse_window = filter.lapse_window.unwrap_or(default_lapse_window);
    let lapsed = rfm::lapsed_customers(&customers, lapse_window);
    let survey = match responses {
        Some(responses) if responses.height() > 0 => {
            let answers = nps::filter_date_range(responses, filter.from, to)?;
            let linked = linked::survey_and_orders(&answers, &customers)?;
            (linked.customers > 0).then_some(linked)
        }
        _ => None,
    };
    Ok(Some(LoyaltyView {
        filter: filter.clone(),
        previous,
        date_span,
        stores: category_values(&all_orders, sales::STORE)?,
        channels: category_values(&all_orders, sales::CHANNEL)?,
        cohorts,
        repeat_by_period,
        segments: rfm::rfm_segments(&customers),
        tenure: rfm::tenure_buckets(&customers, as_of, &filter.tenure_starts),
        names: customer_written(workspace, |rows| rows.name_column),
        phones: customer_written(workspace, |rows| rows.phone_column),
        lapse_window,
        default_lapse_window,
        lapsed,
        lines_without_customer: workspace
            .order_files()
            .filter_map(|f| f.orders.as_ref())
            .map(|o| o.lines_without_customer)
            .sum(),
        customers,
        summary,
        as_of,
        survey,
        frames: Arc::new(OrderFrames::new(
            all_orders,
            all_refunds,
            workspace
                .order_files()
                .filter_map(|f| {
                    Some((
                        workspace.source_label(f),
                        Arc::clone(f.orders.as_ref()?),
                        Arc::clone(f.table.as_ref()?),
                    ))
                })
                .collect(),
        )),
    }))
}

/// What each customer's latest order with one writes in the `column` of its file (the first
/// written, on a tie), from every order file that has that column: their name or phone.
fn customer_written(
    workspace: &Workspace,
    column: fn(&OrderRows) -> Option<usize>,
) -> HashMap<String, String> {
    let mut latest: HashMap<&str, (NaiveDate, String)> = HashMap::new();
    for file in workspace.order_files() {
        let (Some(rows), Some(table)) = (file.orders.as_deref(), file.table.as_deref()) else {
            continue;
        };
        let Some(column) = column(rows) else {
            continue;
        };
        for order in &rows.orders {
            let Some(customer) = order.customer.as_deref() else {
                continue;
            };
            match latest.get(customer) {
                Some((date, _)) if *date >= order.date => {}
                _ => {
                    if let Some(text) = rows.order_text(order, table, column) {
                        latest.insert(customer, (order.date, text.into_owned()));
                    }
                }
            }
        }
    }
    latest
        .into_iter()
        .map(|(customer, (_, text))| (customer.to_string(), text))
        .collect()
}

/// First and last date of a frame's date column.
fn date_span_of(frame: &DataFrame, column: &str) -> PolarsResult<Option<(NaiveDate, NaiveDate)>> {
    let dates = frame.column(column)?.cast(&DataType::Date)?;
    let dates = dates.date()?;
    Ok(match (dates.physical().min(), dates.physical().max()) {
        (Some(min), Some(max)) => {
            NaiveDate::from_epoch_days(min).zip(NaiveDate::from_epoch_days(max))
        }
        _ => None,
    })
}

/// The distinct values of a store or channel column, merged ignoring case and blanks and
/// spelled as most rows spell them, sorted.
fn category_values(frame: &DataFrame, column: &str) -> PolarsResult<Vec<String>> {
    // Each spelling counted first, with a fast hash of the text as it is: a million orders
    // are written with a handful of spellings, and only those are lower-cased.
    let values = crate::analysis::nps::text_column(frame, column)?;
    let mut counts: PlHashMap<&str, u32> = PlHashMap::default();
    for value in values.iter().flatten() {
        let value = value.trim();
        if !value.is_empty() {
            *counts.entry(value).or_default() += 1;
        }
    }
    let mut spellings: HashMap<String, HashMap<&str, u32>> = HashMap::new();
    for (value, count) in counts {
        spellings
            .entry(value.to_lowercase())
            .or_default()
            .insert(value, count);
    }
    let mut out: Vec<String> = spellings
        .into_values()
        .filter_map(|counts| {
            counts
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string())
        })
        .collect();
    out.sort_by_key(|s| s.to_lowercase());
    Ok(out)
}

/// Everything the engagement figures show, as `fidelio summary` reports them.
#[derive(Clone, Debug)]
pub struct EngagementView {
    /// Reviews, when a reviews file is loaded.
    pub reviews: Option<engagement::ReviewSummary>,
    /// The loyalty programme, when a members file is loaded.
    pub loyalty: Option<engagement::LoyaltySummary>,
    /// Social posts, when a posts file is loaded.
    pub social: Option<engagement::SocialSummary>,
    /// Scores of every customer with an event, most engaged first.
    pub scores: Vec<engagement::CustomerEngagement>,
    /// Events with a customer (reviews and card sign-ups included).
    pub events: usize,
    /// The weights the scores use.
    pub weights: BTreeMap<String, f64>,
    /// The half-life of the time decay in days, when the scores decay.
    pub half_life_days: Option<f64>,
    /// Card members against other buying customers, with a members file and order files.
    pub members_vs_others: Option<(engagement::BuyerGroup, engagement::BuyerGroup)>,
    /// NPS and repeat rate per engagement quartile.
    pub quartiles: Vec<engagement::QuartileFigures>,
    /// Reviews with text, newest first, for reading and searching.
    pub review_texts: Vec<engagement::ReviewRow>,
    /// The posts with the most interactions.
    pub best_posts: Vec<engagement::PostRow>,
    /// Each customer's index in `scores`, by key, for the customers table and card.
    pub score_index: std::collections::HashMap<String, usize>,
    /// The loyalty programme's members by customer key, with their birth date when the file
    /// gives one; with a members file.
    pub members: Option<HashMap<String, Option<NaiveDate>>>,
}

impl EngagementView {
    /// A customer's engagement, if they have any events.
    pub fn score_of(&self, customer: &str) -> Option<&engagement::CustomerEngagement> {
        self.score_index.get(customer).map(|&i| &self.scores[i])
    }
}

/// What the engagement figures follow.
#[derive(Clone, Debug, PartialEq)]
pub struct EngagementFilter {
    /// Trend period.
    pub period: Period,
    /// Weight of each event type.
    pub weights: BTreeMap<String, f64>,
    /// Half-life of the time decay in days; `None`: no decay.
    pub half_life_days: Option<f64>,
    /// First day included (reviews, events, posts).
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// The day the score's decay counts to; `None`: the day after the last event counted.
    pub as_of: Option<NaiveDate>,
    /// Store values the owner merged (reviews by store).
    pub merges: Vec<crate::analysis::merge::Merge>,
}

impl Default for EngagementFilter {
    fn default() -> EngagementFilter {
        EngagementFilter {
            as_of: None,
            period: Period::Month,
            weights: engagement::default_weights(),
            half_life_days: None,
            from: None,
            to: None,
            merges: Vec::new(),
        }
    }
}

/// Computes the engagement figures of the workspace's engagement files; `None` without any.
/// Membership rate needs order files (members who ordered / customers who ordered). Reviews,
/// events and posts follow the date range (undated ones count only without one); the
/// loyalty programme's totals are the card file's, whatever the dates.
///
/// `customers` are the buying customers (the Loyalty page's customer table), `None` without
/// order files: passed in so a weight change does not read every order again.
pub fn engagement_view(
    workspace: &Workspace,
    responses: Option<&DataFrame>,
    customers: Option<&[CustomerRfm]>,
    filter: &EngagementFilter,
) -> PolarsResult<Option<EngagementView>> {
    let (period, weights, half_life_days) = (filter.period, &filter.weights, filter.half_life_days);
    let (from, to) = (filter.from, filter.to);
    use crate::import::engagement::{EngagementLayout, engagement_frames};
    let rows: Vec<&crate::import::engagement::EngagementRows> = workspace
        .engagement_files()
        .filter_map(|f| f.engagement.as_deref())
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let has = |layout: EngagementLayout| rows.iter().any(|r| r.layout == layout);
    let mut frames = engagement_frames(&rows)?;
    if !filter.merges.is_empty() {
        frames.reviews = crate::analysis::merge::apply_merges(&frames.reviews, &filter.merges)?;
    }
    let buyers: Option<Vec<String>> =
        customers.map(|customers| customers.iter().map(|c| c.customer.clone()).collect());
    // Decay counts from the day after the last event counted.
    let as_of = match filter.as_of {
        Some(as_of) => Some(as_of),
        None => date_span_of(&frames.events, engagement::DATE)?
            .and_then(|(_, last)| last.succ_opt())
            .map(|end| to.and_then(|to| to.succ_opt()).map_or(end, |t| t.min(end))),
    };
    let scores = match as_of {
        Some(as_of) => {
            engagement::engagement_scores(&frames.events, weights, half_life_days, as_of, from, to)?
        }
        // Without dates there is nothing to decay from.
        None => engagement::engagement_scores(
            &frames.events,
            weights,
            None,
            NaiveDate::default(),
            from,
            to,
        )?,
    };
    let posts = sales::filter_orders(&frames.posts, from, to, None, None)?;
    let events_in_range = sales::filter_orders(&frames.events, from, to, None, None)?;
    let events = nps::text_column(&events_in_range, engagement::CUSTOMER)?
        .iter()
        .filter(|k| nps::non_blank(*k).is_some())
        .count();
    Ok(Some(EngagementView {
        reviews: if has(EngagementLayout::Reviews) {
            Some(engagement::review_summary(
                &frames.reviews,
                period,
                from,
                to,
            )?)
        } else {
            None
        },
        loyalty: if has(EngagementLayout::Members) {
            Some(engagement::loyalty_summary(
                &frames.members,
                buyers.as_deref(),
            )?)
        } else {
            None
        },
        social: if has(EngagementLayout::Posts) {
            Some(engagement::social_summary(&posts, period)?)
        } else {
            None
        },
        members_vs_others: match (has(EngagementLayout::Members), customers) {
            (true, Some(customers)) => Some(engagement::members_vs_non_members(
                &frames.members,
                customers,
            )?),
            _ => None,
        },
        quartiles: engagement::figures_by_quartile(
            &scores,
            responses,
            customers.unwrap_or_default(),
        )?,
        review_texts: engagement::reviews_with_text(&frames.reviews, from, to)?,
        best_posts: engagement::best_posts(&posts, 10)?,
        score_index: scores
            .iter()
            .enumerate()
            .map(|(i, s)| (s.customer.clone(), i))
            .collect(),
        members: if has(EngagementLayout::Members) {
            let births = nps::date_column(&frames.members, engagement::BIRTH_DATE)?;
            let mut members: HashMap<String, Option<NaiveDate>> = HashMap::new();
            for (key, born) in nps::text_column(&frames.members, engagement::CUSTOMER)?
                .iter()
                .zip(births.physical().iter())
            {
                if let Some(key) = nps::non_blank(key) {
                    let born = born.and_then(NaiveDate::from_epoch_days);
                    let slot = members.entry(key.to_string()).or_default();
                    *slot = slot.or(born);
                }
            }
            Some(members)
        } else {
            None
        },
        scores,
        events,
        weights: weights.clone(),
        half_life_days,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::pipeline::{ImportOptions, import_bytes};

    #[test]
    fn a_store_is_spelled_as_most_rows_spell_it_and_a_tie_goes_to_the_spelling_first_by_bytes() {
        let stores = [
            Some("Milano"),
            Some(" milano "),
            Some("MILANO"),
            Some("milano"),
            None,
            Some("  "),
            Some("Roma"),
            Some("ROMA"),
            Some("verona"),
        ];
        let frame =
            DataFrame::new_infer_height(vec![Column::new(sales::STORE.into(), stores)]).unwrap();
        // milano 2 rows against 1 each; Roma and ROMA tie, and "ROMA" sorts first by bytes.
        assert_eq!(
            category_values(&frame, sales::STORE).unwrap(),
            ["milano", "ROMA", "verona"]
        );
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Six orders of three customers in two stores, figures below counted by hand.
    fn shop() -> Workspace {
        let csv = "Order,Date,Email,Total,Store\n\
                   1,2026-01-05,a@x.it,10,Milano\n\
                   2,2026-01-20,b@x.it,20,Verona\n\
                   3,2026-02-03,A@x.it,30,Milano\n\
                   4,2026-02-10,c@x.it,40,Milano\n\
                   5,2026-02-25,b@x.it,50,Verona\n\
                   6,2026-03-01,c@x.it,60,milano\n";
        let file = import_bytes(
            std::path::Path::new("orders.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        assert_eq!(file.kind, FileKind::Orders, "{:?}", file.error);
        Workspace { files: vec![file] }
    }

    #[test]
    fn detractors_without_a_contact_are_counted_not_listed_to_call_back() {
        let csv = "Date,Score,Comment,Email\n\
                   2026-01-01,3,Slow,\n\
                   2026-01-02,9,Good,\n\
                   2026-01-03,5,Meh,b@x.it\n\
                   2026-01-04,0,Rude,\n";
        let file = import_bytes(
            std::path::Path::new("answers.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        let workspace = Workspace { files: vec![file] };
        let responses = workspace.responses().unwrap().unwrap();
        let view = nps_view(&responses, &[], NpsFilter::default()).unwrap();
        // Three detractors (3, 5, 0); only the 5 left a way to reach them.
        assert_eq!(view.figures.summary.detractors, 3);
        assert_eq!(view.follow_up.len(), 1);
        assert_eq!(view.follow_up[0].email.as_deref(), Some("b@x.it"));
        assert_eq!(view.unreachable_detractors, 2);
    }

    #[test]
    fn a_month_is_compared_with_the_same_number_of_days_before_it() {
        let filter = LoyaltyFilter {
            from: Some(day("2026-02-01")),
            to: Some(day("2026-02-28")),
            ..LoyaltyFilter::default()
        };
        let view = loyalty_view(&shop(), None, &filter).unwrap().unwrap();
        // February: orders 3, 4, 5 of a, c, b; c is new, a and b had ordered in January.
        assert_eq!(view.summary.orders, 3);
        assert_eq!(view.summary.customers, 3);
        assert_eq!(view.summary.revenue, 120.0);
        assert_eq!(
            (view.summary.new_customers, view.summary.returning_customers),
            (1, 2)
        );
        assert_eq!(view.as_of, day("2026-03-01"));
        // The 28 days before: 4-31 January, orders 1 and 2. It starts before the first order.
        let previous = view.previous.as_ref().unwrap();
        assert_eq!(
            (previous.from, previous.to),
            (day("2026-01-04"), day("2026-01-31"))
        );
        assert_eq!(previous.summary.orders, 2);
        assert_eq!(previous.summary.revenue, 30.0);
        assert!(previous.partial);
        // Only February's cohort: c, with nothing after February counted.
        assert_eq!(view.cohorts.len(), 1);
        assert_eq!(view.cohorts[0].customers, 1);
        assert_eq!(view.cohorts[0].retention, [1.0]);
        // a has one order in range, but their first order is still 5 January.
        let a = view
            .customers
            .iter()
            .find(|c| c.customer == "a@x.it")
            .unwrap();
        assert_eq!(a.orders, 1);
        assert_eq!(a.first_order, day("2026-01-05"));
        assert_eq!(view.date_span, (day("2026-01-05"), day("2026-03-01")));
    }

    #[test]
    fn order_lines_name_the_product_written_on_their_row() {
        // Two orders of two lines and one of one, with a blank product, across rows that
        // are not in order id order; the lines read their product from the kept table.
        let csv = "Order;Date;Email;Product;Qty;Price\n\
                   7;2026-01-05;a@x.it;Tazza;2;4,50\n\
                   7;2026-01-05;a@x.it;Teiera;1;20\n\
                   3;2026-01-09;b@x.it;;1;8\n\
                   9;2026-01-11;a@x.it;Tè verde;3;5\n\
                   9;2026-01-11;a@x.it; Tazza ;1;4,50\n";
        let file = import_bytes(
            std::path::Path::new("righe.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        assert_eq!(file.kind, FileKind::Orders, "{:?}", file.error);
        let workspace = Workspace { files: vec![file] };
        let view = loyalty_view(&workspace, None, &LoyaltyFilter::default())
            .unwrap()
            .unwrap();
        let lines = view.frames.lines().unwrap();
        let texts = |name: &str| -> Vec<Option<String>> {
            let column = lines.column(name).unwrap().cast(&DataType::String).unwrap();
            let column = column.str().unwrap();
            column.iter().map(|v| v.map(str::to_string)).collect()
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            texts(sales::ORDER_ID),
            [some("7"), some("7"), some("3"), some("9"), some("9")]
        );
        assert_eq!(
            texts(crate::analysis::customer::PRODUCT),
            [
                some("Tazza"),
                some("Teiera"),
                None,
                some("Tè verde"),
                some("Tazza")
            ]
        );
        assert_eq!(
            texts(sales::SOURCE_ROW),
            [some("1"), some("2"), some("3"), some("4"), some("5")]
        );
    }

    #[test]
    fn the_last_period_is_in_progress_unless_the_data_ends_with_it() {
        // The shop's last order is on 1 March: as of 2 March, March has one day of data.
        let view = loyalty_view(&shop(), None, &LoyaltyFilter::default())
            .unwrap()
            .unwrap();
        assert_eq!(view.period_in_progress(), Some(day("2026-03-01")));
        // Up to 28 February: February is complete.
        let filter = LoyaltyFilter {
            to: Some(day("2026-02-28")),
            ..LoyaltyFilter::default()
        };
        let view = loyalty_view(&shop(), None, &filter).unwrap().unwrap();
        assert_eq!(view.period_in_progress(), None);
        // As of 1 April by quarter: the first quarter is complete.
        let filter = LoyaltyFilter {
            as_of: Some(day("2026-04-01")),
            period: Period::Quarter,
            ..LoyaltyFilter::default()
        };
        let view = loyalty_view(&shop(), None, &filter).unwrap().unwrap();
        assert_eq!(view.period_in_progress(), None);
    }

    #[test]
    fn customers_are_named_as_their_latest_order_writes_it() {
        let csv = "Order,Date,Email,Name,Total\n\
                   1,2026-01-05,a@x.it,Anna Rossi,10\n\
                   2,2026-01-20,b@x.it,,20\n\
                   3,2026-02-03,A@x.it,Anna Bianchi,30\n\
                   4,2026-01-10,a@x.it,Anna R.,40\n";
        let file = import_bytes(
            std::path::Path::new("orders.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        assert_eq!(file.kind, FileKind::Orders, "{:?}", file.error);
        let workspace = Workspace { files: vec![file] };
        let view = loyalty_view(&workspace, None, &LoyaltyFilter::default())
            .unwrap()
            .unwrap();
        // a's latest order is 3 (3 February); b wrote no name.
        assert_eq!(
            view.names.get("a@x.it").map(String::as_str),
            Some("Anna Bianchi")
        );
        assert_eq!(view.names.get("b@x.it"), None);
        assert_eq!(view.names.len(), 1);
        // Without a name column there are no names.
        assert!(shop_view_names().is_empty());
    }

    fn shop_view_names() -> HashMap<String, String> {
        loyalty_view(&shop(), None, &LoyaltyFilter::default())
            .unwrap()
            .unwrap()
            .names
    }

    #[test]
    fn a_store_filter_applies_to_every_figure() {
        let filter = LoyaltyFilter {
            store: Some("MILANO".to_string()),
            ..LoyaltyFilter::default()
        };
        let view = loyalty_view(&shop(), None, &filter).unwrap().unwrap();
        // Milano: orders 1, 3, 4, 6 of a and c.
        assert_eq!(view.summary.orders, 4);
        assert_eq!(view.summary.customers, 2);
        assert_eq!(view.summary.revenue, 140.0);
        assert_eq!(view.customers.len(), 2);
        assert!(view.previous.is_none());
        // Stores merge "Milano" and "milano" under the spelling most rows use.
        assert_eq!(view.stores, ["Milano", "Verona"]);
        let in_cohorts: u32 = view.cohorts.iter().map(|c| c.customers).sum();
        assert_eq!(in_cohorts, 2);
    }

    #[test]
    fn the_lapse_window_can_be_set_and_tenure_buckets_hold_every_customer() {
        let filter = LoyaltyFilter {
            lapse_window: Some(30),
            tenure_starts: vec![1],
            ..LoyaltyFilter::default()
        };
        let view = loyalty_view(&shop(), None, &filter).unwrap().unwrap();
        // As of 2 March: a last ordered 3 Feb (27 days), b 25 Feb, c 1 Mar: nobody past 30.
        assert_eq!(view.lapse_window, 30);
        assert!(view.lapsed.is_empty());
        let filter = LoyaltyFilter {
            lapse_window: Some(20),
            ..filter
        };
        let view = loyalty_view(&shop(), None, &filter).unwrap().unwrap();
        let lapsed: Vec<&str> = view
            .lapsed
            .iter()
            .map(|&i| view.customers[i].customer.as_str())
            .collect();
        assert_eq!(lapsed, ["a@x.it"]);
        // Tenure as of 2 March: a (5 Jan) and b (20 Jan) 1 month, c (10 Feb) 0 months.
        let counts: Vec<u32> = view.tenure.iter().map(|b| b.customers).collect();
        assert_eq!(counts, [1, 2]);
        assert_eq!(view.customers_in_tenure(&view.tenure[0]).len(), 1);
    }
}
