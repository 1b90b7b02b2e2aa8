//! The command line: `fidelio [FILE]...` opens the window, `fidelio summary ...` prints the
//! figures as JSON without one.

pub mod actions;
pub mod report;
pub mod summary;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use chrono::NaiveDate;

use crate::analysis::period::Period;
use crate::figures::Scope;
use crate::i18n::Lang;
use crate::import::roles::{FileKind, Role};
use crate::workspace::Workspace;
use crate::workspace_file::SavedWorkspace;

/// Fidelio: how loyal are your customers? Opens the window with FILE... loaded, or runs a
/// command without a window.
#[derive(Debug, Parser)]
#[command(name = "fidelio", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A command to run without a window.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files to open in the window: survey answers, orders, reviews, loyalty cards, customer
    /// events, social posts (.csv, .tsv, .txt, .xlsx, .xls, .ods).
    pub files: Vec<PathBuf>,
}

/// Windowless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import FILE... exactly as the app does and print one JSON object on stdout:
    /// {"scope": {...}, "files": [...], "nps": {...}, "sales": {...}, "engagement": {...}, "predictions": {...}, "cross_sell": {...}}. Exit status: 0 when every file was used, 1 when a file
    /// was refused (its entry has "error" and stderr has "FILE: reason"), 2 for bad arguments.
    Summary(SummaryArgs),
    /// Import FILE... and write a report folder: every chart as PNG, every table as CSV and
    /// XLSX, summary.json and report.html (images embedded), without a window or display.
    /// Exit status: 0 when done, 1 when a file was refused or something could not be written,
    /// 2 for bad arguments (including a non-empty --out without --force).
    Report(ReportArgs),
    /// Import FILE... and write this week's list of what to do, per customer, for mail merge:
    /// --out FILE.csv or FILE.xlsx (contact, action, reason, value at stake, message). Actions a
    /// --workspace marked done or not now are left out. Exit status: 0 when written, 1 when
    /// there is nothing to act on or it could not be written, 2 for bad arguments.
    Actions(ActionsArgs),
    /// Print one customer's card as JSON: totals, segment, predictions, suggestions and
    /// actions. KEY as the export writes it: email, customer number or phone.
    Customer(CustomerArgs),
}

/// Arguments of `fidelio actions`.
#[derive(Debug, clap::Args)]
pub struct ActionsArgs {
    /// The list to write: .csv or .xlsx.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Language of the list and its messages: it or en (default: the system language).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
    /// Only this action: call_back, win_back, birthday, thank_promoter, welcome_second, invite_loyalty,
    /// cross_sell, propose_popular, up_sell.
    #[arg(long, value_parser = actions::parse_action)]
    pub action: Option<crate::analysis::actions::ActionKind>,
    /// Which files to read and how.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Which figures.
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// Arguments of `fidelio customer`.
#[derive(Debug, clap::Args)]
pub struct CustomerArgs {
    /// The customer: email, customer number or phone, as the export writes it.
    pub key: String,
    /// Which files to read and how.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Which figures.
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// Arguments of `fidelio report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Folder to write into (created if missing; must be empty unless --force).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Language of the report: it or en (default: the system language).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
    /// Image size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Pixels per point: 2 draws text and lines twice as large, for crisp print.
    #[arg(long, default_value_t = 2.0, value_parser = parse_scale)]
    pub scale: f32,
    /// Dark chart background instead of the light one made for print.
    #[arg(long)]
    pub dark: bool,
    /// Write into --out even if it already holds files (existing files with the same names are replaced).
    #[arg(long)]
    pub force: bool,
    /// Which files to read and how.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Which figures.
    #[command(flatten)]
    pub scope: ScopeArgs,
}

fn parse_megabytes(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(mb) if mb >= 1 => Ok(mb.saturating_mul(1_000_000)),
        _ => Err(format!(
            "'{text}' is not a size in MB: write a whole number, e.g. 3000"
        )),
    }
}

