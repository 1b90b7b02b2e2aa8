//! The app's exports: where a file goes (a dialog, or the Fidelio folder in Documents when
//! none can open), chart images, tables and the report, written on the export thread.

use std::path::PathBuf;

use crate::charts::Chart;
use crate::export::image::{ImageOptions, chart_image, png_bytes};
use crate::export::report::{ReportOptions, write_report};
use crate::export::table::{csv_bytes, xlsx_bytes};
use crate::figures::compute_reusing;
use crate::i18n::Lang;
use crate::import::pipeline::file_name;
use crate::pages::table::Table;
use crate::pages::{engagement_tables, loyalty_tables, nps_tables};
use crate::ui::app::{FidelioApp, stopped_text};
use crate::ui::commands::{TableChoice, TableFormat};
use crate::ui::platform::free_name;
use crate::ui::state::ExportOutcome;
use crate::ui::state::Level;
use crate::ui::tasks::{Poll, Running};

/// A folder for a new report: `folder` itself when empty, else a new dated subfolder in it.
pub(super) fn report_folder(
    folder: &std::path::Path,
    lang: Lang,
    today: chrono::NaiveDate,
) -> PathBuf {
    let empty = std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none());
    if empty {
        return folder.to_path_buf();
    }
    let base = format!(
        "{} {}",
        lang.t("Fidelio report", "Report Fidelio"),
        today.format("%Y-%m-%d")
    );
    let mut candidate = folder.join(&base);
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{base} ({n})"));
        n += 1;
    }
    candidate
}

pub(super) fn not_saved_text(lang: Lang, path: &std::path::Path, reason: &str) -> String {
    match lang {
        Lang::En => format!(
            "{} could not be saved: {reason}. Nothing else was changed; try another folder.",
            path.display()
        ),
        Lang::It => format!(
            "Impossibile salvare {}: {reason}. Nient'altro è stato modificato; prova un'altra cartella.",
            path.display()
        ),
    }
}

pub(super) fn no_save_dialog_text(lang: Lang) -> String {
    lang.t(
        "No file dialog is available on this system to choose where to save. From a terminal, `fidelio report FILE… --out FOLDER` writes every chart and table.",
        "Su questo sistema non è disponibile una finestra per scegliere dove salvare. Da un terminale, `fidelio report FILE… --out CARTELLA` scrive tutti i grafici e le tabelle.",
    )
    .to_string()
}

impl FidelioApp {
    /// The line under exported charts: the files and today's date, as in a report.
    pub(super) fn export_footer(&self) -> String {
        crate::export::footer(
            self.lang(),
            &self.workspace,
            chrono::Local::now().date_naive(),
        )
    }

    /// Asks where to save; `None` when the owner cancelled or no dialog exists (then said so).
    pub(super) fn ask_save_path(
        &mut self,
        file_name: &str,
        filter: &str,
        extensions: &[&str],
    ) -> Option<PathBuf> {
        if let Some(path) = self.next_save_path.take() {
            return Some(path);
        }
        let lang = self.lang();
        if !self.native_dialog {
            let folder = self.fallback_folder_ready()?;
            return Some(free_name(&folder, file_name));
        }
        // The native dialog asks before replacing an existing file.
        rfd::FileDialog::new()
            .set_title(lang.t("Save as", "Salva come"))
            .set_file_name(file_name)
            .add_filter(filter, extensions)
            .save_file()
    }

    /// The fallback folder, created, with a notice saying saves go there; `None` (and a
    /// warning) when it cannot be made.
    pub(super) fn fallback_folder_ready(&mut self) -> Option<PathBuf> {
        let lang = self.lang();
        let made = self
            .fallback_folder
            .clone()
            .filter(|folder| std::fs::create_dir_all(folder).is_ok());
        match &made {
            Some(folder) => self.notify(
                Level::Info,
                format!(
                    "{} {}",
                    lang.t(
                        "No file dialog is available on this system: saving into",
                        "Su questo sistema non c'è una finestra per scegliere dove salvare: salvo in",
                    ),
                    folder.display()
                ),
            ),
            None => self.notify(Level::Warning, no_save_dialog_text(lang)),
        }
        made
    }

