//! `fidelio actions` writes this week's list for mail merge; `fidelio customer` prints one
//! customer's card. Both compute through the same Figures as the window, with the window's
//! horizon and pair minimum unless the options say otherwise.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::analysis::actions::ActionKind;
use crate::cli::{ActionsArgs, CustomerArgs, ImportArgs, ScopeArgs};
use crate::figures::{Figures, Scope, compute};
use crate::i18n::Lang;
use crate::pages::actions::{actions_table, kind_name, reason_text};
use crate::workspace::Workspace;
use crate::workspace_file::SavedWorkspace;

/// The files, the saved workspace and the figures the options select; the exit status when
/// they cannot be had.
fn figures_of(
    import: &ImportArgs,
    scope: &ScopeArgs,
    lang: Lang,
) -> Result<(Workspace, Option<SavedWorkspace>, Figures), i32> {
    let (workspace, saved) = import.open(lang).map_err(|message| {
        eprintln!("fidelio: {message}");
        2
    })?;
    for file in &workspace.files {
        if let Some(error) = &file.error {
            eprintln!("{}: {error}", file.path.display());
        }
    }
    let mut scope: Scope =
        scope.scope_over(saved.as_ref().map(|s| s.scope.clone()).unwrap_or_default());
    // The list needs predictions.
    if scope.horizon_weeks == 0 {
        scope.horizon_weeks = Scope::default().horizon_weeks;
    }
    match compute(&workspace, &scope) {
        Ok(figures) => Ok((workspace, saved, figures)),
        Err(error) => {
            eprintln!("fidelio: the analysis failed: {error:#}");
            Err(1)
        }
    }
}

/// Runs `fidelio actions`; the exit status.
pub fn run_actions(args: &ActionsArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(Lang::from_system);
    let (workspace, saved, figures) = match figures_of(&args.import, &args.scope, lang) {
        Ok(opened) => opened,
        Err(status) => return status,
    };
    let Some(list) = figures.actions.as_deref() else {
        eprintln!("fidelio: no orders with customers: there is nothing to act on");
        return 1;
    };
    let (log, templates) = saved.map(|s| (s.actions, s.templates)).unwrap_or_default();
    let table = actions_table(
        lang,
        figures.currency.as_deref(),
        list,
        &log,
        args.action,
        None,
        &templates,
    );
    let bytes = match args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
    {
        Some(e) if e == "xlsx" => {
            crate::export::table::xlsx_bytes(&table).map_err(|e| e.to_string())
        }
        Some(e) if e == "csv" => {
            crate::export::table::csv_bytes(&table, lang).map_err(|e| e.to_string())
        }
        _ => {
            eprintln!("fidelio: --out must end in .csv or .xlsx");
            return 2;
        }
    };
    let written = bytes.and_then(|b| write_new(&args.out, &b).map_err(|e| e.to_string()));
    std::mem::forget(workspace);
    match written {
        Ok(()) => {
            eprintln!(
                "fidelio: {} customers to act on written to {}",
                table.rows.len(),
                args.out.display()
            );
            0
        }
        Err(error) => {
            eprintln!("fidelio: could not write {}: {error}", args.out.display());
            1
        }
    }
}

/// Writes `bytes` to `path` through a file beside it, so a list half written never stands in
/// for a whole one.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = path.with_extension("fidelio-part");
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

/// Runs `fidelio customer`; the exit status.
pub fn run_customer(args: &CustomerArgs) -> i32 {
    let lang = Lang::En;
    let (workspace, saved, figures) = match figures_of(&args.import, &args.scope, lang) {
        Ok(opened) => opened,
        Err(status) => return status,
    };
    let Some(loyalty) = figures.loyalty.as_deref() else {
        eprintln!("fidelio: no orders with customers");
        return 1;
    };
    let key = crate::import::orders::customer_key(
        args.key.contains('@').then_some(args.key.as_str()),
        (!args.key.contains('@')).then_some(args.key.as_str()),
        None,
    )
    .unwrap_or_default();
    // A phone written another way than the key ("+39 333 …") is found by its digits.
    let found = loyalty
        .customers
        .iter()
        .find(|c| c.customer == key)
        .or_else(|| {
            let digits = crate::import::orders::normalise_phone(&args.key)?;
            loyalty.customers.iter().find(|c| c.customer == digits)
        });
    let Some(customer) = found else {
        eprintln!("fidelio: no customer '{}' in the orders", args.key);
        return 1;
    };
    let prediction = figures
        .predictions
        .as_ref()
        .and_then(|p| p.customers.iter().find(|c| c.customer == customer.customer));
    let row = figures
        .actions
        .as_ref()
        .and_then(|a| a.of(&customer.customer));
    let log = saved.map(|s| s.actions).unwrap_or_default();
    let today = figures.actions.as_ref().map(|a| a.today);
    let actions: Vec<serde_json::Value> = row
        .map(|r| r.actions.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|a| {
            let marked = today.and_then(|t| log.hiding(&customer.customer, a.kind, t));
            json!({
                "action": a.kind.as_str(),
                "name": kind_name(lang, a.kind),
                "reason": reason_text(lang, &a.reason, figures.currency.as_deref()),
                "because": a.reason,
                "marked": marked.map(|m| json!({"marked": m.marked, "day": m.day})),
            })
        })
        .collect();
    let suggestions: Vec<serde_json::Value> =
        crate::figures::actions::suggestions(&figures, &customer.customer, 3)
            .iter()
            .map(|s| {
                json!({"product": s.then, "because_of": s.have, "baskets_both": s.both,
                            "baskets_with": s.of, "confidence": s.confidence})
            })
            .collect();
    let expected_order_value = prediction
        .and_then(|p| p.expected_value.zip(p.expected_orders))
        .filter(|(_, orders)| *orders > 0.0)
        .map(|(value, orders)| value / orders);
    let card = json!({
        "customer": customer.customer,
        "name": loyalty.names.get(&customer.customer),
        "as_of": loyalty.as_of,
        "orders": customer.orders,
        "first_order": customer.first_order,
        "last_order": customer.last_order,
        "days_since_last_order": customer.days_since_last_order,
        "gross": customer.gross,
        "refunds": customer.refunds,
        "net_revenue": customer.net_revenue,
        "segment": customer.segment.as_str(),
        "horizon_weeks": figures.scope.horizon_weeks,
        "p_alive": prediction.and_then(|p| p.p_alive),
        "expected_orders": prediction.and_then(|p| p.expected_orders),
        "expected_order_value": expected_order_value,
        "expected_value": prediction.and_then(|p| p.expected_value),
        "predicted_value": prediction.and_then(|p| p.value_12_months),
        "overdue": prediction.and_then(|p| p.overdue()),
        "value_at_stake": row.map(|r| r.value_at_stake),
        "suggestions": suggestions,
        "actions": actions,
        "history": log.of_customer(&customer.customer).collect::<Vec<_>>(),
    });
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut out, &card)
        .map_err(std::io::Error::other)
        .and_then(|_| writeln!(out));
    std::mem::forget(workspace);
    match written {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("fidelio: could not write the card: {error}");
            1
        }
    }
}

/// Reads an action's name as the summary writes it.
pub fn parse_action(text: &str) -> Result<ActionKind, String> {
    ActionKind::ALL
        .into_iter()
        .find(|k| k.as_str() == text.trim())
        .ok_or_else(|| {
            let names: Vec<&str> = ActionKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("'{text}' is not an action: use one of {}", names.join(", "))
        })
}
