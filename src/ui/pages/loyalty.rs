//! The Loyalty page, from the order exports: KPIs against the period before, retention by
//! cohort (or revenue per customer), RFM segments, tenure buckets, lapsed customers, NPS beside
//! orders, the customers table and one card per customer. Every figure follows the date range
//! and the store and channel filters.

use std::sync::Arc;

use egui::RichText;

use crate::analysis::cohorts::CohortMeasure;
use crate::analysis::nps::NpsGroup;
use crate::charts::Chart;
use crate::charts::loyalty::{self as loyalty_charts, segment_name, tenure_label};
use crate::charts::nps::{group_label, period_name};
use crate::figures::parse_tenure_starts;
use crate::i18n::Lang;
use crate::pages::loyalty::{cohort_matrix, method_text, subtitle as loyalty_subtitle};
use crate::pages::{Block, PageId};
use crate::ui::FidelioApp;
use crate::ui::commands::TableChoice;
use crate::ui::commands::{Command, CustomerList};
use crate::ui::pages::widgets::{
    chart_block, date_range, kpi_row, matrix, note, place_filters, start_buttons, table_buttons,
};
use crate::ui::state::{CustomerCardView, CustomerQuery, CustomerSort, Level, customer_rows};
use crate::workspace::LoyaltyView;

const CHART_HEIGHT: f32 = 240.0;
/// Products listed per order on the customer card.
const PRODUCTS_PER_ORDER: usize = 8;

/// Draws the Loyalty page, or says what it needs.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    if app.workspace.order_files().next().is_none() {
        ui.heading(lang.t("Loyalty", "Fedeltà"));
        ui.label(lang.t(
            "No orders loaded yet. Open what your till or webshop exports (Shopify, WooCommerce, Square, SumUp, Etsy, an accountant's sheet) to see whether customers come back.",
            "Nessun ordine caricato. Apri quello che esporta la cassa o il negozio online (Shopify, WooCommerce, Square, SumUp, Etsy, il foglio del commercialista) per vedere se i clienti tornano.",
        ));
        start_buttons(app, ui);
        return;
    }
    let view = app.figures.loyalty.clone();
    controls(app, view.as_deref(), ui);
    let Some(view) = view else {
        ui.spinner();
        return;
    };
    let Some(page) = app.page_model(PageId::Loyalty) else {
        ui.spinner();
        return;
    };
    ui.weak(&page.subtitle);
    egui::ScrollArea::vertical()
        .id_salt("loyalty_page")
        .show(ui, |ui| {
            // The headline as the page model has it (the report writes the same); the rest of
            // the page adds what only a window can do: choose, click, open a customer.
            for block in &page.blocks {
                match block {
                    Block::Kpis(kpis) => {
                        kpi_row(ui, kpis);
                    }
                    Block::Note { text, warning } => note(ui, text, *warning),
                    _ => {}
                }
            }
            egui::CollapsingHeader::new(lang.t(
                "How these figures are computed",
                "Come sono calcolati questi valori",
            ))
            .show(ui, |ui| ui.label(method_text(lang)));
            if view.summary.orders == 0 {
                return;
            }
            ui.add_space(12.0);
            // The charts as the page model built them, the same the report exports.
            let chart = |id: &str| page.charts().find(|c| c.id == id).cloned();
            retention(app, &view, chart("loyalty_repeat_rate"), ui);
            ui.add_space(16.0);
            ui.columns(2, |cols| {
                segments(app, &view, chart("loyalty_segments"), &mut cols[0]);
                tenure(app, &view, chart("loyalty_tenure"), &mut cols[1]);
            });
            ui.add_space(16.0);
            lapse(app, &view, ui);
            if view.survey.is_some() {
                ui.add_space(16.0);
                survey_and_orders(
                    app,
                    &view,
                    [
                        chart("loyalty_nps_by_segment"),
                        chart("loyalty_repeat_by_nps_group"),
                    ],
                    ui,
                );
            }
            ui.add_space(16.0);
            customers(app, &view, ui);
        });
    customer_card(app, &view, ui);
}

fn controls(app: &mut FidelioApp, view: Option<&LoyaltyView>, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.horizontal_wrapped(|ui| {
        ui.heading(lang.t("Loyalty", "Fedeltà"));
        ui.separator();
        ui.label(lang.t("Cohorts by", "Coorti per"));
        for period in crate::analysis::period::Period::ALL {
            if ui
                .selectable_label(app.scope.period == period, period_name(lang, period))
                .clicked()
            {
                app.send(Command::SetPeriod(period));
            }
        }
        ui.separator();
        date_range(app, ui, view.map(|v| v.date_span));
        ui.separator();
        place_filters(app, ui);
        ui.separator();
        if ui
            .button(lang.t("Export report…", "Esporta report…"))
            .clicked()
        {
            app.send(Command::ExportReport);
        }
    });
}

fn section_title(ui: &mut egui::Ui, text: &str) {
    ui.label(RichText::new(text).strong().size(18.0));
}

