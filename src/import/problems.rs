//! A row that could not be used, said so that the owner can find it in their own file, in either
//! language.

use serde::{Serialize, Serializer};

use crate::i18n::Lang;
use crate::import::values::DateOrder;

/// Why a row was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemReason {
    /// Every cell of the row is empty: a blank line in the file, not an answer.
    EmptyRow,
    /// The score cell is empty: the customer did not answer.
    BlankScore,
    /// A whole number outside 0-10.
    ScoreOutOfRange(i64),
    /// Something that is not a whole number.
    NotAScore(String),
    /// The date cell is empty.
    BlankDate,
    /// The date cell cannot be read in the column's format.
    NotADate {
        /// The cell as written.
        value: String,
        /// The format the rest of the column is written in.
        expected: Option<DateOrder>,
    },
    /// A totals row under the data ("Totale", "Total"), not an order.
    TotalsRow,
    /// The order number is blank and there is no order above for the row to continue.
    BlankOrderId,
    /// An amount, quantity or price cell that is not a number of the column's style, as written.
    NotAnAmount(String),
    /// An amount (or quantity × price) beyond what any order is worth
    /// ([`MAX_AMOUNT`](crate::import::orders::MAX_AMOUNT)), as written.
    AmountTooLarge(String),
    /// No amount at all: no line amount, no quantity and price, no order total.
    BlankAmount,
    /// The order was voided (status as written, e.g. Shopify's `voided`).
    VoidedOrder(String),
    /// The order was cancelled (status or cancellation date as written).
    CancelledOrder(String),
    /// The payment failed, so nothing was sold (status as written).
    FailedPayment(String),
    /// The order is not paid yet (pending, awaiting payment, a draft or pro-forma): not a
    /// sale until it is.
    UnpaidOrder(String),
    /// A heading over the rows below it (a report's customer name on a row of its own).
    Heading,
    /// The file says when orders were paid and this one has no payment date: not paid yet.
    NoPaymentDate,
    /// Money moved between the shop's own accounts (a withdrawal to the bank): no sale, no
    /// refund.
    Transfer(String),
    /// The line or order is worth 0: nothing sold and nothing refunded.
    ZeroValue,
    /// A review's stars are not a whole number from 1 to 5 (as written).
    NotARating(String),
}

