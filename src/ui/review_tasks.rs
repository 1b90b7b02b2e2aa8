//! The review's background work: the figures of the period under review, the one before and
//! the year before (each a computation of its own, too slow for a frame on a big shop), and a
//! goal's suggested target from the shop's history. Saving a review puts it in the log, which
//! the workspace file and the settings keep.

use crate::analysis::review::ReviewEntry;
use crate::figures::goals_day;
use crate::figures::review::{review_rows, suggest_target};
use crate::i18n::Lang;
use crate::pages::{figure_value, is_share};
use crate::ui::app::{FidelioApp, stopped_text};
use crate::ui::pages::goals::form_period;
use crate::ui::state::Level;
use crate::ui::tasks::{Poll, Running};

impl FidelioApp {
    /// The review log or cadence changed: remembered in the settings and the workspace.
    pub(super) fn review_changed(&mut self) {
        self.settings.review = self.review.clone();
        self.save_settings();
        self.workspace_changed();
    }

    /// Computes the review of the period that ended last, in the background.
    pub(super) fn prepare_review(&mut self) {
        self.prepare_review_keeping(None);
    }

    /// As [`Self::prepare_review`], with `notes` typed for a draft that is gone.
    fn prepare_review_keeping(&mut self, notes: Option<String>) {
        if !self.has_data() {
            return;
        }
        let period = self.review.cadence.under_review(self.today());
        let notes = self
            .review_page
            .draft
            .take()
            .filter(|d| d.period == period)
            .map(|d| d.notes)
            .or(notes)
            .unwrap_or_default();
        let workspace = self.workspace.clone();
        let figures = self.figures.clone();
        let log = self.actions.clone();
        let generation = self.files_generation;
        let today = self.today();
        let repaint = self.repaint.clone();
        self.review_task = Some(Running::spawn(
            "fidelio-review",
            move || repaint(),
            move |_| {
                let rows = review_rows(&workspace, &figures, &period).map_err(|e| e.to_string());
                let followed =
                    crate::figures::actions::action_outcomes(&figures, &log).unwrap_or_default();
                (
                    generation,
                    rows.map(|rows| ReviewEntry {
                        reviewed_on: today,
                        period,
                        rows,
                        notes,
                        followed,
                    }),
                )
            },
        ));
    }

    /// Takes a prepared review or a suggestion when they are done.
    pub(super) fn poll_review(&mut self) {
        let lang = self.lang();
        if let Some(task) = &mut self.review_task {
            match task.poll() {
                Poll::Pending => {}
                Poll::Done((generation, result)) => {
                    self.review_task = None;
                    match result {
                        // Figures of files since removed would review what is not there.
                        Ok(entry) if generation == self.files_generation => {
                            self.review_page.draft = Some(entry);
                        }
                        // Prepared again for the files as they are now, keeping what was
                        // typed meanwhile.
                        Ok(entry) => self.prepare_review_keeping(Some(entry.notes)),
                        Err(error) => self.notify(Level::Error, error),
                    }
                }
                Poll::Failed(doing) => {
                    self.review_task = None;
                    self.notify(Level::Error, stopped_text(lang, &doing));
                }
            }
        }
        if let Some(task) = &mut self.suggest_task {
            match task.poll() {
                Poll::Pending => {}
                Poll::Done((kpi, period, result)) => {
                    self.suggest_task = None;
                    let currency = self.figures.currency.clone();
                    let form = &mut self.goals_page;
                    // The form moved on to another figure or period: the answer is for nothing.
                    if form.figure != kpi || form.period != period {
                        form.suggestion = None;
                        return;
                    }
                    match result {
                        Ok(Some(suggestion)) => {
                            let shown = if is_share(kpi) {
                                suggestion.target * 100.0
                            } else {
                                suggestion.target
                            };
                            let decimals = if kpi.accumulates() && !is_share(kpi) {
                                0
                            } else {
                                1
                            };
                            form.target = lang.number(shown, decimals);
                            form.suggestion =
                                Some(suggestion_text(lang, kpi, &suggestion, currency.as_deref()));
                        }
                        Ok(None) => {
                            form.suggestion = Some(
                                lang.t(
                                    "No history for this figure yet: no suggestion.",
                                    "Ancora nessuno storico per questo indicatore: nessun suggerimento.",
                                )
                                .to_string(),
                            );
                        }
                        Err(error) => self.notify(Level::Error, error),
                    }
                }
                Poll::Failed(doing) => {
                    self.suggest_task = None;
                    self.notify(Level::Error, stopped_text(lang, &doing));
                }
            }
        }
    }