fn retention(app: &mut FidelioApp, view: &LoyaltyView, repeat: Option<Chart>, ui: &mut egui::Ui) {
    let lang = app.lang();
    let period = view.filter.period;
    ui.horizontal(|ui| {
        section_title(
            ui,
            &format!(
                "{} ({})",
                lang.t("Cohorts by first purchase", "Coorti per primo acquisto"),
                period_name(lang, period).to_lowercase()
            ),
        );
        ui.separator();
        let measure = &mut app.loyalty_page.measure;
        ui.selectable_value(
            measure,
            CohortMeasure::Retention,
            lang.t("Customer retention", "Clienti che tornano"),
        );
        ui.selectable_value(
            measure,
            CohortMeasure::RevenuePerCustomer,
            lang.t("Revenue per customer", "Ricavi per cliente"),
        );
    });
    let measure = app.loyalty_page.measure;
    if view.cohorts.is_empty() {
        ui.label(lang.t(
            "No customer had a first order in the chosen dates.",
            "Nessun cliente ha fatto il primo ordine nelle date scelte.",
        ));
        return;
    }
    let shown = cohort_matrix(lang, view, measure);
    ui.weak(&shown.note);
    matrix(ui, &shown, "retention");
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        table_buttons(lang, ui, TableChoice::Cohorts(measure), &mut commands);
    });
    ui.add_space(8.0);
    let chosen = curve_cohorts(app, view, ui);
    let subtitle = loyalty_subtitle(lang, view);
    // The curves follow the owner's choice of cohorts, so they are built here; the report
    // has the default ones.
    let curves = loyalty_charts::cohort_curves(lang, view, measure, &chosen, &subtitle);
    ui.columns(2, |cols| {
        chart_block(lang, &mut cols[0], &curves, CHART_HEIGHT, &mut commands);
        if let Some(repeat) = &repeat {
            chart_block(lang, &mut cols[1], repeat, CHART_HEIGHT, &mut commands);
            cols[1].horizontal(|ui| {
                table_buttons(lang, ui, TableChoice::RepeatRate, &mut commands);
            });
        }
    });
    send_all(app, commands);
}

/// The cohorts drawn as curves: the owner's choice (cohorts still in the view), or those with
/// the most history; a row of toggles changes it.
fn curve_cohorts(app: &mut FidelioApp, view: &LoyaltyView, ui: &mut egui::Ui) -> Vec<usize> {
    let lang = app.lang();
    let mut chosen: Vec<usize> = match &app.loyalty_page.curves {
        Some(labels) => (0..view.cohorts.len())
            .filter(|&i| labels.contains(&view.cohorts[i].cohort))
            .collect(),
        None => loyalty_charts::default_curve_cohorts(view),
    };
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.t("Curves for", "Curve per"));
        for (index, cohort) in view.cohorts.iter().enumerate() {
            let on = chosen.contains(&index);
            if ui
                .selectable_label(on, lang.period(&cohort.cohort))
                .clicked()
            {
                if on {
                    chosen.retain(|&i| i != index);
                } else {
                    chosen.push(index);
                    chosen.sort_unstable();
                }
                changed = true;
            }
        }
    });
    if changed {
        app.loyalty_page.curves = Some(
            chosen
                .iter()
                .map(|&i| view.cohorts[i].cohort.clone())
                .collect(),
        );
    }
    chosen
}

fn send_all(app: &mut FidelioApp, commands: Vec<Command>) {
    for command in commands {
        app.send(command);
    }
}

fn segments(
    app: &mut FidelioApp,
    view: &Arc<LoyaltyView>,
    chart: Option<Chart>,
    ui: &mut egui::Ui,
) {
    let lang = app.lang();
    section_title(ui, lang.t("RFM segments", "Segmenti RFM"));
    ui.weak(lang.t(
        "Click a segment to list its customers.",
        "Clicca un segmento per vederne i clienti.",
    ));
    let total: f64 = view.segments.iter().map(|s| s.revenue).sum();
    egui::Grid::new("segments_grid")
        .striped(true)
        .show(ui, |ui| {
            ui.strong(lang.t("Segment", "Segmento"));
            ui.strong(lang.t("Customers", "Clienti"));
            ui.strong(lang.t("Net revenue", "Ricavi netti"));
            ui.strong(lang.t("Share", "Quota"));
            ui.end_row();
            for segment in &view.segments {
                let chosen = app.loyalty_page.list == CustomerList::Segment(segment.segment);
                if ui
                    .selectable_label(chosen, segment_name(lang, segment.segment))
                    .clicked()
                {
                    app.send(Command::ShowCustomers(CustomerList::Segment(
                        segment.segment,
                    )));
                }
                ui.label(lang.count(segment.customers));
                ui.label(lang.money(segment.revenue + 0.0, app.figures.currency.as_deref()));
                ui.label(if total > 0.0 {
                    lang.percent(segment.revenue / total, 0)
                } else {
                    "–".to_string()
                });
                ui.end_row();
            }
        });
    let mut commands = Vec::new();
    if matches!(app.loyalty_page.list, CustomerList::Segment(_)) {
        list_preview(app, view, ui, &mut commands);
    }
    ui.horizontal(|ui| table_buttons(lang, ui, TableChoice::Segments, &mut commands));
    if let Some(chart) = &chart {
        chart_block(lang, ui, chart, CHART_HEIGHT, &mut commands);
    }
    send_all(app, commands);
}