fn parse_lang(text: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::from_locale(text)
        .ok_or_else(|| format!("'{text}' is not a language: use it or en"))
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("'{text}' is not a size: write WIDTHxHEIGHT, e.g. 1600x900");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if !(100..=8000).contains(&w) || !(100..=8000).contains(&h) {
        return Err(format!(
            "'{text}': width and height must be between 100 and 8000 pixels"
        ));
    }
    Ok((w, h))
}

fn parse_scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(s) if (0.5..=8.0).contains(&s) => Ok(s),
        _ => Err(format!(
            "'{text}' is not a scale: use a number from 0.5 to 8, e.g. 2"
        )),
    }
}

/// Arguments of `fidelio summary`.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// Which files to read and how.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Which figures.
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// How the files are read: the same for every command.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Use the column HEADER for ROLE in every file that has it, e.g. --map score="Voto".
    /// Roles: date, score, comment, email, name, phone, customer_id, store, channel, segment,
    /// ignore; for orders order_id, order_total, line_amount, quantity, unit_price, product,
    /// category, status; for engagement rating, points_earned, points_redeemed, event_type, reach, likes,
    /// comments, shares, interactions, post_type. A role only one kind of file has settles the
    /// file's kind.
    #[arg(long = "map", value_name = "ROLE=HEADER", value_parser = parse_mapping)]
    pub mappings: Vec<(Role, String)>,
    /// What every FILE holds, when detection should not decide: orders, survey, or for
    /// engagement files reviews, loyalty, events, social (or engagement).
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<FileKind>,
    /// The largest file to read, in MB (default: a third of the memory free now, at most
    /// 4,294 MB).
    #[arg(long, value_name = "MB", value_parser = parse_megabytes)]
    pub max_file_size: Option<u64>,
    /// A workspace saved by the window (.fidelio): its files, column roles, filters, merges
    /// and goals. FILEs and the other options are added to it.
    #[arg(long, value_name = "FILE.fidelio")]
    pub workspace: Option<PathBuf>,
    /// The exports to read: survey answers, orders, reviews, loyalty cards, customer events,
    /// social posts (.csv, .tsv, .txt, .xlsx, .xls, .ods).
    #[arg(required_unless_present = "workspace")]
    pub files: Vec<PathBuf>,
}

impl ImportArgs {
    /// The import options these arguments give.
    pub fn options(&self) -> crate::import::pipeline::ImportOptions {
        crate::import::pipeline::ImportOptions {
            overrides: self.mappings.clone(),
            kind: self.kind,
            max_file_bytes: self.max_file_size,
            ..crate::import::pipeline::ImportOptions::default()
        }
    }

    /// Every file imported exactly as the window imports it.
    pub fn import(&self) -> Workspace {
        let options = self.options();
        Workspace {
            files: self
                .files
                .iter()
                .map(|path| crate::import::pipeline::import_path(path, &options))
                .collect(),
        }
    }

    /// The `--workspace`'s files (each with its saved roles and sheet; a missing one said on
    /// stderr, a changed one too) and then the FILEs, with the saved workspace; `Err` with the
    /// message when the workspace file cannot be used.
    pub fn open(&self, lang: Lang) -> Result<(Workspace, Option<SavedWorkspace>), String> {
        let Some(at) = &self.workspace else {
            return Ok((self.import(), None));
        };
        let saved = crate::workspace_file::read(at).map_err(|e| e.message(lang, at))?;
        let options =
            |file: &crate::workspace_file::SavedFile| crate::import::pipeline::ImportOptions {
                overrides: self.mappings.clone(),
                kind: self.kind,
                max_file_bytes: self.max_file_size,
                ..SavedWorkspace::import_options(file)
            };
        let read = saved.read_files(at, lang, options, |_, _, _| {});
        for file in &read.missing {
            eprintln!(
                "fidelio: {}",
                crate::workspace_file::missing_text(lang, file)
            );
        }
        for change in &read.changes {
            eprintln!("fidelio: {change}");
        }
        let mut files = read.files;
        files.extend(self.import().files);
        Ok((Workspace { files }, Some(saved)))
    }
}

