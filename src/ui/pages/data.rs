//! The Data page: every loaded file with its kind, a preview, the role of each column (changeable)
//! and every row that was not used, with its reason.

use egui::{Color32, RichText};

use crate::i18n::Lang;
use crate::import::detect::{Evidence, Question, ValueKind};
use crate::import::pipeline::{ImportedFile, question_text, question_text_it};
use crate::import::read::SourceFormat;
use crate::import::roles::{FileKind, Role};
use crate::import::table::CellRef;
use crate::ui::FidelioApp;
use crate::ui::commands::Command;

const PREVIEW_ROWS: usize = 8;
const PROBLEMS_SHOWN: usize = 500;

/// A role's name in the UI language.
pub fn role_label(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Ignore => lang.t("— not used —", "— non usata —"),
        Role::Date => lang.t("Date", "Data"),
        Role::Score => lang.t("Score 0-10", "Voto 0-10"),
        Role::Comment => lang.t("Comment", "Commento"),
        Role::Email => "Email",
        Role::Name => lang.t("Name", "Nome"),
        Role::Phone => lang.t("Phone", "Telefono"),
        Role::CustomerId => lang.t("Customer ID", "Codice cliente"),
        Role::Store => lang.t("Store", "Negozio"),
        Role::Channel => lang.t("Channel", "Canale"),
        Role::Segment => lang.t("Other category", "Altra categoria"),
        Role::OrderId => lang.t("Order number", "Numero ordine"),
        Role::OrderTotal => lang.t("Order total", "Totale ordine"),
        Role::LineAmount => lang.t("Line amount", "Importo riga"),
        Role::Quantity => lang.t("Quantity", "Quantità"),
        Role::UnitPrice => lang.t("Unit price", "Prezzo unitario"),
        Role::Product => lang.t("Product", "Prodotto"),
        Role::Category => lang.t("Product category", "Categoria prodotto"),
        Role::Status => lang.t("Status", "Stato"),
        Role::Rating => lang.t("Stars 1-5", "Stelle 1-5"),
        Role::PointsEarned => lang.t("Points earned", "Punti accumulati"),
        Role::PointsRedeemed => lang.t("Points redeemed", "Punti utilizzati"),
        Role::EventType => lang.t("Event type", "Tipo di evento"),
        Role::Reach => lang.t("Reach", "Copertura"),
        Role::Likes => lang.t("Likes", "Mi piace"),
        Role::Comments => lang.t("Comments (count)", "Commenti (numero)"),
        Role::Shares => lang.t("Shares", "Condivisioni"),
        Role::Interactions => lang.t("Interactions", "Interazioni"),
        Role::PostType => lang.t("Post type", "Tipo di post"),
    }
}

/// A file kind's name in the UI language.
pub fn kind_label(lang: Lang, kind: FileKind) -> &'static str {
    match kind {
        FileKind::Survey => lang.t("Survey answers", "Risposte al sondaggio"),
        FileKind::Orders => lang.t("Orders", "Ordini"),
        FileKind::Engagement => lang.t("Engagement", "Coinvolgimento"),
        FileKind::Unknown => lang.t("Not recognised", "Non riconosciuto"),
    }
}

/// Draws the Data page.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.horizontal(|ui| {
        ui.heading(lang.t("Data", "Dati"));
        if ui.button(lang.t("Add files…", "Aggiungi file…")).clicked() {
            app.send(Command::OpenDialog);
        }
        if !app.workspace.files.is_empty()
            && ui.button(lang.t("Remove all", "Rimuovi tutti")).clicked()
        {
            app.send(Command::ClearFiles);
        }
    });
    if app.workspace.files.is_empty() {
        ui.label(lang.t(
            "No files yet. Open or drop your exports, or explore the demo shop from the Start page.",
            "Ancora nessun file. Apri o trascina le tue esportazioni, oppure esplora il negozio demo dalla pagina Inizio.",
        ));
        return;
    }
    egui::Panel::left("data_files")
        .resizable(true)
        .default_size(260.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (index, file) in app.workspace.files.iter().enumerate() {
                    // Two files of the same name show the folders that tell them apart, as
                    // the figures name them.
                    let mut text = RichText::new(app.workspace.source_label(file)).strong();
                    if file.error.is_some() {
                        text = text.color(Color32::from_rgb(0xc0, 0x39, 0x2b));
                    }
                    if ui
                        .selectable_label(app.selected_file == index, text)
                        .clicked()
                    {
                        app.selected_file = index;
                    }
                    ui.weak(format!(
                        "{} · {} {} · {} {}",
                        kind_label(lang, file.kind),
                        lang.count(file.rows() as u64),
                        lang.t("rows", "righe"),
                        lang.count(file.rows_skipped() as u64),
                        lang.t("skipped", "scartate")
                    ));
                    ui.add_space(4.0);
                }
                crate::ui::pages::merges::show(app, ui);
            });
        });
    let index = app.selected_file.min(app.workspace.files.len() - 1);
    let mut commands = Vec::new();
    egui::ScrollArea::both()
        .id_salt("data_detail")
        .show(ui, |ui| {
            let label = app.workspace.source_label(&app.workspace.files[index]);
            file_detail(
                lang,
                index,
                &app.workspace.files[index],
                &label,
                ui,
                &mut commands,
            );
        });
    for command in commands {
        app.send(command);
    }
}