fn tenure(app: &mut FidelioApp, view: &Arc<LoyaltyView>, chart: Option<Chart>, ui: &mut egui::Ui) {
    let lang = app.lang();
    section_title(ui, lang.t("Tenure", "Anzianità"));
    ui.weak(lang.t(
        "Months since each customer's first order. Click a bucket to list its customers.",
        "Mesi dal primo ordine di ogni cliente. Clicca una fascia per vederne i clienti.",
    ));
    ui.horizontal(|ui| {
        ui.label(lang.t("Buckets start at (months)", "Le fasce iniziano a (mesi)"));
        let edit = ui.add(
            egui::TextEdit::singleline(&mut app.loyalty_page.tenure_text).desired_width(140.0),
        );
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(lang.t("Apply", "Applica")).clicked() || entered {
            match parse_tenure_starts(&app.loyalty_page.tenure_text) {
                Some(starts) => app.send(Command::SetTenureStarts(starts)),
                None => app.notify(
                    Level::Warning,
                    lang.t(
                        "Write whole months separated by commas, e.g. 0, 3, 6, 12, 36.",
                        "Scrivi mesi interi separati da virgole, per esempio 0, 3, 6, 12, 36.",
                    ),
                ),
            }
        }
    });
    egui::Grid::new("tenure_grid").striped(true).show(ui, |ui| {
        ui.strong(lang.t("Tenure", "Anzianità"));
        ui.strong(lang.t("Customers", "Clienti"));
        ui.strong(lang.t("Net revenue", "Ricavi netti"));
        ui.end_row();
        for (index, bucket) in view.tenure.iter().enumerate() {
            let chosen = app.loyalty_page.list == CustomerList::Tenure(index);
            if ui
                .selectable_label(chosen, tenure_label(lang, bucket))
                .clicked()
            {
                app.send(Command::ShowCustomers(CustomerList::Tenure(index)));
            }
            ui.label(lang.count(bucket.customers));
            ui.label(lang.money(bucket.revenue + 0.0, app.figures.currency.as_deref()));
            ui.end_row();
        }
    });
    let mut commands = Vec::new();
    if matches!(app.loyalty_page.list, CustomerList::Tenure(_)) {
        list_preview(app, view, ui, &mut commands);
    }
    ui.horizontal(|ui| table_buttons(lang, ui, TableChoice::Tenure, &mut commands));
    if let Some(chart) = &chart {
        chart_block(lang, ui, chart, CHART_HEIGHT, &mut commands);
    }
    send_all(app, commands);
}

fn lapse(app: &mut FidelioApp, view: &Arc<LoyaltyView>, ui: &mut egui::Ui) {
    let lang = app.lang();
    section_title(ui, lang.t("Lapsed customers", "Clienti persi"));
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} {} {}.",
            lang.t(
                "A customer is lapsed after no order for more than",
                "Un cliente è perso dopo nessun ordine per più di"
            ),
            view.lapse_window,
            lang.t("days", "giorni")
        ));
        ui.weak(format!(
            "({} {} {})",
            lang.t(
                "default: 3 × the median days between orders, at least 30:",
                "predefinito: 3 × la mediana dei giorni tra due ordini, almeno 30:"
            ),
            view.default_lapse_window,
            lang.t("days", "giorni")
        ));
    });
    ui.horizontal(|ui| {
        ui.label(lang.t("Lapse window (days)", "Finestra di abbandono (giorni)"));
        let edit = ui.add(
            egui::TextEdit::singleline(&mut app.loyalty_page.lapse_text)
                .hint_text(view.default_lapse_window.to_string())
                .desired_width(60.0),
        );
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(lang.t("Apply", "Applica")).clicked() || entered {
            let text = app.loyalty_page.lapse_text.trim().to_string();
            match text.parse::<u32>() {
                _ if text.is_empty() => app.send(Command::SetLapseWindow(None)),
                Ok(days) if days > 0 => app.send(Command::SetLapseWindow(Some(days))),
                _ => app.notify(
                    Level::Warning,
                    lang.t(
                        "The lapse window is a whole number of days, e.g. 90.",
                        "La finestra di abbandono è un numero intero di giorni, per esempio 90.",
                    ),
                ),
            }
        }
        if view.filter.lapse_window.is_some()
            && ui
                .button(lang.t("Use the default", "Usa il predefinito"))
                .clicked()
        {
            app.send(Command::SetLapseWindow(None));
        }
        let chosen = app.loyalty_page.list == CustomerList::Lapsed;
        if ui
            .selectable_label(
                chosen,
                format!(
                    "{} {}",
                    lang.t("List the lapsed customers:", "Elenca i clienti persi:"),
                    lang.count(view.lapsed.len() as u64)
                ),
            )
            .clicked()
        {
            app.send(Command::ShowCustomers(CustomerList::Lapsed));
        }
        let mut commands = Vec::new();
        table_buttons(lang, ui, TableChoice::Lapsed, &mut commands);
        send_all(app, commands);
    });
    if app.loyalty_page.list == CustomerList::Lapsed {
        let mut commands = Vec::new();
        list_preview(app, view, ui, &mut commands);
        send_all(app, commands);
    }
}