/// Which figures: the window's filters, on the command line. Dates are `2026-03-01` or
/// `01/03/2026`.
#[derive(Debug, clap::Args)]
pub struct ScopeArgs {
    /// Trend and cohort period: week (ISO, 2026-W07), month (2026-02, the default) or
    /// quarter (2026-Q1).
    #[arg(long, value_parser = parse_period)]
    pub period: Option<Period>,
    /// First day counted.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day counted.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Count recency, lapse and tenure to this day (default: the day after --to or after the
    /// data); nothing on or after it is counted.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Only this store (ignoring case): its orders, and answers that name a store.
    #[arg(long, value_name = "NAME")]
    pub store: Option<String>,
    /// Only this channel (ignoring case), as --store.
    #[arg(long, value_name = "NAME")]
    pub channel: Option<String>,
    /// Lapse window in days (default: 3 × the median days between orders, at least 30).
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub lapse_days: Option<u32>,
    /// Where tenure buckets start, in months, e.g. 0,3,6,12,36.
    #[arg(long, value_name = "MONTHS", value_parser = parse_tenure)]
    pub tenure: Option<TenureStarts>,
    /// Half-life of the engagement score's time decay, in days (default: no decay).
    #[arg(long, value_name = "DAYS", value_parser = parse_half_life)]
    pub half_life: Option<f64>,
    /// Weight of one event type in the engagement score, e.g. --weight review=8. Types:
    /// like, comment, share, review, sign_up, referral, points_earned, points_redeemed, or
    /// one an events file names.
    #[arg(long = "weight", value_name = "EVENT=WEIGHT", value_parser = parse_weight)]
    pub weights: Vec<(String, f64)>,
    /// The shop's currency for amounts whose files name none, as a code (EUR, CHF, USD);
    /// default: the euro in an Italian report, none in English.
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    pub currency: Option<String>,
    /// Count one value of the store or channel as another, e.g. --merge "channel:In store=negozio".
    #[arg(long = "merge", value_name = "COLUMN:VALUE=INTO", value_parser = parse_merge)]
    pub merges: Vec<crate::analysis::merge::Merge>,
    /// A goal to judge, e.g. --goal "nps>=40@2026-Q4" or "repeat_purchase_rate>=0.45@2026-12":
    /// a figure named as in the summary's JSON, >= or <=, the target, @ and a month, quarter,
    /// half-year (2026-H2) or year. Judged on --as-of, else the day after the latest data.
    #[arg(long = "goal", value_name = "KPI>=VALUE@PERIOD", value_parser = crate::analysis::goals::Goal::parse)]
    pub goals: Vec<crate::analysis::goals::Goal>,
    /// Predicts each customer's purchases and value over this many weeks (default 13, a
    /// quarter; 0: no `predictions` object).
    #[arg(long, value_name = "WEEKS", value_parser = clap::value_parser!(u32).range(0..=520))]
    pub horizon_weeks: Option<u32>,
    /// Lists the products bought together in at least N orders (default 5, or one order in a
    /// thousand beyond 5,000 orders; 0: no `cross_sell` object).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub min_baskets: Option<u32>,
}

impl ScopeArgs {
    /// The scope these arguments select, for a report in `lang`; the rest as the window
    /// starts in that language.
    pub fn scope_in(&self, lang: Lang) -> Scope {
        let settings = crate::settings::Settings {
            language: Some(lang),
            currency: self.currency.clone(),
            ..Default::default()
        };
        Scope {
            currency: settings.currency(),
            ..self.scope()
        }
    }

    /// The scope these arguments select; the rest as the window starts.
    pub fn scope(&self) -> Scope {
        self.scope_over(Scope::default())
    }