impl ProblemReason {
    /// The reason in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ProblemReason::EmptyRow => lang.t("empty row", "riga vuota").to_string(),
            ProblemReason::BlankScore => lang
                .t(
                    "blank score: not a response",
                    "voto vuoto: non è una risposta",
                )
                .to_string(),
            ProblemReason::ScoreOutOfRange(n) => match lang {
                Lang::En => format!("score {n} is outside 0-10"),
                Lang::It => format!("il voto {n} è fuori dalla scala 0-10"),
            },
            ProblemReason::NotAScore(value) => match lang {
                Lang::En => format!("'{value}' is not a score from 0 to 10"),
                Lang::It => format!("'{value}' non è un voto da 0 a 10"),
            },
            ProblemReason::BlankDate => lang.t("blank date", "data vuota").to_string(),
            ProblemReason::NotADate { value, expected } => {
                let format = match (expected, lang) {
                    (Some(DateOrder::Dmy), Lang::En) => "dd/mm/yyyy",
                    (Some(DateOrder::Dmy), Lang::It) => "gg/mm/aaaa",
                    (Some(DateOrder::Mdy), Lang::En) => "mm/dd/yyyy",
                    (Some(DateOrder::Mdy), Lang::It) => "mm/gg/aaaa",
                    (Some(DateOrder::Ymd), Lang::En) => "yyyy-mm-dd",
                    (Some(DateOrder::Ymd), Lang::It) => "aaaa-mm-gg",
                    (None, _) => "",
                };
                match (lang, format.is_empty()) {
                    (Lang::En, false) => format!("'{value}' is not a date (expected {format})"),
                    (Lang::It, false) => format!("'{value}' non è una data (atteso {format})"),
                    (Lang::En, true) => format!("'{value}' is not a date"),
                    (Lang::It, true) => format!("'{value}' non è una data"),
                }
            }
            ProblemReason::TotalsRow => lang
                .t(
                    "a totals row, not an order",
                    "riga dei totali, non un ordine",
                )
                .to_string(),
            ProblemReason::BlankOrderId => lang
                .t(
                    "blank order number, and no order above for this line to belong to",
                    "numero d'ordine vuoto, e nessun ordine sopra a cui questa riga appartenga",
                )
                .to_string(),
            ProblemReason::NotAnAmount(value) => match lang {
                Lang::En => format!("'{value}' is not a number"),
                Lang::It => format!("'{value}' non è un numero"),
            },
            ProblemReason::AmountTooLarge(value) => match lang {
                Lang::En => format!(
                    "'{value}' is too large for an amount (Fidelio reads amounts up to 10,000,000,000,000)"
                ),
                Lang::It => format!(
                    "'{value}' è troppo grande per un importo (Fidelio legge importi fino a 10.000.000.000.000)"
                ),
            },
            ProblemReason::BlankAmount => lang
                .t(
                    "no amount: neither a total nor a quantity and a price",
                    "nessun importo: né un totale né quantità e prezzo",
                )
                .to_string(),
            ProblemReason::VoidedOrder(status) => match lang {
                Lang::En => format!("voided order ('{status}'): not a sale"),
                Lang::It => format!("ordine stornato ('{status}'): non è una vendita"),
            },
            ProblemReason::CancelledOrder(status) => match lang {
                Lang::En => format!("cancelled order ('{status}'): not a sale"),
                Lang::It => format!("ordine annullato ('{status}'): non è una vendita"),
            },
            ProblemReason::FailedPayment(status) => match lang {
                Lang::En => format!("payment failed ('{status}'): not a sale"),
                Lang::It => format!("pagamento non riuscito ('{status}'): non è una vendita"),
            },
            ProblemReason::UnpaidOrder(status) => match lang {
                Lang::En => format!("not paid yet ('{status}'): not a sale until it is paid"),
                Lang::It => {
                    format!("non ancora pagato ('{status}'): non è una vendita finché non è pagato")
                }
            },
            ProblemReason::Heading => lang
                .t(
                    "a heading for the rows below it (their customer), not an order",
                    "un titolo per le righe sotto (il loro cliente), non un ordine",
                )
                .to_string(),
            ProblemReason::NoPaymentDate => lang
                .t(
                    "no payment date: not paid yet, so not a sale",
                    "nessuna data di pagamento: non ancora pagato, quindi non è una vendita",
                )
                .to_string(),
            ProblemReason::Transfer(kind) => match lang {
                Lang::En => format!(
                    "money moved to or from the shop's own account ('{kind}'): not a sale or refund"
                ),
                Lang::It => {
                    format!("movimento tra conti del negozio ('{kind}'): né vendita né rimborso")
                }
            },
            ProblemReason::NotARating(value) if value.is_empty() => lang
                .t(
                    "no stars: not a review",
                    "nessuna stella: non è una recensione",
                )
                .to_string(),
            ProblemReason::NotARating(value) => match lang {
                Lang::En => format!("'{value}' is not a rating from 1 to 5 stars"),
                Lang::It => format!("'{value}' non è una valutazione da 1 a 5 stelle"),
            },
            ProblemReason::ZeroValue => lang
                .t(
                    "worth 0: nothing sold and nothing refunded",
                    "valore 0: niente venduto e niente rimborsato",
                )
                .to_string(),
        }
    }
}

/// One unusable row: its 1-based data-row number, the column at fault and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// 1 = the first row under the header.
    pub row: usize,
    /// Header of the column at fault; empty when the whole row is (an empty row).
    pub column: String,
    /// Why, in English in JSON; `reason.message(lang)` on screen.
    #[serde(rename = "message", serialize_with = "english")]
    pub reason: ProblemReason,
}

fn english<S: Serializer>(reason: &ProblemReason, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&reason.message(Lang::En))
}

impl RowProblem {
    /// A problem at `row` in `column`.
    pub fn new(row: usize, column: &str, reason: ProblemReason) -> RowProblem {
        RowProblem {
            row,
            column: column.to_string(),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_serialise_with_an_english_message() {
        let problem = RowProblem::new(3, "Voto", ProblemReason::ScoreOutOfRange(11));
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"row": 3, "column": "Voto", "message": "score 11 is outside 0-10"})
        );
        assert_eq!(
            problem.reason.message(Lang::It),
            "il voto 11 è fuori dalla scala 0-10"
        );
    }

    #[test]
    fn an_empty_row_is_said_in_both_languages() {
        assert_eq!(ProblemReason::EmptyRow.message(Lang::En), "empty row");
        assert_eq!(ProblemReason::EmptyRow.message(Lang::It), "riga vuota");
    }

    #[test]
    fn order_reasons_quote_the_status_in_both_languages() {
        let voided = ProblemReason::VoidedOrder("voided".into());
        assert_eq!(
            voided.message(Lang::En),
            "voided order ('voided'): not a sale"
        );
        assert_eq!(
            voided.message(Lang::It),
            "ordine stornato ('voided'): non è una vendita"
        );
        assert_eq!(
            ProblemReason::NotAnAmount("abc".into()).message(Lang::It),
            "'abc' non è un numero"
        );
    }
}