fn survey_and_orders(
    app: &mut FidelioApp,
    view: &LoyaltyView,
    charts: [Option<Chart>; 2],
    ui: &mut egui::Ui,
) {
    let lang = app.lang();
    let Some(linked) = &view.survey else {
        return;
    };
    section_title(ui, lang.t("NPS and orders", "NPS e ordini"));
    ui.weak(format!(
        "{} {}",
        lang.count(linked.customers),
        lang.t(
            "customers answered the survey and ordered in these dates (matched by email, customer number or phone).",
            "clienti hanno risposto al sondaggio e ordinato in queste date (abbinati per email, numero cliente o telefono).",
        )
    ));
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.strong(lang.t("NPS per RFM segment", "NPS per segmento RFM"));
        egui::Grid::new("nps_segments")
            .striped(true)
            .show(ui, |ui| {
                ui.strong(lang.t("Segment", "Segmento"));
                ui.strong("NPS");
                ui.strong(lang.t("Answers", "Risposte"));
                ui.strong(lang.t("Customers", "Clienti"));
                ui.end_row();
                for row in &linked.by_segment {
                    let small = if row.nps.is_small_sample() { " *" } else { "" };
                    ui.label(segment_name(lang, row.segment));
                    ui.label(format!("{}{small}", lang.signed(row.nps.nps, 0)));
                    ui.label(lang.count(row.nps.responses));
                    ui.label(lang.count(row.customers));
                    ui.end_row();
                }
            });
        ui.weak(lang.t("* under 30 answers", "* meno di 30 risposte"));
        let ui = &mut cols[1];
        ui.strong(lang.t(
            "Repeat purchase rate by NPS group",
            "Tasso di riacquisto per gruppo NPS",
        ));
        egui::Grid::new("repeat_groups")
            .striped(true)
            .show(ui, |ui| {
                ui.strong(lang.t("Group (latest answer)", "Gruppo (ultima risposta)"));
                ui.strong(lang.t("Customers", "Clienti"));
                ui.strong(lang.t("Bought twice or more", "Più acquisti"));
                ui.strong(lang.t("Rate", "Tasso"));
                ui.end_row();
                for row in &linked.by_group {
                    ui.label(group_label(lang, row.group));
                    ui.label(lang.count(row.customers));
                    ui.label(lang.count(row.repeat_customers));
                    ui.label(lang.percent(row.rate, 1));
                    ui.end_row();
                }
            });
    });
    let mut commands = Vec::new();
    ui.columns(2, |cols| {
        cols[0].horizontal(|ui| {
            table_buttons(lang, ui, TableChoice::NpsBySegment, &mut commands);
        });
        cols[1].horizontal(|ui| {
            table_buttons(lang, ui, TableChoice::RepeatByNpsGroup, &mut commands);
        });
        for (col, chart) in cols.iter_mut().zip(&charts) {
            if let Some(chart) = chart {
                chart_block(lang, col, chart, CHART_HEIGHT, &mut commands);
            }
        }
    });
    send_all(app, commands);
}

/// Customers listed beside the segment or bucket clicked, biggest spenders first.
const PREVIEW_ROWS: usize = 8;

/// The chosen list's first customers right under what was clicked, so the owner sees who
/// they are without leaving the table; the full list is one click away.
fn list_preview(
    app: &mut FidelioApp,
    view: &Arc<LoyaltyView>,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let lang = app.lang();
    let list = app.loyalty_page.list;
    // Sorted once per list, not every frame: a segment can hold thousands of customers.
    let query: CustomerQuery = (
        Arc::clone(view),
        list,
        String::new(),
        (CustomerSort::Revenue, true),
    );
    let rows = match &app.loyalty_page.preview {
        Some((cached, rows)) if Arc::ptr_eq(&cached.0, view) && cached.1 == list => {
            Arc::clone(rows)
        }
        _ => {
            let rows = Arc::new(customer_rows(view, list, &query.2, query.3));
            app.loyalty_page.preview = Some((query, Arc::clone(&rows)));
            rows
        }
    };
    egui::Frame::new()
        .inner_margin(8.0)
        .corner_radius(6.0)
        .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(list_name(lang, view, list));
                ui.weak(format!(
                    "{} {}",
                    lang.count(rows.len() as u64),
                    lang.t(
                        "customers, biggest spenders first",
                        "clienti, chi spende di più prima"
                    )
                ));
            });
            egui::Grid::new(("list_preview", list_name(Lang::En, view, list)))
                .striped(true)
                .show(ui, |ui| {
                    for &index in rows.iter().take(PREVIEW_ROWS) {
                        let c = &view.customers[index];
                        let shown = view
                            .names
                            .get(&c.customer)
                            .filter(|name| !name.eq_ignore_ascii_case(&c.customer))
                            .map_or(c.customer.clone(), |name| {
                                format!("{name} ({})", c.customer)
                            });
                        if ui.link(shown).clicked() {
                            commands.push(Command::OpenCustomer(c.customer.clone()));
                        }
                        ui.label(format!(
                            "{} {}",
                            lang.count(c.orders),
                            lang.t("orders", "ordini")
                        ));
                        ui.label(lang.money(c.net_revenue, app.figures.currency.as_deref()));
                        ui.weak(lang.date(c.last_order));
                        ui.end_row();
                    }
                });
            ui.horizontal_wrapped(|ui| {
                if rows.len() > PREVIEW_ROWS
                    && ui
                        .button(format!(
                            "{} {} {}",
                            lang.t("See all", "Vedi tutti i"),
                            lang.count(rows.len() as u64),
                            lang.t("in the customers table", "nella tabella clienti")
                        ))
                        .clicked()
                {
                    commands.push(Command::RevealCustomers);
                }
                if ui.button(lang.t("Close", "Chiudi")).clicked() {
                    commands.push(Command::ShowCustomers(CustomerList::All));
                }
            });
        });
}

