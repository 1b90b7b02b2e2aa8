//! What the Actions page's buttons do to the window's state: marks kept in the workspace, and
//! the open list's addresses on the clipboard.

use crate::analysis::actions::{ActionKind, ActionRecord, Marked};
use crate::ui::app::FidelioApp;

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
}