fn file_detail(
    lang: Lang,
    index: usize,
    file: &ImportedFile,
    label: &str,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading(label);
        if ui.small_button(lang.t("Remove", "Rimuovi")).clicked() {
            commands.push(Command::RemoveFile(index));
        }
    });
    ui.weak(file.path.display().to_string());
    let mut facts = vec![kind_label(lang, file.kind).to_string()];
    if let Some(layout) = file.layout {
        // Tool names stay as they are; only the language in brackets is translated.
        let layout = match lang {
            Lang::En => layout.to_string(),
            Lang::It => layout
                .replace("(Italian)", "(in italiano)")
                .replace("(English)", "(in inglese)"),
        };
        facts.push(format!("{} {layout}", lang.t("layout:", "formato:")));
    }
    match &file.format {
        Some(SourceFormat::Delimited {
            encoding,
            delimiter,
        }) => {
            let delimiter = match delimiter {
                b'\t' => lang.t("tab", "tabulazione").to_string(),
                b' ' => lang
                    .t("columns aligned with spaces", "colonne allineate con spazi")
                    .to_string(),
                other => format!("'{}'", *other as char),
            };
            facts.push(format!("{} {encoding}", lang.t("encoding", "codifica")));
            facts.push(format!("{} {delimiter}", lang.t("separator", "separatore")));
        }
        Some(SourceFormat::Spreadsheet { .. }) | None => {}
    }
    ui.label(facts.join(" · "));
    if let Some(SourceFormat::Spreadsheet { sheets, sheet }) = &file.format {
        ui.horizontal(|ui| {
            ui.label(lang.t("Sheet:", "Foglio:"));
            egui::ComboBox::from_id_salt(("sheet", index))
                .selected_text(sheet.as_str())
                .show_ui(ui, |ui| {
                    for name in sheets {
                        if ui.selectable_label(name == sheet, name.as_str()).clicked()
                            && name != sheet
                        {
                            commands.push(Command::SetSheet {
                                file: index,
                                sheet: name.clone(),
                            });
                        }
                    }
                });
        });
    }
    if let Some(question) = file.question.as_ref().filter(|_| file.error.is_some()) {
        ask_question(lang, index, file, question, ui, commands);
    }
    if let Some(error) = file.error.as_ref().filter(|_| file.question.is_none()) {
        ui.label(
            RichText::new(format!(
                "{} {}",
                lang.t("Not used:", "Non usato:"),
                error.message(lang)
            ))
            .color(Color32::from_rgb(0xc0, 0x39, 0x2b)),
        );
    }
    ui.label(format!(
        "{} {} · {} {} · {} {}",
        lang.count(file.rows() as u64),
        lang.t("rows", "righe"),
        lang.count(file.rows_used() as u64),
        lang.t("used", "usate"),
        lang.count(file.rows_skipped() as u64),
        lang.t("skipped", "scartate"),
    ));
    match file.kind {
        FileKind::Orders => {
            ui.weak(lang.t(
                "Orders and refunds are read for the Loyalty page; rows that are not sales (voided, cancelled, totals) are listed below.",
                "Ordini e resi sono letti per la pagina Fedeltà; le righe che non sono vendite (stornate, annullate, totali) sono elencate qui sotto.",
            ));
        }
        FileKind::Engagement => {
            ui.weak(lang.t(
                "Reviews, loyalty cards, customer events and social posts are read for the Engagement page; rows that cannot be used are listed below.",
                "Recensioni, tessere fedeltà, eventi dei clienti e post social sono letti per la pagina Coinvolgimento; le righe che non si possono usare sono elencate qui sotto.",
            ));
        }
        FileKind::Survey | FileKind::Unknown => {}
    }
    let Some(table) = &file.table else { return };
    // `skipped_above` counts every row above the data, the header row included.
    let skipped = table.skipped_above.saturating_sub(1);
    if skipped > 0 {
        ui.weak(format!(
            "{} {}",
            lang.count(skipped as u64),
            lang.t(
                "rows besides the header were skipped above the data (titles, notes, blank rows or a second header row).",
                "righe oltre all'intestazione sono state saltate sopra i dati (titoli, note, righe vuote o una seconda riga di intestazione).",
            )
        ));
    }

    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(lang.t("Columns and their roles", "Colonne e ruoli")).strong());
        if file.roles != file.detected_roles
            && ui
                .small_button(lang.t("Undo my changes", "Annulla le mie modifiche"))
                .clicked()
        {
            commands.push(Command::ResetRoles(index));
        }
    });
    egui::Grid::new(("roles", index))
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong(lang.t("Column", "Colonna"));
            ui.strong(lang.t("Role", "Ruolo"));
            ui.strong(lang.t("First value", "Primo valore"));
            ui.strong(lang.t("Why", "Perché"));
            ui.end_row();
            for (column, header) in table.headers.iter().enumerate() {
                let role = file.roles.get(column).copied().unwrap_or_default();
                ui.label(header);
                egui::ComboBox::from_id_salt(("role", index, column))
                    .selected_text(role_label(lang, role))
                    .show_ui(ui, |ui| {
                        for option in Role::choices(file.kind, &file.roles) {
                            if ui
                                .selectable_label(option == role, role_label(lang, option))
                                .clicked()
                                && option != role
                            {
                                commands.push(Command::SetRole {
                                    file: index,
                                    column,
                                    role: option,
                                });
                            }
                        }
                    });
                // Look only near the top: this runs every frame, and a mostly empty column in
                // a big file would otherwise be scanned whole each time.
                let first = table
                    .column(column)
                    .take(200)
                    .map(|c| cell_text(lang, c))
                    .find(|v| !v.is_empty())
                    .unwrap_or_default();
                ui.weak(truncate(&first, 60));
                let chosen_by_owner = file.detected_roles.get(column) != Some(&role);
                let why = if chosen_by_owner {
                    lang.t("your choice", "scelta tua").to_string()
                } else if role == Role::Ignore {
                    String::new()
                } else {
                    file.evidence
                        .get(column)
                        .map(|e| evidence_text(lang, e, header))
                        .unwrap_or_default()
                };
                ui.weak(why);
                ui.end_row();
            }
        });
    if let Some(orders) = &file.orders {
        ui.weak(match orders.currency {
            Some(code) => format!(
                "{} {code}",
                lang.t("Amounts in this file are in", "Gli importi di questo file sono in")
            ),
            None => lang
                .t(
                    "This file does not say its currency: amounts show the one chosen in Settings.",
                    "Questo file non indica la valuta: gli importi mostrano quella scelta nelle Impostazioni.",
                )
                .to_string(),
        });
    }
    if file.orders.as_ref().is_some_and(|o| o.customer_from_name) {
        ui.weak(lang.t(
            "This file has no email, customer number or phone: customers are told apart by their name, so two customers with the same name count as one.",
            "Questo file non ha email, codice cliente né telefono: i clienti sono distinti per nome, quindi due clienti con lo stesso nome contano come uno.",
        ));
    }

    ui.add_space(8.0);
    ui.label(RichText::new(lang.t("First rows", "Prime righe")).strong());
    egui::Grid::new(("preview", index))
        .striped(true)
        .show(ui, |ui| {
            ui.strong("#");
            for header in &table.headers {
                ui.strong(truncate(header, 28));
            }
            ui.end_row();
            for (row_index, row) in table.rows.iter().take(PREVIEW_ROWS).enumerate() {
                ui.weak((row_index + 1).to_string());
                for cell in row {
                    ui.label(truncate(&cell_text(lang, cell), 40));
                }
                ui.end_row();
            }
        });

    ui.add_space(8.0);
    ui.label(
        RichText::new(format!(
            "{} ({})",
            lang.t("Rows not used", "Righe non usate"),
            lang.count(file.problems.len() as u64)
        ))
        .strong(),
    );
    if file.problems.is_empty() && file.rows_used() == 0 {
        ui.weak(lang.t(
            "No row is read until Fidelio knows what the file holds.",
            "Nessuna riga è letta finché Fidelio non sa cosa contiene il file.",
        ));
    } else if file.problems.is_empty() {
        ui.weak(lang.t("Every row was used.", "Tutte le righe sono state usate."));
    } else {
        egui::Grid::new(("problems", index))
            .striped(true)
            .show(ui, |ui| {
                ui.strong(lang.t("Row", "Riga"));
                ui.strong(lang.t("Column", "Colonna"));
                ui.strong(lang.t("Reason", "Motivo"));
                ui.end_row();
                for problem in file.problems.iter().take(PROBLEMS_SHOWN) {
                    ui.label(problem.row.to_string());
                    ui.label(&problem.column);
                    ui.label(problem.reason.message(lang));
                    ui.end_row();
                }
            });
        if file.problems.len() > PROBLEMS_SHOWN {
            ui.weak(format!(
                "{} {}",
                lang.count((file.problems.len() - PROBLEMS_SHOWN) as u64),
                lang.t("more rows not shown.", "altre righe non mostrate.")
            ));
        }
    }
}

