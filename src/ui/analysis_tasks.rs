//! The app's figures: computed with their pages on the analysis thread whenever the files or
//! the scope change, and a customer's card on its own thread.

use std::sync::Arc;

use crate::analysis::customer::customer_card;
use crate::analysis::linked::answers_of;
use crate::figures::compute_reusing;
use crate::ui::app::{FidelioApp, stopped_text};
use crate::ui::state::{CustomerCardView, Level};
use crate::ui::tasks::{Poll, Running};

impl FidelioApp {
    /// The figures are to be computed again (in the background, reusing what the change
    /// leaves as it was).
    pub(super) fn want_analysis(&mut self) {
        self.analysis_wanted = self.has_data();
        // What changes the figures is what the workspace file keeps.
        self.workspace_changed();
    }

    pub(super) fn start_analysis(&mut self) {
        self.analysis_wanted = false;
        if !self.has_data() {
            return;
        }
        let generation = self.files_generation;
        // Figures of other files tell nothing about these.
        let earlier = (self.figures_generation == generation).then(|| self.figures.clone());
        let workspace = self.workspace.clone();
        let scope = self.scope.clone();
        let repaint = self.repaint.clone();
        let lang = self.lang();
        self.analysis_task = Some(Running::spawn(
            "fidelio-analysis",
            move || repaint(),
            move |_| {
                let result = compute_reusing(&workspace, &scope, earlier.as_ref()).map(|figures| {
                    let pages = crate::pages::build(lang, &figures)
                        .into_iter()
                        .map(Arc::new)
                        .collect();
                    (figures, pages, lang)
                });
                (generation, result.map_err(|e| e.to_string()))
            },
        ));
    }

    /// Builds a customer's card in the background: on a large file finding their lines takes
    /// longer than a frame.
    pub(super) fn open_customer(&mut self, key: String) {
        let Some(view) = self.figures.loyalty.clone() else {
            return;
        };
        let responses = self.figures.responses.clone();
        let pairs = self.figures.cross_sell.clone();
        let repaint = self.repaint.clone();
        self.loyalty_page.card = Some((key.clone(), None));
        self.card_task = Some(Running::spawn(
            "fidelio-customer",
            move || repaint(),
            move |_| {
                let frames = &view.frames;
                let card = || -> polars::prelude::PolarsResult<CustomerCardView> {
                    Ok(CustomerCardView {
                        card: customer_card(
                            &frames.orders,
                            &frames.refunds,
                            frames.lines()?,
                            &key,
                        )?,
                        answers: match &responses {
                            Some(answers) if answers.height() > 0 => answers_of(answers, &key)?,
                            _ => Vec::new(),
                        },
                        suggestions: pairs
                            .as_deref()
                            .map(|p| crate::figures::actions::suggestions_of(p, &key, 3))
                            .unwrap_or_default(),
                    })
                };
                let result = card().map_err(|e| e.to_string());
                (key, result)
            },
        ));
    }

    pub(super) fn poll_card(&mut self) {
        let lang = self.lang();
        let Some(task) = &mut self.card_task else {
            return;
        };
        match task.poll() {
            Poll::Pending => {}
            Poll::Done((key, Ok(card))) => {
                self.card_task = None;
                if let Some((open, slot)) = &mut self.loyalty_page.card
                    && *open == key
                {
                    *slot = Some(Arc::new(card));
                }
            }
            Poll::Done((_, Err(message))) => {
                self.card_task = None;
                self.loyalty_page.card = None;
                let text = format!(
                    "{}: {message}",
                    lang.t(
                        "The customer card could not be made",
                        "Impossibile preparare la scheda cliente"
                    )
                );
                self.notify(Level::Error, text);
            }
            Poll::Failed(doing) => {
                self.card_task = None;
                self.loyalty_page.card = None;
                self.notify(Level::Error, stopped_text(lang, &doing));
            }
        }
    }

    pub(super) fn poll_analysis(&mut self) {
        let Some(task) = &mut self.analysis_task else {
            return;
        };
        let outcome = task.poll();
        let lang = self.lang();
        match outcome {
            Poll::Pending => {}
            // Computed from files that have changed since: a newer analysis is already wanted.
            Poll::Done((generation, _)) if generation != self.files_generation => {
                self.analysis_task = None;
            }
            Poll::Done((generation, Ok((figures, pages, pages_lang)))) => {
                self.analysis_task = None;
                let same_nps = match (&self.figures.nps, &figures.nps) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    _ => false,
                };
                if !same_nps {
                    self.nps_page.matches = None;
                }
                self.figures = figures;
                self.figures_generation = generation;
                self.pages = pages;
                self.pages_lang = pages_lang;
            }
            Poll::Failed(doing) => {
                self.analysis_task = None;
                self.notify(Level::Error, stopped_text(lang, &doing));
            }
            Poll::Done((_, Err(message))) => {
                self.analysis_task = None;
                self.notify(
                    Level::Error,
                    format!(
                        "{}: {message}",
                        lang.t("Analysis failed", "Analisi non riuscita")
                    ),
                );
            }
        }
    }
}