fn list_name(lang: Lang, view: &LoyaltyView, list: CustomerList) -> String {
    match list {
        CustomerList::All => lang.t("All customers", "Tutti i clienti").to_string(),
        CustomerList::Segment(segment) => format!(
            "{}: {}",
            lang.t("Segment", "Segmento"),
            segment_name(lang, segment)
        ),
        CustomerList::Tenure(index) => format!(
            "{}: {}",
            lang.t("Tenure", "Anzianità"),
            view.tenure
                .get(index)
                .map(|b| tenure_label(lang, b))
                .unwrap_or_default()
        ),
        CustomerList::Lapsed => lang.t("Lapsed customers", "Clienti persi").to_string(),
    }
}

fn customers(app: &mut FidelioApp, view: &Arc<LoyaltyView>, ui: &mut egui::Ui) {
    let lang = app.lang();
    let list = app.loyalty_page.list;
    let heading = ui.horizontal(|ui| {
        section_title(ui, &list_name(lang, view, list));
        if list != CustomerList::All
            && ui
                .button(lang.t("Show all customers", "Mostra tutti i clienti"))
                .clicked()
        {
            app.send(Command::ShowCustomers(CustomerList::All));
        }
        let mut commands = Vec::new();
        table_buttons(lang, ui, TableChoice::Customers, &mut commands);
        send_all(app, commands);
    });
    if std::mem::take(&mut app.loyalty_page.reveal_list) {
        heading.response.scroll_to_me(Some(egui::Align::Min));
    }
    ui.horizontal(|ui| {
        ui.label(lang.t("Search", "Cerca"));
        ui.add(
            egui::TextEdit::singleline(&mut app.loyalty_page.search)
                .hint_text(lang.t("email, number or name", "email, numero o nome"))
                .desired_width(220.0),
        );
    });
    let page = &mut app.loyalty_page;
    let query = (Arc::clone(view), list, page.search.clone(), page.sort);
    let same = |cached: &CustomerQuery| {
        Arc::ptr_eq(&cached.0, &query.0)
            && (cached.1, &cached.2, cached.3) == (query.1, &query.2, query.3)
    };
    let rows = match &page.rows {
        Some((cached, rows)) if same(cached) => Arc::clone(rows),
        _ => {
            let rows = Arc::new(customer_rows(view, list, &page.search, page.sort));
            page.rows = Some((query, Arc::clone(&rows)));
            rows
        }
    };
    ui.weak(format!(
        "{} {}",
        lang.count(rows.len() as u64),
        lang.t(
            "customers · click a column to sort, a customer to open their card",
            "clienti · clicca una colonna per ordinare, un cliente per aprirne la scheda"
        )
    ));
    let engagement = app
        .figures
        .engagement
        .clone()
        .filter(|e| !e.scores.is_empty());
    let mut commands = Vec::new();
    let sortable = [
        (
            lang.t("Customer", "Cliente"),
            Some((CustomerSort::Customer, false)),
        ),
        (
            lang.t("First order", "Primo ordine"),
            Some((CustomerSort::FirstOrder, false)),
        ),
        (
            lang.t("Last order", "Ultimo ordine"),
            Some((CustomerSort::LastOrder, true)),
        ),
        (
            lang.t("Orders", "Ordini"),
            Some((CustomerSort::Orders, true)),
        ),
        (
            lang.t("Net revenue", "Ricavi netti"),
            Some((CustomerSort::Revenue, true)),
        ),
        (
            lang.t("Days since", "Giorni da"),
            Some((CustomerSort::DaysSince, false)),
        ),
        ("R F M", None),
        (
            lang.t("Segment", "Segmento"),
            Some((CustomerSort::Segment, false)),
        ),
    ];
    let columns = sortable.len() + usize::from(engagement.is_some());
    // Its own scroll, as tall as the window allows, so the header stays while the owner scrolls
    // through thousands of customers; only the rows in view are laid out.
    let height = (ui.ctx().content_rect().height() - 220.0).max(240.0);
    let currency = app.figures.currency.clone();
    let mut sort = app.loyalty_page.sort;
    egui::ScrollArea::horizontal()
        .id_salt("customers_sideways")
        .show(ui, |ui| {
            let mut table = egui_extras::TableBuilder::new(ui)
                .id_salt("customers_table")
                .striped(true)
                .resizable(true)
                .max_scroll_height(height)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(egui_extras::Column::auto().at_least(200.0).clip(true));
            for _ in 1..columns {
                table = table.column(egui_extras::Column::auto().at_least(60.0));
            }
            table
                .header(24.0, |mut header| {
                    for (title, how) in sortable {
                        header.col(|ui| match how {
                            None => {
                                ui.strong(title);
                            }
                            Some((column, first_descending)) => {
                                let (current, descending) = sort;
                                let arrow = match (current == column, descending) {
                                    (true, true) => " v",
                                    (true, false) => " ^",
                                    _ => "",
                                };
                                if ui
                                    .button(RichText::new(format!("{title}{arrow}")).strong())
                                    .clicked()
                                {
                                    sort = if current == column {
                                        (column, !descending)
                                    } else {
                                        (column, first_descending)
                                    };
                                }
                            }
                        });
                    }
                    if engagement.is_some() {
                        header.col(|ui| {
                            ui.strong(lang.t("Engagement", "Coinvolgimento"));
                        });
                    }
                })
                .body(|body| {
                    body.rows(22.0, rows.len(), |mut row| {
                        let c = &view.customers[rows[row.index()]];
                        row.col(|ui| {
                            if ui.link(&c.customer).clicked() {
                                commands.push(Command::OpenCustomer(c.customer.clone()));
                            }
                            if let Some(name) = view.names.get(&c.customer)
                                && !name.eq_ignore_ascii_case(&c.customer)
                            {
                                ui.weak(name);
                            }
                        });
                        row.col(|ui| {
                            ui.label(lang.date(c.first_order));
                        });
                        row.col(|ui| {
                            ui.label(lang.date(c.last_order));
                        });
                        row.col(|ui| {
                            ui.label(lang.count(c.orders));
                        });
                        row.col(|ui| {
                            ui.label(lang.money(c.net_revenue, currency.as_deref()));
                        });
                        row.col(|ui| {
                            ui.label(lang.count(c.days_since_last_order.max(0) as u64));
                        });
                        row.col(|ui| {
                            ui.label(format!(
                                "{} {} {}",
                                c.recency_score, c.frequency_score, c.monetary_score
                            ));
                        });
                        row.col(|ui| {
                            let segment = ui.label(loyalty_charts::segment_text(lang, view, c));
                            if let Some(reason) = loyalty_charts::lapsed_reason(lang, view, c) {
                                segment.on_hover_text(reason);
                            }
                        });
                        if let Some(engagement) = &engagement {
                            row.col(|ui| {
                                ui.label(
                                    engagement
                                        .score_of(&c.customer)
                                        .map_or("–".to_string(), |e| lang.number(e.score, 0)),
                                );
                            });
                        }
                    });
                });
        });
    app.loyalty_page.sort = sort;
    for command in commands {
        app.send(command);
    }
}