/// What a column's values are, in words.
fn value_kind_label(lang: Lang, kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Date => lang.t("a date", "una data"),
        ValueKind::Money => lang.t("an amount of money", "un importo"),
        ValueKind::Score0To10 => lang.t("a whole number 0-10", "un numero intero 0-10"),
        ValueKind::Stars1To5 => lang.t("a whole number 1-5", "un numero intero 1-5"),
        ValueKind::Number => lang.t("a number", "un numero"),
        ValueKind::Email => lang.t("an email address", "un indirizzo email"),
        ValueKind::Code => lang.t("a code", "un codice"),
        ValueKind::Label => lang.t("a short label", "un'etichetta breve"),
        ValueKind::Text => lang.t("free text", "testo libero"),
    }
}

/// Why detection gave a column its role: "a date in 98 % of rows; header says 'Purchase Date'".
pub fn evidence_text(lang: Lang, evidence: &Evidence, header: &str) -> String {
    let mut parts = Vec::new();
    if let Some(kind) = evidence.values {
        parts.push(format!(
            "{} {} {} %{}",
            value_kind_label(lang, kind),
            lang.t("in", "nel"),
            evidence.percent,
            lang.t(" of rows", " delle righe")
        ));
    }
    if evidence.header {
        parts.push(format!(
            "{} '{header}'",
            lang.t("header says", "l'intestazione dice")
        ));
    }
    parts.join("; ")
}