    pub(super) fn start_export(
        &mut self,
        label: String,
        work: impl FnOnce() -> ExportOutcome + Send + 'static,
    ) {
        if self.export_task.is_some() {
            let lang = self.lang();
            self.notify(
                Level::Info,
                lang.t(
                    "An export is still running; try again when it is done.",
                    "Un'esportazione è ancora in corso; riprova quando è finita.",
                ),
            );
            return;
        }
        let repaint = self.repaint.clone();
        self.export_task = Some(Running::spawn(
            "fidelio-export",
            move || repaint(),
            move |reporter| {
                reporter.progress(0, 1, label);
                work()
            },
        ));
    }

    pub(super) fn image_options(&self) -> ImageOptions {
        let images = self.settings.images;
        ImageOptions {
            width: images.width.clamp(100, 8000),
            height: images.height.clamp(100, 8000),
            scale: images.scale.clamp(0.5, 8.0),
            dark: images.dark,
            footer: self.export_footer(),
        }
    }

    /// Changes how images are exported and remembers it.
    pub fn set_image_settings(&mut self, images: crate::settings::ImageSettings) {
        if self.settings.images != images {
            self.settings.images = images;
            self.save_settings();
        }
    }

    pub(super) fn save_chart(&mut self, chart: Chart) {
        let Some(path) = self.ask_save_path(&format!("{}.png", chart.id), "PNG", &["png"]) else {
            return;
        };
        let lang = self.lang();
        let options = self.image_options();
        let label = format!(
            "{} {}",
            lang.t("Saving", "Salvataggio di"),
            file_name(&path)
        );
        self.start_export(label, move || {
            let written = png_bytes(&chart_image(&chart, &options))
                .map_err(|e| e.to_string())
                .and_then(|png| std::fs::write(&path, png).map_err(|e| e.to_string()));
            match written {
                Ok(()) => ExportOutcome::Saved(path),
                Err(reason) => ExportOutcome::Failed(not_saved_text(lang, &path, &reason)),
            }
        });
    }

    pub(super) fn copy_chart(&mut self, chart: Chart) {
        let options = self.image_options();
        let label = self
            .lang()
            .t("Copying the chart", "Copia del grafico")
            .to_string();
        self.start_export(label, move || {
            ExportOutcome::Copied(chart_image(&chart, &options))
        });
    }

    pub(super) fn export_table(&mut self, choice: TableChoice, format: TableFormat) {
        let lang = self.lang();
        let Some(table) = self.table(choice) else {
            return;
        };
        let extension = format.extension();
        let name = format!("{}.{extension}", table.id);
        let filter = match format {
            TableFormat::Csv => "CSV",
            TableFormat::Xlsx => "Excel",
        };
        let Some(path) = self.ask_save_path(&name, filter, &[extension]) else {
            return;
        };
        let label = format!(
            "{} {}",
            lang.t("Saving", "Salvataggio di"),
            file_name(&path)
        );
        self.start_export(label, move || {
            let bytes = match format {
                TableFormat::Csv => csv_bytes(&table, lang).map_err(|e| e.to_string()),
                TableFormat::Xlsx => xlsx_bytes(&table).map_err(|e| e.to_string()),
            };
            match bytes.and_then(|b| std::fs::write(&path, b).map_err(|e| e.to_string())) {
                Ok(()) => ExportOutcome::Saved(path),
                Err(reason) => ExportOutcome::Failed(not_saved_text(lang, &path, &reason)),
            }
        });
    }

