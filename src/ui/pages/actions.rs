//! The Actions page: this week's list, the most valuable customers first, each with what to
//! do, why, how to reach them and a message; done / not now; what followed the actions done;
//! the messages' templates. The list and its words come from `figures::actions` and
//! `pages::actions`, as the export and `fidelio actions` write them.

use egui::RichText;

use crate::analysis::actions::{ActionKind, Marked};
use crate::analysis::rfm::Segment;
use crate::figures::actions::ActionList;
use crate::i18n::Lang;
use crate::pages::actions::{default_template, kind_name, message, outcome_text, reason_text};
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, Page, TableChoice};
use crate::ui::pages::widgets::{note, place_filters, start_buttons, table_buttons};

/// Rows drawn: the export has them all.
const SHOWN: usize = 100;

/// Draws the Actions page.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    egui::ScrollArea::vertical()
        .id_salt("actions_page")
        .auto_shrink([false, false])
        .show(ui, |ui| show_page(app, ui));
}

fn show_page(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.heading(lang.t("What to do this week", "Cosa fare questa settimana"));
    ui.weak(lang.t(
        "Per customer, the next best action with its reason and the value at stake over the next 12 months: who to call back, who to thank, who is slipping away, what to propose. Mark each one done or not now; Fidelio then shows what followed.",
        "Per cliente, la prossima azione con il suo perché e il valore in gioco nei prossimi 12 mesi: chi richiamare, chi ringraziare, chi si sta allontanando, cosa proporre. Segna ciascuna fatta o non ora; Fidelio mostra poi cosa è seguito.",
    ));
    if !app.has_data() {
        start_buttons(app, ui);
        return;
    }
    let Some(list) = app.figures.actions.clone() else {
        ui.add_space(8.0);
        if app.is_busy() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak(lang.t("Preparing the list…", "Preparo la lista…"));
            });
        } else {
            note(
                ui,
                lang.t(
                    "The list needs an order file with customers (email, customer number or phone).",
                    "La lista ha bisogno di un file di ordini con i clienti (email, codice cliente o telefono).",
                ),
                true,
            );
        }
        return;
    };
    let currency = app.figures.currency.clone();
    let mut commands = Vec::new();
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        place_filters(app, ui);
        segment_filter(app, ui, lang);
    });
    let kind = app.actions_page.kind;
    let segment = app.actions_page.segment;
    let open: Vec<_> = list
        .open(&app.actions, None)
        .filter(|(row, _)| segment.is_none_or(|s| row.segment == Some(s)))
        .collect();
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let all = format!("{} ({})", lang.t("All", "Tutte"), open.len());
        if ui.selectable_label(kind.is_none(), all).clicked() {
            commands.push(Command::FilterActions(None));
        }
        for k in ActionKind::ALL {
            let count = open.iter().filter(|(_, a)| a.kind == k).count();
            if count == 0 && kind != Some(k) {
                continue;
            }
            let label = format!("{} ({count})", kind_name(lang, k));
            if ui.selectable_label(kind == Some(k), label).clicked() {
                commands.push(Command::FilterActions(Some(k)));
            }
        }
    });
    let rows: Vec<_> = open
        .into_iter()
        .filter(|(_, a)| kind.is_none_or(|k| a.kind == k))
        .collect();
    let at_stake: f64 = rows.iter().map(|(r, _)| r.value_at_stake).sum();
    ui.label(match lang {
        Lang::En => format!(
            "List of {}: {} customers, {} at stake in the next 12 months. Revenue at risk (detractors and customers slipping away): {}.",
            lang.date(list.today),
            rows.len(),
            lang.money(at_stake, currency.as_deref()),
            lang.money(list.revenue_at_risk(), currency.as_deref())
        ),
        Lang::It => format!(
            "Lista del {}: {} clienti, {} in gioco nei prossimi 12 mesi. Ricavi a rischio (detrattori e clienti che si allontanano): {}.",
            lang.date(list.today),
            rows.len(),
            lang.money(at_stake, currency.as_deref()),
            lang.money(list.revenue_at_risk(), currency.as_deref())
        ),
    });
    ui.horizontal(|ui| {
        table_buttons(lang, ui, TableChoice::Actions, &mut commands);
        if ui
            .small_button(lang.t("Copy addresses", "Copia indirizzi"))
            .on_hover_text(lang.t(
                "The email addresses of the list, one per line, for your mail program.",
                "Gli indirizzi email della lista, uno per riga, per il programma di posta.",
            ))
            .clicked()
        {
            commands.push(Command::CopyAddresses);
        }
    });
    outcomes(app, ui, lang);
    if let Some(check) = app.figures.suggestion_check.as_deref() {
        ui.weak(crate::pages::actions::check_text(lang, check));
    }
    missing_notes(ui, lang, &list);
    ui.add_space(6.0);
    ui.separator();
    if rows.is_empty() {
        ui.weak(lang.t(
            "Nothing to do here this week.",
            "Niente da fare qui questa settimana.",
        ));
    }
    for (row, action) in rows.iter().take(SHOWN) {
        ui.push_id(("action", &row.customer), |ui| {
            ui.horizontal_wrapped(|ui| {
                let who = row.name.as_deref().unwrap_or(&row.customer);
                if ui.link(RichText::new(who).strong()).clicked() {
                    commands.push(Command::ShowPage(Page::Loyalty));
                    commands.push(Command::OpenCustomer(row.customer.clone()));
                }
                let contact = [row.contact.email.as_deref(), row.contact.phone.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                ui.weak(if contact.is_empty() {
                    lang.t("no contact", "nessun contatto").to_string()
                } else {
                    contact
                });
                ui.label(RichText::new(kind_name(lang, action.kind)).strong());
                ui.label(lang.money(row.value_at_stake, currency.as_deref()));
            });
            ui.weak(reason_text(lang, &action.reason, currency.as_deref()));
            ui.horizontal(|ui| {
                if ui.small_button(lang.t("Done", "Fatto")).clicked() {
                    commands.push(Command::MarkAction {
                        customer: row.customer.clone(),
                        kind: action.kind,
                        marked: Marked::Done,
                    });
                }
                if ui.small_button(lang.t("Not now", "Non ora")).clicked() {
                    commands.push(Command::MarkAction {
                        customer: row.customer.clone(),
                        kind: action.kind,
                        marked: Marked::NotNow,
                    });
                }
                let text = message(lang, &app.templates, row, action);
                if ui
                    .small_button(lang.t("Copy message", "Copia messaggio"))
                    .on_hover_text(&text)
                    .clicked()
                {
                    app.clipboard_text = Some(text);
                }
            });
            ui.add_space(4.0);
        });
    }
    if rows.len() > SHOWN {
        ui.weak(match lang {
            Lang::En => format!(
                "The first {SHOWN} of {}; the export has them all.",
                rows.len()
            ),
            Lang::It => format!(
                "I primi {SHOWN} di {}; l'esportazione li contiene tutti.",
                rows.len()
            ),
        });
    }
    ui.separator();
    for block in crate::pages::actions::predictions_blocks(lang, &app.figures) {
        match block {
            crate::pages::Block::Heading(text) => {
                ui.label(RichText::new(text).strong().size(18.0));
            }
            crate::pages::Block::Note { text, warning } => note(ui, &text, warning),
            crate::pages::Block::Chart(chart) => {
                crate::ui::pages::widgets::chart_block(lang, ui, &chart, 260.0, &mut commands)
            }
            _ => {}
        }
    }
    ui.horizontal(|ui| {
        ui.label(lang.t("Predict over", "Prevedi su"));
        let mut weeks = app.scope.horizon_weeks;
        let changed = ui
            .add(egui::DragValue::new(&mut weeks).range(1..=104))
            .changed();
        ui.label(lang.t("weeks", "settimane"));
        if changed && weeks != app.scope.horizon_weeks {
            commands.push(Command::SetHorizon(weeks));
        }
        ui.separator();
        ui.label(lang.t(
            "Products go together when bought together in at least",
            "Due prodotti si abbinano se comprati insieme in almeno",
        ));
        let counted = app.figures.cross_sell.as_ref().map(|c| c.min_baskets);
        let mut n = app.scope.min_baskets.or(counted).unwrap_or(5);
        let changed = ui
            .add(egui::DragValue::new(&mut n).range(1..=100_000))
            .changed();
        ui.label(lang.t("orders", "ordini"));
        if changed && Some(n) != app.scope.min_baskets {
            commands.push(Command::SetMinBaskets(Some(n)));
        }
        if app.scope.min_baskets.is_some()
            && ui
                .small_button(lang.t("Automatic", "Automatico"))
                .on_hover_text(lang.t(
                    "5 orders, or one order in a thousand when there are more than 5,000.",
                    "5 ordini, o un ordine su mille quando sono più di 5.000.",
                ))
                .clicked()
        {
            commands.push(Command::SetMinBaskets(None));
        }
    });
    ui.separator();
    marked_today(app, ui, lang, &list, &mut commands);
    templates(app, ui, lang, &mut commands);
    for command in commands {
        app.send(command);
    }
}

