//! The command line: `fidelio [FILE]...` opens the window, `fidelio summary ...` prints the
//! figures as JSON without one.

pub mod summary;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::analysis::period::Period;
use crate::import::roles::Role;

/// Fidelio: how loyal are your customers? Opens the window with FILE... loaded, or runs a
/// command without a window.
#[derive(Debug, Parser)]
#[command(name = "fidelio", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A command to run without a window.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files to open in the window (survey answers as .csv, .tsv, .txt, .xlsx, .xls, .ods).
    pub files: Vec<PathBuf>,
}

/// Windowless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import FILE... exactly as the app does and print one JSON object on stdout:
    /// {"files": [...], "nps": {...}}. Exit status: 0 when every file was used, 1 when a file
    /// was refused (its entry has "error" and stderr has "FILE: reason"), 2 for bad arguments.
    Summary(SummaryArgs),
}

/// Arguments of `fidelio summary`.
#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// Trend period: week (ISO, 2026-W07), month (2026-02) or quarter (2026-Q1).
    #[arg(long, default_value = "month", value_parser = parse_period)]
    pub period: Period,
    /// Use the column HEADER for ROLE in every file that has it, e.g. --map score="Voto".
    /// Roles: date, score, comment, email, name, phone, customer_id, store, channel, segment,
    /// ignore.
    #[arg(long = "map", value_name = "ROLE=HEADER", value_parser = parse_mapping)]
    pub mappings: Vec<(Role, String)>,
    /// The exports to read.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse(text)
        .ok_or_else(|| format!("'{text}' is not a period: use week, month or quarter"))
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
