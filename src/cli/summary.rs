//! `fidelio summary`: the app's import and figures as one JSON object, for scripts and for
//! checking Fidelio against other tools.

use std::io::Write;

use crate::cli::SummaryArgs;
use crate::figures::compute;
use crate::import::pipeline::{ImportedFile, find_header};
use crate::summary::summary_json;
use crate::workspace::Workspace;

/// Runs `fidelio summary` and returns the process exit status.
pub fn run(args: &SummaryArgs) -> i32 {
    let (workspace, saved) = match args.import.open(crate::i18n::Lang::En) {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("fidelio: {message}");
            return 2;
        }
    };
    let scope = args
        .scope
        .scope_over(saved.map(|s| s.scope).unwrap_or_default());
    // A --map naming a header no file has is a typo to report, not a choice to ignore.
    for (role, header) in &args.import.mappings {
        let readable: Vec<&ImportedFile> = workspace
            .files
            .iter()
            .filter(|f| f.table.is_some())
            .collect();
        if !readable.is_empty()
            && readable
                .iter()
                .all(|f| find_header(f.headers(), header).is_none())
        {
            let known: Vec<String> = readable
                .iter()
                .flat_map(|f| f.headers().iter().map(|h| format!("'{h}'")))
                .collect();
            eprintln!(
                "fidelio: --map {}={header}: no file has a column named '{header}'; the columns are {}",
                role.as_str(),
                known.join(", ")
            );
            return 2;
        }
    }
    let mut refused = false;
    for file in &workspace.files {
        if let Some(error) = &file.error {
            refused = true;
            eprintln!("{}: {error}", file.path.display());
        }
    }
    let status = print_summary(&workspace, &scope, refused);
    // The process ends here: freeing millions of cells and orders one by one would only
    // make the owner wait for it (a third of a second on a 5-million-line file).
    std::mem::forget(workspace);
    status
}

/// Prints the summary; the exit status.
fn print_summary(workspace: &Workspace, scope: &crate::figures::Scope, refused: bool) -> i32 {
    match compute(workspace, scope) {
        Ok(figures) => {
            let value = summary_json(workspace, &figures);
            // Buffered: stdout writes each line as it ends, and a summary has thousands.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = serde_json::to_writer_pretty(&mut out, &value)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out))
                .and_then(|_| out.flush());
            if let Err(error) = written {
                eprintln!("fidelio: could not write the summary: {error}");
                return 1;
            }
            i32::from(refused)
        }
        Err(error) => {
            eprintln!("fidelio: the analysis failed: {error:#}");
            1
        }
    }
}