fn segment_filter(app: &mut FidelioApp, ui: &mut egui::Ui, lang: Lang) {
    let name = |s: Segment| crate::charts::loyalty::segment_name(lang, s);
    let all = lang.t("All segments", "Tutti i segmenti");
    let current = app.actions_page.segment;
    egui::ComboBox::from_id_salt("actions_segment")
        .selected_text(current.map_or(all, name))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut app.actions_page.segment, None, all);
            for segment in Segment::ALL {
                ui.selectable_value(&mut app.actions_page.segment, Some(segment), name(segment));
            }
        });
}

/// What followed the actions done, one line per action.
fn outcomes(app: &FidelioApp, ui: &mut egui::Ui, lang: Lang) {
    let outcomes = app
        .actions_page
        .outcomes
        .as_ref()
        .map(|c| c.outcomes.as_slice())
        .unwrap_or_default();
    if outcomes.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.strong(lang.t("What followed", "Cosa è seguito"));
    for outcome in outcomes {
        ui.label(outcome_text(lang, outcome));
    }
}

/// The rules the data cannot feed, said.
fn missing_notes(ui: &mut egui::Ui, lang: Lang, list: &ActionList) {
    if !list.has_answers {
        note(ui, lang.t(
            "Calling back detractors and thanking promoters needs survey answers with a date and the customer's email, number or phone.",
            "Richiamare i detrattori e ringraziare i promotori richiede risposte al sondaggio con la data e l'email, il codice o il telefono del cliente.",
        ), false);
    }
    if !list.has_members {
        note(ui, lang.t(
            "Inviting frequent buyers to the loyalty card needs the card's members file.",
            "Invitare i clienti frequenti alla carta fedeltà richiede il file degli iscritti alla carta.",
        ), false);
    }
    if !list.has_pairs {
        note(
            ui,
            lang.t(
                "Proposing products needs orders that name what was sold.",
                "Proporre prodotti richiede ordini che dicono cosa è stato venduto.",
            ),
            false,
        );
    }
    if !list.has_categories {
        note(ui, lang.t(
            "Up-sell (a pricier product of the same category) needs a category or product type column in the orders.",
            "L'up-sell (un prodotto più caro della stessa categoria) richiede una colonna di categoria o tipo di prodotto negli ordini.",
        ), false);
    }
}