    /// The table the owner asked for, as the page shows it; `None` before its figures exist.
    pub(super) fn table(&self, choice: TableChoice) -> Option<Table> {
        let lang = self.lang();
        if let TableChoice::Comments | TableChoice::FollowUp = choice {
            let view = self.figures.nps.clone()?;
            return Some(match choice {
                TableChoice::Comments => nps_tables::comments_table(lang, &view),
                _ => nps_tables::follow_up_table(lang, &view),
            });
        }
        if let TableChoice::Engagement(id) = choice {
            let view = self.figures.engagement.clone()?;
            return engagement_tables::page_tables(lang, &view)
                .into_iter()
                .find(|t| t.id == id);
        }
        if let TableChoice::Actions = choice {
            let list = self.figures.actions.clone()?;
            return Some(crate::pages::actions::actions_table(
                lang,
                self.figures.currency.as_deref(),
                &list,
                &self.actions,
                self.actions_page.kind,
                self.actions_page.segment,
                &self.templates,
            ));
        }
        let view = self.figures.loyalty.clone()?;
        match choice {
            TableChoice::Customers => {
                let page = &self.loyalty_page;
                let rows =
                    crate::ui::state::customer_rows(&view, page.list, &page.search, page.sort);
                Some(loyalty_tables::customers_table(lang, &view, &rows))
            }
            TableChoice::Cohorts(measure) => {
                Some(loyalty_tables::cohort_table(lang, &view, measure))
            }
            TableChoice::Segments => Some(loyalty_tables::segments_table(lang, &view)),
            TableChoice::Tenure => Some(loyalty_tables::tenure_table(lang, &view)),
            TableChoice::Lapsed => Some(loyalty_tables::lapsed_table(lang, &view)),
            TableChoice::RepeatRate => Some(loyalty_tables::repeat_rate_table(lang, &view)),
            TableChoice::NpsBySegment => loyalty_tables::nps_by_segment_table(lang, &view),
            TableChoice::RepeatByNpsGroup => loyalty_tables::repeat_by_nps_group_table(lang, &view),
            TableChoice::Comments
            | TableChoice::FollowUp
            | TableChoice::Engagement(_)
            | TableChoice::Actions => None,
        }
    }

    /// Writes the report pack; a review, when given, opens it.
    pub(super) fn export_report(&mut self, review: Option<crate::analysis::review::ReviewEntry>) {
        let lang = self.lang();
        let chosen = match self.next_save_path.take() {
            Some(path) => Some(path),
            None if !self.native_dialog => self.fallback_folder_ready(),
            None => rfd::FileDialog::new()
                .set_title(lang.t("Folder for the report", "Cartella per il report"))
                .pick_folder(),
        };
        let Some(folder) = chosen else { return };
        // Never write over what is in the chosen folder: a non-empty one gets a new subfolder.
        let today = chrono::Local::now().date_naive();
        let dir = report_folder(&folder, lang, today);
        let workspace = self.workspace.clone();
        // The scope on screen: the report shows what the owner sees. Figures still being
        // computed for it are computed here, from those on screen.
        let scope = self.scope.clone();
        let earlier =
            (self.figures_generation == self.files_generation).then(|| self.figures.clone());
        let options = ReportOptions {
            lang,
            image: self.image_options(),
            force: false,
            made_on: today,
            review,
            actions: (self.actions.clone(), self.templates.clone()),
        };
        let label = lang
            .t("Writing the report", "Scrittura del report")
            .to_string();
        self.start_export(label, move || {
            let figures = match compute_reusing(&workspace, &scope, earlier.as_ref()) {
                Ok(figures) => figures,
                Err(error) => return ExportOutcome::Failed(error.to_string()),
            };
            match write_report(&dir, &workspace, &figures, &options, |_, _| {}) {
                Ok(files) => ExportOutcome::Report(dir, files.files.len()),
                Err(error) => ExportOutcome::Failed(error.message(lang)),
            }
        });
    }

    pub(super) fn poll_export(&mut self) {
        let lang = self.lang();
        let Some(task) = &mut self.export_task else {
            return;
        };
        match task.poll() {
            Poll::Pending => {}
            Poll::Done(outcome) => {
                self.export_task = None;
                match outcome {
                    ExportOutcome::Saved(path) => {
                        self.notify(
                            Level::Info,
                            format!("{} {}", lang.t("Saved", "Salvato"), path.display()),
                        );
                    }
                    ExportOutcome::Report(dir, count) => self.notify(
                        Level::Info,
                        format!(
                            "{} {count} {} {}",
                            lang.t("Report written:", "Report scritto:"),
                            lang.t("files in", "file in"),
                            dir.display()
                        ),
                    ),
                    ExportOutcome::Copied(image) => {
                        self.clipboard_image = Some(image);
                        self.notify(
                            Level::Info,
                            lang.t(
                                "Chart copied: paste it into your document or message.",
                                "Grafico copiato: incollalo nel documento o nel messaggio.",
                            ),
                        );
                    }
                    ExportOutcome::Failed(text) => self.notify(Level::Error, text),
                }
            }
            Poll::Failed(doing) => {
                self.export_task = None;
                self.notify(Level::Error, stopped_text(lang, &doing));
            }
        }
    }
}