    /// `base` (a saved workspace's scope) with what these arguments say laid over it: the
    /// options given replace its values, merges, weights and goals are added.
    pub fn scope_over(&self, base: Scope) -> Scope {
        let text = |t: &Option<String>| t.clone().filter(|s| !s.trim().is_empty());
        let mut weights = base.weights;
        weights.extend(self.weights.iter().cloned());
        let mut merges = base.merges;
        merges.extend(self.merges.iter().cloned());
        let mut goals = base.goals;
        goals.extend(self.goals.iter().cloned());
        Scope {
            from: self.from.or(base.from),
            to: self.to.or(base.to),
            as_of: self.as_of.or(base.as_of),
            period: self.period.unwrap_or(base.period),
            store: self
                .store
                .as_ref()
                .map_or(base.store, |_| text(&self.store)),
            channel: self
                .channel
                .as_ref()
                .map_or(base.channel, |_| text(&self.channel)),
            lapse_window: self.lapse_days.or(base.lapse_window),
            tenure_starts: self.tenure.clone().map_or(base.tenure_starts, |t| t.0),
            half_life_days: self.half_life.or(base.half_life_days),
            weights,
            currency: match &self.currency {
                Some(code) => Some(code.clone()).filter(|c| !c.is_empty()),
                None => base.currency,
            },
            merges,
            goals,
            horizon_weeks: self.horizon_weeks.unwrap_or(base.horizon_weeks),
            // A workspace saved before the pairs were counted by default says 0: automatic now,
            // as the window reads it.
            min_baskets: self.min_baskets.or(base.min_baskets.filter(|&n| n != 0)),
        }
    }
}

fn parse_merge(text: &str) -> Result<crate::analysis::merge::Merge, String> {
    let wrong = || {
        format!(
            "'{text}' is not a merge: write the column, a colon, the value, = and what it counts as, e.g. \"channel:In store=negozio\""
        )
    };
    let (column, rest) = text.split_once(':').ok_or_else(wrong)?;
    let (from, into) = rest.split_once('=').ok_or_else(wrong)?;
    let column = column.trim().to_lowercase();
    if column.is_empty() || from.trim().is_empty() || into.trim().is_empty() {
        return Err(wrong());
    }
    Ok(crate::analysis::merge::Merge {
        column,
        from: from.trim().to_string(),
        into: into.trim().to_string(),
    })
}

fn parse_currency(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    if code.is_empty() || (code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic())) {
        Ok(code)
    } else {
        Err(format!(
            "'{text}' is not a currency code: write three letters, e.g. EUR, CHF or USD"
        ))
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| format!("'{text}' is not a date: write 2026-03-01 or 01/03/2026"))
}

/// Tenure bucket starts in months, as one argument (clap would take a `Vec` for many).
#[derive(Clone, Debug)]
pub struct TenureStarts(pub Vec<u32>);

fn parse_tenure(text: &str) -> Result<TenureStarts, String> {
    crate::figures::parse_tenure_starts(text)
        .map(TenureStarts)
        .ok_or_else(|| {
            format!(
                "'{text}' is not a list of months: write rising whole numbers, e.g. 0,3,6,12,36"
            )
        })
}

fn parse_weight(text: &str) -> Result<(String, f64), String> {
    let bad = || format!("'{text}' is not EVENT=WEIGHT (e.g. review=8)");
    let (event, weight) = text.split_once('=').ok_or_else(bad)?;
    let event = event.trim().to_lowercase();
    match weight.trim().replace(',', ".").parse::<f64>() {
        Ok(weight) if !event.is_empty() && weight.is_finite() && (0.0..=1e6).contains(&weight) => {
            Ok((event, weight))
        }
        _ => Err(bad()),
    }
}

fn parse_half_life(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(days) if days.is_finite() && days > 0.0 && days <= 36500.0 => Ok(days),
        _ => Err(format!(
            "'{text}' is not a half-life: write a number of days, e.g. 90"
        )),
    }
}

fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse(text)
        .ok_or_else(|| format!("'{text}' is not a period: use week, month or quarter"))
}

fn parse_kind(text: &str) -> Result<FileKind, String> {
    FileKind::parse(text).ok_or_else(|| {
        format!("'{text}' is not a kind: use orders, survey, reviews, loyalty, events or social")
    })
}

fn parse_mapping(text: &str) -> Result<(Role, String), String> {
    let (role, header) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}' is not ROLE=HEADER (e.g. score=Voto)"))?;
    let role = Role::parse(role).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("'{role}' is not a role: use one of {}", names.join(", "))
    })?;
    if header.trim().is_empty() {
        return Err(format!("--map {text}: the header after '=' is empty"));
    }
    Ok((role, header.to_string()))
}