    /// Computes the Overview's changes when it is shown and they are not those of the files,
    /// scope and period on screen.
    pub(super) fn refresh_overview(&mut self) {
        if let Some(task) = &mut self.overview_task {
            match task.poll() {
                Poll::Pending => return,
                Poll::Done((key, result)) => {
                    self.overview_task = None;
                    match result {
                        Ok(rows) => {
                            self.overview = crate::ui::state::OverviewState {
                                key: Some(key),
                                rows,
                            };
                        }
                        Err(error) => self.notify(Level::Error, error),
                    }
                }
                Poll::Failed(doing) => {
                    self.overview_task = None;
                    let text = stopped_text(self.lang(), &doing);
                    self.notify(Level::Error, text);
                    // Not again and again: the key is taken as done.
                }
            }
        }
        let ready = self.page == crate::ui::commands::Page::Welcome
            && !self.pages.is_empty()
            && self.analysis_task.is_none()
            && !self.analysis_wanted
            && self.import_task.is_none()
            && self.figures_generation == self.files_generation;
        if !ready || self.overview_task.is_some() {
            return;
        }
        // The last period the data cover whole: a month cut short by an export made on the
        // 20th would look like a collapse.
        let day = goals_day(&self.figures).map_or(self.today(), |d| d.min(self.today()));
        let period = self.review.cadence.under_review(day);
        let key = (self.files_generation, self.scope.clone(), period.clone());
        if self.overview.key.as_ref() == Some(&key) {
            return;
        }
        // Taken at once, so a failed computation is not started again every frame; the rows
        // of another period or scope go, never to be shown under this one's label.
        self.overview = crate::ui::state::OverviewState {
            key: Some(key.clone()),
            rows: Vec::new(),
        };
        let workspace = self.workspace.clone();
        let figures = self.figures.clone();
        let keys: Vec<crate::figures::review::FigureKey> =
            crate::ui::pages::overview::headline_figures()
                .into_iter()
                // The cards are of the store and channel chosen: so are their changes.
                .map(|kpi| (kpi, self.scope.store.clone(), self.scope.channel.clone()))
                .collect();
        let repaint = self.repaint.clone();
        self.overview_task = Some(Running::spawn(
            "fidelio-overview",
            move || repaint(),
            move |_| {
                let rows =
                    crate::figures::review::period_rows(&workspace, &figures, &period, &keys)
                        .map_err(|e| e.to_string());
                (key, rows)
            },
        ));
    }

    /// Saves the prepared review, with its notes, to the log.
    pub(super) fn save_review(&mut self) {
        let Some(mut entry) = self.review_page.draft.clone() else {
            return;
        };
        entry.reviewed_on = self.today();
        // One review per period: saving again replaces it (notes written later win).
        self.review.log.retain(|e| e.period != entry.period);
        self.review.log.push(entry);
        self.review
            .log
            .sort_by_key(|e| (e.period.start, e.reviewed_on));
        self.review_page.shown = None;
        self.review_changed();
        let text = self.lang().t("Review saved.", "Revisione salvata.");
        self.notify(Level::Info, text);
    }

    /// Suggests a target for the goal in the form, from the shop's history.
    pub(super) fn suggest_goal(&mut self) {
        let lang = self.lang();
        let today = goals_day(&self.figures).unwrap_or_else(|| self.today());
        let form = &self.goals_page;
        let Some(period) = form_period(&form.period, today) else {
            self.goals_page.suggestion = Some(
                lang.t("Choose the period first.", "Scegli prima il periodo.")
                    .to_string(),
            );
            return;
        };
        let (kpi, direction, label) = (form.figure, form.direction, form.period.clone());
        let workspace = self.workspace.clone();
        let figures = self.figures.clone();
        let repaint = self.repaint.clone();
        self.goals_page.suggestion = Some(
            lang.t("Looking at the history…", "Analisi dello storico…")
                .to_string(),
        );
        self.suggest_task = Some(Running::spawn(
            "fidelio-goal-suggestion",
            move || repaint(),
            move |_| {
                let suggestion =
                    suggest_target(&workspace, &figures, kpi, direction, &period, today)
                        .map_err(|e| e.to_string());
                (kpi, label, suggestion)
            },
        ));
    }
}

/// How a suggestion was made, in words.
fn suggestion_text(
    lang: Lang,
    kpi: crate::analysis::goals::GoalKpi,
    suggestion: &crate::figures::review::Suggestion,
    currency: Option<&str>,
) -> String {
    let value = |v: f64| figure_value(lang, kpi, v, currency);
    let (start, end) = suggestion.last_period;
    // The change as a size: "a rise of 12", "a fall of 3.1 points".
    let size = if is_share(kpi) {
        format!("{} pt", lang.number(suggestion.best_change * 100.0, 1))
    } else {
        lang.number(
            suggestion.best_change,
            if kpi.accumulates() { 0 } else { 1 },
        )
    };
    let (start, end, last, target) = (
        lang.date(start),
        lang.date(end),
        value(suggestion.last),
        value(suggestion.target),
    );
    let fall = suggestion.target < suggestion.last;
    match (lang, suggestion.best_change > 0.0, fall) {
        (Lang::En, false, _) => format!(
            "From {start} to {end} it was {last}, and no period of the year before did better than the one before it: the suggestion is to hold {target}."
        ),
        (Lang::It, false, _) => format!(
            "Dal {start} al {end} è stato {last}, e nessun periodo dell'anno prima ha fatto meglio del precedente: il suggerimento è mantenere {target}."
        ),
        (Lang::En, true, false) => format!(
            "From {start} to {end} it was {last}; the best rise from one such period to the next in the year before was {size}. Suggested: {target}."
        ),
        (Lang::It, true, false) => format!(
            "Dal {start} al {end} è stato {last}; il miglior aumento da un periodo così al successivo nell'anno prima è stato di {size}. Suggerito: {target}."
        ),
        (Lang::En, true, true) => format!(
            "From {start} to {end} it was {last}; the biggest fall from one such period to the next in the year before was {size}. Suggested: {target}."
        ),
        (Lang::It, true, true) => format!(
            "Dal {start} al {end} è stato {last}; il calo maggiore da un periodo così al successivo nell'anno prima è stato di {size}. Suggerito: {target}."
        ),
    }
}