fn customer_card(app: &mut FidelioApp, view: &LoyaltyView, ui: &mut egui::Ui) {
    let lang = app.lang();
    let Some((key, card)) = app.loyalty_page.card.clone() else {
        return;
    };
    // Engagement and answers only when files feed them: a page-level social file scores nobody.
    let engagement = app
        .figures
        .engagement
        .clone()
        .filter(|e| !e.scores.is_empty());
    let survey_loaded = app.has_answers();
    let currency = app.figures.currency.clone();
    let app_predictions = app.figures.predictions.clone();
    let actions = app.figures.actions.clone();
    // The marks only: the lists they were made on are not the card's, and can be long.
    let log = crate::analysis::actions::ActionLog {
        records: app.actions.records.clone(),
        lists: Vec::new(),
    };
    let mut open = true;
    egui::Window::new(format!("{}: {key}", lang.t("Customer", "Cliente")))
        .open(&mut open)
        .default_size([720.0, 560.0])
        .max_width(820.0)
        .collapsible(false)
        .show(ui.ctx(), |ui| match card {
            None => {
                ui.spinner();
            }
            Some(card) => {
                egui::ScrollArea::vertical()
                    .id_salt("customer_card_scroll")
                    .show(ui, |ui| {
                        card_body(
                            lang,
                            view,
                            &key,
                            &card,
                            (
                                survey_loaded,
                                currency.as_deref(),
                                app_predictions.as_deref(),
                            ),
                            ui,
                        );
                        engagement_of(lang, engagement.as_deref(), &key, ui);
                        card_actions(
                            lang,
                            app.figures.currency.as_deref(),
                            actions.as_deref(),
                            &log,
                            &key,
                            ui,
                        );
                        card_suggestions(lang, &card.suggestions, ui);
                    });
            }
        });
    if !open {
        app.send(Command::CloseCustomer);
    }
}

/// The products that go with what they bought.
fn card_suggestions(
    lang: Lang,
    suggestions: &[crate::analysis::actions::Suggestion],
    ui: &mut egui::Ui,
) {
    if suggestions.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong(lang.t(
        "Goes with what they bought",
        "Si abbina a ciò che ha comprato",
    ));
    for s in suggestions {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&s.then).strong());
            ui.weak(crate::pages::actions::reason_text(
                lang,
                &crate::analysis::actions::Reason::GoesWith {
                    have: s.have.clone(),
                    then: s.then.clone(),
                    both: s.both,
                    of: s.of,
                },
                // What goes with what names no price.
                None,
            ));
        });
    }
}

