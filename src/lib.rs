//! Fidelio: tells a small shop how loyal its customers are, from the spreadsheets its tools
//! export. The library holds everything but the process entry point, so tests and the CLI reach
//! the same code the window uses.
//!
//! Layout (one direction of dependency, top to bottom):
//! - `import`: bytes -> text/cells -> raw table -> header -> kind and column roles -> validated
//!   rows plus row problems.
//! - `analysis`: pure functions from validated polars frames to plain result structs.
//! - `workspace`: the loaded files and the figures drawn from them, shared by window and CLI.
//! - `charts`: chart descriptions built from analysis results, drawn by the UI (and exports).
//! - `cli`: the windowless commands (`fidelio summary`).
//! - `ui`: the egui app: pages, commands, background tasks.
//! - `i18n`, `settings`, `demo`: languages, what is remembered, the built-in demo shop.

pub mod analysis;
pub mod charts;
pub mod cli;
pub mod demo;
pub mod export;
pub mod figures;
pub mod i18n;
pub mod import;
pub mod pages;
pub mod parallel;
pub mod settings;
pub mod summary;
pub mod text;
pub mod ui;
pub mod workspace;
pub mod workspace_file;
