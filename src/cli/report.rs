//! `fidelio report`: the report folder the window's "Export report…" writes, from the command
//! line, on a machine without a display.

use crate::cli::ReportArgs;
use crate::export::image::ImageOptions;
use crate::export::report::{ReportError, ReportOptions, write_report};
use crate::figures::compute;
use crate::i18n::Lang;

/// Runs `fidelio report` and returns the process exit status.
pub fn run(args: &ReportArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(Lang::from_system);
    let (workspace, saved) = match args.import.open(lang) {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("fidelio: {message}");
            return 2;
        }
    };
    let mut refused = false;
    for file in &workspace.files {
        if let Some(error) = &file.error {
            refused = true;
            eprintln!("{}: {}", file.path.display(), error.message(lang));
        }
    }
    let saved_actions = saved
        .as_ref()
        .map(|s| (s.actions.clone(), s.templates.clone()))
        .unwrap_or_default();
    let scope = match saved {
        Some(saved) => args.scope.scope_over(saved.scope),
        None => args.scope.scope_in(lang),
    };
    let figures = match compute(&workspace, &scope) {
        Ok(figures) => figures,
        Err(error) => {
            eprintln!("fidelio: the analysis failed: {error:#}");
            return 1;
        }
    };
    let report_options = ReportOptions {
        lang,
        image: ImageOptions {
            width: args.size.0,
            height: args.size.1,
            scale: args.scale,
            dark: args.dark,
            footer: String::new(),
        },
        force: args.force,
        made_on: chrono::Local::now().date_naive(),
        review: None,
        actions: saved_actions,
    };
    match write_report(&args.out, &workspace, &figures, &report_options, |_, _| {}) {
        Ok(files) => {
            let wrote = lang.t("wrote", "scritti");
            let files_in = lang.t("files to", "file in");
            eprintln!(
                "fidelio: {wrote} {} {files_in} {}",
                files.files.len(),
                args.out.display()
            );
            i32::from(refused)
        }
        Err(error @ ReportError::NotEmpty(_)) => {
            eprintln!("fidelio: {}", error.message(lang));
            2
        }
        Err(error) => {
            eprintln!("fidelio: {}", error.message(lang));
            1
        }
    }
}