/// What to do for the customer this week, and the actions marked for them before.
fn card_actions(
    lang: Lang,
    currency: Option<&str>,
    list: Option<&crate::figures::actions::ActionList>,
    log: &crate::analysis::actions::ActionLog,
    key: &str,
    ui: &mut egui::Ui,
) {
    use crate::analysis::actions::Marked;
    use crate::pages::actions::{kind_name, reason_text};
    let row = list.and_then(|l| l.of(key));
    let history: Vec<_> = log.of_customer(key).collect();
    if row.is_none() && history.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong(lang.t("What to do", "Cosa fare"));
    if let (Some(row), Some(list)) = (row, list) {
        for action in &row.actions {
            let marked = log.hiding(key, action.kind, list.today);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(kind_name(lang, action.kind)).strong());
                ui.weak(reason_text(lang, &action.reason, currency));
                if marked.is_some() {
                    ui.weak(lang.t("(marked)", "(segnata)"));
                }
            });
        }
    }
    for record in history {
        ui.weak(format!(
            "{} {}: {}",
            lang.date(record.day),
            kind_name(lang, record.kind),
            match record.marked {
                Marked::Done => lang.t("done", "fatta"),
                Marked::NotNow => lang.t("not now", "non ora"),
            }
        ));
    }
}

/// The card's engagement lines: score and events, when engagement files are loaded.
fn engagement_of(
    lang: Lang,
    engagement: Option<&crate::workspace::EngagementView>,
    key: &str,
    ui: &mut egui::Ui,
) {
    let Some(engagement) = engagement else {
        return;
    };
    ui.add_space(8.0);
    ui.strong(lang.t("Engagement", "Coinvolgimento"));
    match engagement.score_of(key) {
        Some(score) => {
            ui.label(format!(
                "{} {} · {}",
                lang.t("Score", "Punteggio"),
                lang.number(score.score, 0),
                crate::charts::engagement::events_text(lang, &score.events)
            ));
        }
        None => {
            ui.weak(lang.t(
                "No reviews, card or other events from this customer.",
                "Nessuna recensione, tessera o altro evento da questo cliente.",
            ));
        }
    }
}

/// What the customer will likely do next, or why that cannot be told.
fn predictions_of(
    lang: Lang,
    predictions: Option<&crate::figures::predictions::Predictions>,
    key: &str,
    currency: Option<&str>,
    ui: &mut egui::Ui,
) {
    use crate::figures::predictions::NotUsed;
    let Some(p) = predictions else {
        return;
    };
    let Some(c) = p.customers.iter().find(|c| c.customer == key) else {
        return;
    };
    ui.add_space(8.0);
    ui.strong(lang.t("Next", "Prossimamente"));
    if c.history.frequency == 0 {
        ui.weak(lang.t(
            "One purchase so far: whether they come back cannot be judged yet.",
            "Finora un solo acquisto: se tornerà non si può ancora dire.",
        ));
    }
    match p.not_used {
        None => {
            egui::Grid::new("card_predictions").show(ui, |ui| {
                if let Some(alive) = c.p_alive {
                    ui.label(lang.t(
                        "Probability still active",
                        "Probabilità che sia ancora attivo",
                    ));
                    ui.strong(lang.percent(alive, 0));
                    ui.end_row();
                }
                if let Some(orders) = c.expected_orders {
                    ui.label(format!(
                        "{} {} {}",
                        lang.t(
                            "Orders expected in the next",
                            "Ordini attesi nelle prossime"
                        ),
                        p.horizon_weeks,
                        lang.t("weeks", "settimane")
                    ));
                    ui.strong(lang.number(orders, 1));
                    ui.end_row();
                }
                if let Some(value) = c.value_12_months {
                    ui.label(lang.t("Value expected in 12 months", "Valore atteso in 12 mesi"));
                    ui.strong(lang.money(value, currency));
                    ui.end_row();
                }
            });
        }
        Some(reason) => {
            let why = match reason {
                NotUsed::TooFewRepeatCustomers(n) => format!(
                    "{} ({n}).",
                    lang.t(
                        "Too few customers have bought twice for a prediction",
                        "Troppo pochi clienti hanno comprato due volte per una previsione"
                    )
                ),
                _ => lang
                    .t(
                        "This shop's orders do not fit the prediction model.",
                        "Gli ordini di questo negozio non si adattano al modello di previsione.",
                    )
                    .to_string(),
            };
            ui.weak(why);
            if let Some(overdue) = c.overdue() {
                let usual = c.history.recency * 7.0 / f64::from(c.history.frequency);
                ui.label(format!(
                    "{} {} {} ({} {})",
                    lang.t("Since the last purchase:", "Dall'ultimo acquisto:"),
                    lang.number(overdue, 1),
                    lang.t(
                        "times their usual interval",
                        "volte il suo intervallo abituale"
                    ),
                    lang.number(usual, 0),
                    lang.t("days", "giorni")
                ));
            }
        }
    }
}

