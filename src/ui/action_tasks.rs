//! What the Actions page's buttons do to the window's state: marks kept in the workspace, the
//! open list's addresses on the clipboard, and what followed the marks, counted on a thread of
//! its own (a million orders take a tenth of a second: too long for a click).

use std::sync::Arc;

use crate::analysis::actions::{ActionKind, ActionRecord, Marked};
use crate::ui::app::FidelioApp;
use crate::ui::state::OutcomesCache;
use crate::ui::tasks::{Poll, Running};

impl FidelioApp {
    /// Marks `customer`'s `kind` on the list shown; the list's customers of that action are
    /// remembered the first time, to compare those contacted with those not.
    pub(super) fn mark_action(&mut self, customer: String, kind: ActionKind, marked: Marked) {
        let Some(list) = self.figures.actions.clone() else {
            return;
        };
        let record = ActionRecord {
            customer,
            kind,
            day: list.today,
            marked,
        };
        let listed = list.listed(&self.actions, kind);
        self.actions.mark(record, || listed);
        self.actions_generation += 1;
        self.workspace_changed();
    }

    /// Puts the email addresses of the open list (of the action filtered, if one is) on the
    /// clipboard, one per line.
    pub(super) fn copy_addresses(&mut self) {
        let Some(list) = self.figures.actions.clone() else {
            return;
        };
        let segment = self.actions_page.segment;
        let mut seen = std::collections::HashSet::new();
        let addresses: Vec<&str> = list
            .open(&self.actions, self.actions_page.kind)
            .filter(|(row, _)| segment.is_none_or(|s| row.segment == Some(s)))
            .filter_map(|(row, _)| row.contact.email.as_deref())
            .filter(|a| seen.insert(*a))
            .collect();
        let lang = self.lang();
        let count = addresses.len();
        self.clipboard_text = Some(addresses.join("\n"));
        self.notify(
            crate::ui::state::Level::Info,
            match lang {
                crate::i18n::Lang::En => format!("{count} addresses copied."),
                crate::i18n::Lang::It => format!("{count} indirizzi copiati."),
            },
        );
    }

    /// Counts what followed again, in the background, when the Actions page is shown and the
    /// marks or the orders changed since it was counted. The lines counted before stay on the
    /// page until the new ones come.
    pub(super) fn refresh_outcomes(&mut self) {
        if let Some(task) = &mut self.outcomes_task {
            match task.poll() {
                Poll::Pending => return,
                Poll::Done(cache) => {
                    self.outcomes_task = None;
                    self.actions_page.outcomes = Some(cache);
                }
                Poll::Failed(doing) => {
                    self.outcomes_task = None;
                    let text = crate::ui::app::stopped_text(self.lang(), &doing);
                    self.notify(crate::ui::state::Level::Error, text);
                    // Not again and again: an empty count stands for these marks and orders.
                    self.actions_page.outcomes = Some(OutcomesCache {
                        generation: self.actions_generation,
                        loyalty: self.figures.loyalty.clone(),
                        outcomes: Vec::new(),
                    });
                }
            }
        }
        let same_orders = |cache: &OutcomesCache| match (&cache.loyalty, &self.figures.loyalty) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        let fresh = self
            .actions_page
            .outcomes
            .as_ref()
            .is_some_and(|c| c.generation == self.actions_generation && same_orders(c));
        if fresh || self.page != crate::ui::commands::Page::Actions {
            return;
        }
        let (figures, log) = (self.figures.clone(), self.actions.clone());
        let generation = self.actions_generation;
        let repaint = self.repaint.clone();
        let doing = self.lang().t(
            "counting what followed the actions",
            "conteggio di cosa è seguito alle azioni",
        );
        self.outcomes_task = Some(Running::spawn(
            "fidelio-outcomes",
            move || repaint(),
            move |reporter| {
                reporter.progress(0, 1, doing);
                OutcomesCache {
                    generation,
                    loyalty: figures.loyalty.clone(),
                    outcomes: crate::figures::actions::action_outcomes(&figures, &log)
                        .unwrap_or_default(),
                }
            },
        ));
    }
}
