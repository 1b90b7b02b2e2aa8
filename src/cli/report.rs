//! `fidelio report`: the report folder the window's "Export report…" writes, from the command
//! line, on a machine without a display.

use crate::cli::ReportArgs;
use crate::export::image::ImageOptions;
use crate::export::report::{ReportError, ReportOptions, ReportViews, write_report};
use crate::i18n::Lang;
use crate::import::pipeline::{ImportOptions, import_path};
use crate::summary::summary_json;
use crate::workspace::{
    EngagementFilter, LoyaltyFilter, NpsFilter, Workspace, engagement_view, loyalty_view, nps_view,
};

/// Runs `fidelio report` and returns the process exit status.
pub fn run(args: &ReportArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(Lang::from_system);
    let options = ImportOptions {
        overrides: args.mappings.clone(),
        kind: args.kind,
        max_file_bytes: args.max_file_size,
        ..ImportOptions::default()
    };
    let workspace = Workspace {
        files: args
            .files
            .iter()
            .map(|path| import_path(path, &options))
            .collect(),
    };
    let mut refused = false;
    for file in &workspace.files {
        if let Some(error) = &file.error {
            refused = true;
            eprintln!("{}: {}", file.path.display(), error.message(lang));
        }
    }
    let analysed = (|| -> anyhow::Result<_> {
        let summary = summary_json(&workspace, args.period)?;
        let responses = workspace.responses()?;
        let view = match &responses {
            Some(responses) => {
                let filter = NpsFilter {
                    period: args.period,
                    ..NpsFilter::default()
                };
                Some(nps_view(responses, &workspace.survey_categories(), filter)?)
            }
            None => None,
        };
        // Cohorts follow --period, as the `sales` object of summary.json beside them does.
        let loyalty_filter = LoyaltyFilter {
            period: args.period,
            ..LoyaltyFilter::default()
        };
        let loyalty = loyalty_view(&workspace, responses.as_ref(), &loyalty_filter)?;
        let engagement_filter = EngagementFilter {
            period: args.period,
            ..EngagementFilter::default()
        };
        let customers = loyalty.as_ref().map(|l| l.customers.as_slice());
        let engagement = engagement_view(
            &workspace,
            responses.as_ref(),
            customers,
            &engagement_filter,
        )?;
        Ok((summary, view, loyalty, engagement))
    })();
    let (summary, view, loyalty, engagement) = match analysed {
        Ok(result) => result,
        Err(error) => {
            eprintln!("fidelio: the analysis failed: {error:#}");
            return 1;
        }
    };
    let report_options = ReportOptions {
        lang,
        period: args.period,
        image: ImageOptions {
            width: args.size.0,
            height: args.size.1,
            scale: args.scale,
            dark: args.dark,
            footer: String::new(),
        },
        force: args.force,
        made_on: chrono::Local::now().date_naive(),
    };
    let views = ReportViews {
        nps: view.as_ref(),
        loyalty: loyalty.as_ref(),
        engagement: engagement.as_ref(),
    };
    match write_report(
        &args.out,
        &workspace,
        &views,
        &summary,
        &report_options,
        |_, _| {},
    ) {
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