/// The question detection asks when a file is nearly understood: which column holds the role,
/// with each candidate's first values to recognise it by.
fn ask_question(
    lang: Lang,
    index: usize,
    file: &ImportedFile,
    question: &Question,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let Some(table) = &file.table else { return };
    let title = capitalised(match lang {
        Lang::En => question_text(question.role),
        Lang::It => question_text_it(question.role),
    });
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(title).strong());
        ui.weak(match question.role {
            Role::Score => lang.t(
                "Fidelio found whole numbers from 0 to 10 but no header that says which are the answers. Pick one; you can change it below at any time.",
                "Fidelio ha trovato numeri interi da 0 a 10 ma nessuna intestazione dice quali sono le risposte. Scegline una; puoi cambiarla qui sotto quando vuoi.",
            ),
            _ => lang.t(
                "Fidelio found dates and customers but is not sure which column holds this. Pick one; you can change it below at any time.",
                "Fidelio ha trovato date e clienti ma non è sicuro di quale colonna lo contenga. Scegline una; puoi cambiarla qui sotto quando vuoi.",
            ),
        });
        for &column in &question.candidates {
            let Some(header) = table.headers.get(column) else { continue };
            let preview: Vec<String> = table
                .column(column)
                .map(|c| cell_text(lang, c))
                .filter(|v| !v.is_empty())
                .take(4)
                .collect();
            ui.horizontal(|ui| {
                if ui.button(header.as_str()).clicked() {
                    commands.push(Command::SetRole {
                        file: index,
                        column,
                        role: question.role,
                    });
                }
                ui.weak(truncate(&preview.join(" · "), 80));
            });
        }
    });
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A cell as the preview shows it: spreadsheet dates and decimals written the language's way,
/// text exactly as in the file.
fn cell_text(lang: Lang, cell: CellRef<'_>) -> String {
    match cell {
        CellRef::Date(date) => lang.date(date),
        CellRef::DateTime(at) => format!("{} {}", lang.date(at.date()), at.format("%H:%M:%S")),
        CellRef::Number(n) if n.fract() != 0.0 => {
            let text = n.to_string();
            if lang == Lang::It {
                text.replace('.', ",")
            } else {
                text
            }
        }
        other => other.display(),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