fn card_body(
    lang: Lang,
    view: &LoyaltyView,
    key: &str,
    card: &CustomerCardView,
    (survey_loaded, currency, predictions): (
        bool,
        Option<&str>,
        Option<&crate::figures::predictions::Predictions>,
    ),
    ui: &mut egui::Ui,
) {
    if let Some(c) = view.customers.iter().find(|c| c.customer == key) {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(loyalty_charts::segment_text(lang, view, c))
                    .strong()
                    .size(18.0),
            );
            ui.weak(format!(
                "R {} · F {} · M {}",
                c.recency_score, c.frequency_score, c.monetary_score
            ));
        });
        if let Some(reason) = loyalty_charts::lapsed_reason(lang, view, c) {
            ui.weak(reason);
        }
        egui::Grid::new("card_totals").show(ui, |ui| {
            let rows = [
                (
                    lang.t("First order", "Primo ordine"),
                    lang.date(c.first_order),
                ),
                (
                    lang.t("Last order", "Ultimo ordine"),
                    lang.date(c.last_order),
                ),
                (
                    lang.t("Days since the last order", "Giorni dall'ultimo ordine"),
                    lang.count(c.days_since_last_order.max(0) as u64),
                ),
                (lang.t("Orders", "Ordini"), lang.count(c.orders)),
                (lang.t("Gross", "Lordo"), lang.money(c.gross, currency)),
                (lang.t("Refunds", "Resi"), lang.money(c.refunds, currency)),
                (
                    lang.t("Net revenue", "Ricavi netti"),
                    lang.money(c.net_revenue, currency),
                ),
            ];
            for (title, value) in rows {
                ui.label(title);
                ui.strong(value);
                ui.end_row();
            }
        });
        if view.filter.from.is_some() || view.filter.to.is_some() {
            ui.weak(lang.t(
                "Totals and scores count the chosen dates; the timeline below shows every order.",
                "Totali e punteggi contano le date scelte; la cronologia qui sotto mostra ogni ordine.",
            ));
        }
    } else {
        ui.weak(lang.t(
            "No order from this customer in the chosen dates, store and channel.",
            "Nessun ordine di questo cliente nelle date, nel negozio e nel canale scelti.",
        ));
    }
    // What comes next belongs with the totals, above the long list of orders.
    predictions_of(lang, predictions, key, currency, ui);
    // Without survey files there is nothing to say about answers.
    if survey_loaded {
        ui.add_space(8.0);
        ui.strong(lang.t("NPS answers", "Risposte NPS"));
    }
    if survey_loaded && card.answers.is_empty() {
        ui.weak(lang.t(
            "No survey answer from this customer.",
            "Nessuna risposta al sondaggio da questo cliente.",
        ));
    }
    for answer in &card.answers {
        let group = NpsGroup::from_score(answer.score);
        ui.horizontal_wrapped(|ui| {
            ui.label(answer.date.map(|d| lang.date(d)).unwrap_or_default());
            ui.strong(answer.score.to_string());
            if let Some(group) = group {
                ui.weak(group_label(lang, group));
            }
            if let Some(comment) = &answer.comment {
                ui.label(format!("“{comment}”"));
            }
        });
    }
    ui.add_space(8.0);
    ui.strong(lang.t("Orders", "Ordini"));
    egui::Grid::new("card_orders").striped(true).show(ui, |ui| {
        for title in [
            lang.t("Date", "Data"),
            lang.t("Order", "Ordine"),
            lang.t("Value", "Importo"),
            lang.t("Where", "Dove"),
            lang.t("Products", "Prodotti"),
        ] {
            ui.strong(title);
        }
        ui.end_row();
        for order in card.card.orders.iter().rev() {
            ui.label(lang.date(order.date));
            ui.label(&order.order_id);
            ui.label(lang.money(order.gross, currency));
            ui.label(
                [order.store.as_deref(), order.channel.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            // A wholesale order can hold dozens of lines: the first few say what it was.
            let mut products = order
                .products
                .iter()
                .take(PRODUCTS_PER_ORDER)
                .map(|(product, quantity)| match quantity {
                    Some(q) if *q != 1.0 => format!("{} × {product}", lang.number(*q, 0)),
                    _ => product.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            if order.products.len() > PRODUCTS_PER_ORDER {
                let more = order.products.len() - PRODUCTS_PER_ORDER;
                products.push_str(&match lang {
                    Lang::En => format!(" and {more} more"),
                    Lang::It => format!(" e altri {more}"),
                });
            }
            ui.scope(|ui| {
                ui.set_max_width(420.0);
                ui.add(egui::Label::new(products).wrap());
            });
            ui.end_row();
        }
    });
    if !card.card.refunds.is_empty() {
        ui.add_space(8.0);
        ui.strong(lang.t("Refunds", "Resi"));
        for refund in &card.card.refunds {
            ui.label(format!(
                "{} · {} {}",
                lang.date(refund.date),
                lang.money(refund.amount, currency),
                refund
                    .order_id
                    .as_deref()
                    .map(|id| format!("({} {id})", lang.t("order", "ordine")))
                    .unwrap_or_default()
            ));
        }
    }
    if !card.card.products.is_empty() {
        ui.add_space(8.0);
        ui.strong(lang.t("Products bought most", "Prodotti più acquistati"));
        for product in card.card.products.iter().take(10) {
            ui.label(format!(
                "{} · {} {} · {} {}",
                product.product,
                lang.count(product.orders),
                lang.t("orders", "ordini"),
                lang.number(product.quantity, 0),
                lang.t("pieces", "pezzi")
            ));
        }
    }
}