/// The actions marked on this list, with Undo.
fn marked_today(
    app: &FidelioApp,
    ui: &mut egui::Ui,
    lang: Lang,
    list: &ActionList,
    commands: &mut Vec<Command>,
) {
    let marked: Vec<_> = app
        .actions
        .records
        .iter()
        .filter(|r| r.day == list.today)
        .collect();
    if marked.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "{} ({})",
        lang.t("Marked on this list", "Segnate su questa lista"),
        marked.len()
    ))
    .id_salt("actions_marked")
    .show(ui, |ui| {
        for record in marked {
            ui.horizontal(|ui| {
                ui.label(&record.customer);
                ui.weak(kind_name(lang, record.kind));
                ui.weak(match record.marked {
                    Marked::Done => lang.t("done", "fatta"),
                    Marked::NotNow => lang.t("not now", "non ora"),
                });
                if ui.small_button(lang.t("Undo", "Annulla")).clicked() {
                    commands.push(Command::UnmarkAction(
                        record.customer.clone(),
                        record.kind,
                        record.day,
                    ));
                }
            });
        }
    });
}

/// The message templates, one action at a time.
fn templates(app: &mut FidelioApp, ui: &mut egui::Ui, lang: Lang, commands: &mut Vec<Command>) {
    egui::CollapsingHeader::new(lang.t("Messages", "Messaggi"))
        .id_salt("actions_templates")
        .show(ui, |ui| {
            ui.weak(lang.t(
                "{name} is the customer's name, {product} the product to propose, {have} the one they bought.",
                "{name} è il nome del cliente, {product} il prodotto da proporre, {have} quello che ha comprato.",
            ));
            let current = app
                .actions_page
                .template
                .as_ref()
                .map_or(ActionKind::CallBack, |(k, _)| *k);
            let mut chosen = current;
            egui::ComboBox::from_id_salt("template_kind")
                .selected_text(kind_name(lang, chosen))
                .show_ui(ui, |ui| {
                    for k in ActionKind::ALL {
                        ui.selectable_value(&mut chosen, k, kind_name(lang, k));
                    }
                });
            let saved = |k: ActionKind, app: &FidelioApp| {
                app.templates
                    .get(&k)
                    .cloned()
                    .unwrap_or_else(|| default_template(lang, k).to_string())
            };
            if app.actions_page.template.is_none() || chosen != current {
                app.actions_page.template = Some((chosen, saved(chosen, app)));
            }
            if let Some((k, text)) = &mut app.actions_page.template {
                ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                );
                ui.horizontal(|ui| {
                    if ui.button(lang.t("Save message", "Salva messaggio")).clicked() {
                        commands.push(Command::SetTemplate(*k, Some(text.clone())));
                    }
                    if ui
                        .button(lang.t("Back to the default", "Torna a quello predefinito"))
                        .clicked()
                    {
                        *text = default_template(lang, *k).to_string();
                        commands.push(Command::SetTemplate(*k, None));
                    }
                });
            }
        });
}
