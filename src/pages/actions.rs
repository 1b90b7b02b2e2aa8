//! This week's list in words: each action's name, its reason, a message the owner can send
//! (from a template they can edit), what followed, and the list as a table for mail merge. The
//! Actions page, the Overview, the customer card, `fidelio actions` and `fidelio customer` all
//! write them from here.

use crate::analysis::actions::{Action, ActionKind, ActionLog, CustomerActions, Outcome, Reason};
use crate::figures::actions::ActionList;
use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell, money};

/// What to do, in a few words.
pub fn kind_name(lang: Lang, kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::CallBack => lang.t("Call back", "Richiama"),
        ActionKind::WinBack => lang.t("Win back", "Riconquista"),
        ActionKind::Birthday => lang.t("Birthday wishes", "Auguri di compleanno"),
        ActionKind::ThankPromoter => lang.t(
            "Thank, ask for a review",
            "Ringrazia, chiedi una recensione",
        ),
        ActionKind::WelcomeSecond => {
            lang.t("Welcome a second purchase", "Invita al secondo acquisto")
        }
        ActionKind::CrossSell => lang.t("Propose a product", "Proponi un prodotto"),
        ActionKind::ProposePopular => lang.t("Propose a favourite", "Proponi un preferito"),
        ActionKind::UpSell => lang.t("Propose a step up", "Proponi un prodotto superiore"),
        ActionKind::InviteLoyalty => {
            lang.t("Invite to the loyalty card", "Invita alla carta fedeltà")
        }
    }
}

/// Why, with its figures (prices in the orders' currency, when they say one).
pub fn reason_text(lang: Lang, reason: &Reason, currency: Option<&str>) -> String {
    match reason {
        Reason::Detractor {
            score,
            date,
            comment,
        } => {
            let said = match lang {
                Lang::En => format!("Answered {score} on {}", lang.date(*date)),
                Lang::It => format!("Ha risposto {score} il {}", lang.date(*date)),
            };
            match comment {
                Some(comment) => format!("{said}: “{}”", clip(comment, 120)),
                None => said,
            }
        }
        Reason::Promoter { score, date } => match lang {
            Lang::En => format!("Answered {score} on {}", lang.date(*date)),
            Lang::It => format!("Ha risposto {score} il {}", lang.date(*date)),
        },
        Reason::Overdue {
            days_since,
            usual_days,
        } => match lang {
            Lang::En => format!(
                "{} days since the last purchase, usually every {} days ({} times)",
                lang.number(*days_since, 0),
                lang.number(*usual_days, 0),
                lang.number(days_since / usual_days, 1)
            ),
            Lang::It => format!(
                "{} giorni dall'ultimo acquisto, di solito ogni {} giorni ({} volte)",
                lang.number(*days_since, 0),
                lang.number(*usual_days, 0),
                lang.number(days_since / usual_days, 1)
            ),
        },
        Reason::Lapsed { days_since, window } => match lang {
            Lang::En => format!(
                "No order for {days_since} days, past the {window} after which a customer counts as lapsed"
            ),
            Lang::It => format!(
                "Nessun ordine da {days_since} giorni, oltre i {window} dopo i quali un cliente è considerato perso"
            ),
        },
        Reason::Fading { p_alive } => match lang {
            Lang::En => format!(
                "Probability still a customer: {}",
                lang.percent(*p_alive, 0)
            ),
            Lang::It => format!(
                "Probabilità che sia ancora cliente: {}",
                lang.percent(*p_alive, 0)
            ),
        },
        Reason::Birthday { on } => match lang {
            Lang::En => format!("Birthday on {}", lang.date(*on)),
            Lang::It => format!("Compleanno il {}", lang.date(*on)),
        },
        Reason::FirstOrder { days_since } => match lang {
            Lang::En => format!("First and only order {days_since} days ago"),
            Lang::It => format!("Primo e unico ordine {days_since} giorni fa"),
        },
        Reason::GoesWith {
            have,
            then,
            both,
            of,
        } => match lang {
            Lang::En => format!("{both} of {of} orders with {have} also had {then}"),
            Lang::It => format!("{both} ordini su {of} con {have} avevano anche {then}"),
        },
        Reason::Popular {
            product,
            baskets,
            of,
        } => match lang {
            Lang::En => format!(
                "{product} is in {} of {} orders and they have not bought it; the most popular products did better than the pairs in the last weeks",
                lang.count(*baskets),
                lang.count(*of)
            ),
            Lang::It => format!(
                "{product} è in {} ordini su {} e non l'ha ancora comprato; i prodotti più venduti hanno funzionato meglio delle coppie nelle ultime settimane",
                lang.count(*baskets),
                lang.count(*of)
            ),
        },
        Reason::Pricier {
            have,
            then,
            category,
            have_price,
            then_price,
        } => match lang {
            Lang::En => format!(
                "Bought {have} ({}); {then} ({}) is a pricier choice in {category}",
                lang.money(*have_price, currency),
                lang.money(*then_price, currency)
            ),
            Lang::It => format!(
                "Ha comprato {have} ({}); {then} ({}) è una scelta superiore in {category}",
                lang.money(*have_price, currency),
                lang.money(*then_price, currency)
            ),
        },
        Reason::FrequentWithoutCard { orders } => match lang {
            Lang::En => format!("{orders} orders and no loyalty card"),
            Lang::It => format!("{orders} ordini e nessuna carta fedeltà"),
        },
    }
}

/// The message a template starts from, in the owner's language. `{name}` is the customer's
/// name (or nothing), `{product}` the product to propose, `{have}` the one they bought.
pub fn default_template(lang: Lang, kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::CallBack => lang.t(
            "Hello {name}, thank you for your honest answer. We are sorry we let you down: may we call you to hear what went wrong and put it right?",
            "Buongiorno {name}, grazie per la sua risposta sincera. Ci dispiace di averla delusa: possiamo chiamarla per capire cosa non è andato e rimediare?",
        ),
        ActionKind::WinBack => lang.t(
            "Hello {name}, we have missed you! Come and see what is new: this month a small gift is waiting for you.",
            "Buongiorno {name}, ci è mancato/a! Venga a vedere le novità: questo mese la aspetta un piccolo omaggio.",
        ),
        ActionKind::Birthday => lang.t(
            "Happy birthday, {name}! A small gift is waiting for you in the shop this week.",
            "Buon compleanno, {name}! Questa settimana in negozio la aspetta un piccolo regalo.",
        ),
        ActionKind::ThankPromoter => lang.t(
            "Hello {name}, thank you for recommending us! Would you leave us a short review? It helps a small shop like ours a lot.",
            "Buongiorno {name}, grazie per averci consigliato! Ci lascerebbe una breve recensione? Per un piccolo negozio come il nostro è preziosa.",
        ),
        ActionKind::WelcomeSecond => lang.t(
            "Hello {name}, thank you for your first order! Here is a welcome discount for your next one.",
            "Buongiorno {name}, grazie per il suo primo ordine! Ecco uno sconto di benvenuto per il prossimo.",
        ),
        ActionKind::CrossSell => lang.t(
            "Hello {name}, many customers who chose {have} also love {product}. Would you like to try it?",
            "Buongiorno {name}, molti clienti che hanno scelto {have} apprezzano anche {product}. Le piacerebbe provarlo?",
        ),
        ActionKind::ProposePopular => lang.t(
            "Hello {name}, {product} is one of our customers' favourites: would you like to try it?",
            "Buongiorno {name}, {product} è tra i preferiti dei nostri clienti: le piacerebbe provarlo?",
        ),
        ActionKind::UpSell => lang.t(
            "Hello {name}, since you liked {have}, we think you would enjoy {product}: would you like to try it?",
            "Buongiorno {name}, visto che ha apprezzato {have}, pensiamo che le piacerà {product}: vuole provarlo?",
        ),
        ActionKind::InviteLoyalty => lang.t(
            "Hello {name}, you are one of our most faithful customers: join our loyalty card and collect points on every purchase.",
            "Buongiorno {name}, è tra i nostri clienti più fedeli: aderisca alla nostra carta fedeltà e accumuli punti a ogni acquisto.",
        ),
    }
}

pub use crate::analysis::actions::Templates;

/// The message for `row`'s `action`: the owner's template for it, else the default, with the
/// placeholders filled. Without a name, "Hello {name}," reads "Hello,".
pub fn message(
    lang: Lang,
    templates: &Templates,
    row: &CustomerActions,
    action: &Action,
) -> String {
    let template = templates
        .get(&action.kind)
        .map_or(default_template(lang, action.kind), String::as_str);
    // The whole name: a shop's customers include firms ("Studio Legale Bianchi").
    let name = row.name.as_deref().map(str::trim).unwrap_or("");
    let (have, product) = match &action.reason {
        Reason::GoesWith { have, then, .. } => (have.as_str(), then.as_str()),
        Reason::Popular { product, .. } => ("", product.as_str()),
        Reason::Pricier { have, then, .. } => (have.as_str(), then.as_str()),
        _ => ("", ""),
    };
    let filled = template
        .replace("{name}", name)
        .replace("{product}", product)
        .replace("{have}", have);
    // "Hello ," when there is no name.
    filled.replace(" ,", ",").replace("  ", " ")
}

/// "Of 12 customers contacted to win them back, 4 ordered within 30 days; of 30 similar
/// customers not contacted, 9 %."
pub fn outcome_text(lang: Lang, outcome: &Outcome) -> String {
    let share = |n: u32, of: u32| {
        if of == 0 {
            "–".to_string()
        } else {
            lang.percent(f64::from(n) / f64::from(of), 0)
        }
    };
    let days = crate::analysis::actions::FOLLOW_DAYS;
    let what = kind_name(lang, outcome.kind).to_lowercase();
    let mut text = match lang {
        Lang::En => format!(
            "{what}: of {} customers contacted, {} ordered within {days} days ({}); of {} similar customers not contacted, {}",
            outcome.contacted,
            outcome.ordered,
            share(outcome.ordered, outcome.contacted),
            outcome.similar,
            share(outcome.similar_ordered, outcome.similar)
        ),
        Lang::It => format!(
            "{what}: di {} clienti contattati, {} hanno ordinato entro {days} giorni ({}); di {} clienti simili non contattati, {}",
            outcome.contacted,
            outcome.ordered,
            share(outcome.ordered, outcome.contacted),
            outcome.similar,
            share(outcome.similar_ordered, outcome.similar)
        ),
    };
    if outcome.waiting > 0 {
        text.push_str(&match lang {
            Lang::En => format!(
                "; {} more contacted, their {days} days not in the data yet",
                outcome.waiting
            ),
            Lang::It => format!(
                "; altri {} contattati, i loro {days} giorni non ancora nei dati",
                outcome.waiting
            ),
        });
    }
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "Checked on the 13 weeks after 22/08/2026: of 120 customers who bought again, 18 % bought
/// one of their five suggestions; 11 % one of the five most popular products".
pub fn check_text(lang: Lang, check: &crate::figures::actions::SuggestionCheck) -> String {
    let share = |n: usize| {
        if check.customers == 0 {
            "–".to_string()
        } else {
            lang.percent(n as f64 / check.customers as f64, 0)
        }
    };
    match lang {
        Lang::En => format!(
            "Suggestions checked on the {} weeks after {}: of {} customers who bought again, {} bought one of their five suggestions; {} one of the five most popular products they did not have.",
            check.weeks,
            lang.date(check.calibration_end),
            check.customers,
            share(check.cross_sell_hits),
            share(check.popular_hits)
        ),
        Lang::It => format!(
            "Suggerimenti verificati sulle {} settimane dopo il {}: di {} clienti che hanno ricomprato, il {} ha comprato uno dei suoi cinque suggerimenti; il {} uno dei cinque prodotti più venduti che non aveva.",
            check.weeks,
            lang.date(check.calibration_end),
            check.customers,
            share(check.cross_sell_hits),
            share(check.popular_hits)
        ),
    }
}

/// The open list (what `log` has not marked away), of one action or all, as a table for mail
/// merge: contact, action, reason, value at stake and the message.
pub fn actions_table(
    lang: Lang,
    currency: Option<&str>,
    list: &ActionList,
    log: &ActionLog,
    kind: Option<ActionKind>,
    segment: Option<crate::analysis::rfm::Segment>,
    templates: &Templates,
) -> Table {
    let columns = [
        lang.t("Customer", "Cliente"),
        lang.t("Name", "Nome"),
        lang.t("Email", "Email"),
        lang.t("Phone", "Telefono"),
        lang.t("Action", "Azione"),
        lang.t("Action code", "Codice azione"),
        lang.t("Why", "Perché"),
        lang.t("Value at stake (12 months)", "Valore in gioco (12 mesi)"),
        lang.t("Segment", "Segmento"),
        lang.t("Message", "Messaggio"),
    ];
    let rows = list
        .open(log, kind)
        .filter(|(row, _)| segment.is_none_or(|s| row.segment == Some(s)))
        .map(|(row, action)| {
            vec![
                TableCell::from(row.customer.as_str()),
                TableCell::from(row.name.as_deref()),
                TableCell::from(row.contact.email.as_deref()),
                TableCell::from(row.contact.phone.as_deref()),
                TableCell::from(kind_name(lang, action.kind)),
                TableCell::from(action.kind.as_str()),
                TableCell::Text(reason_text(lang, &action.reason, currency)),
                money(row.value_at_stake),
                TableCell::from(
                    row.segment
                        .map(|s| crate::charts::loyalty::segment_name(lang, s)),
                ),
                TableCell::Text(message(lang, templates, row, action)),
            ]
        })
        .collect();
    Table {
        id: "actions",
        title: lang
            .t("What to do this week", "Cosa fare questa settimana")
            .to_string(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

/// What the customers will likely do and how good that is on this shop: the totals the models
/// expect over the horizon, or why they are not used, and the hold-out chart.
pub fn predictions_blocks(
    lang: Lang,
    figures: &crate::figures::Figures,
) -> Vec<crate::pages::Block> {
    use crate::figures::predictions::NotUsed;
    use crate::pages::Block;
    let Some(p) = figures.predictions.as_deref() else {
        return Vec::new();
    };
    let currency = figures.currency.as_deref();
    let mut blocks = vec![Block::Heading(
        lang.t(
            "What the customers will likely do",
            "Cosa faranno probabilmente i clienti",
        )
        .to_string(),
    )];
    let text = match (p.not_used, p.expected_orders(), p.expected_revenue()) {
        (None, Some(orders), revenue) => {
            let value = revenue.map(|r| lang.money(r, currency));
            match lang {
                Lang::En => format!(
                    "In the next {} weeks the {} customers are expected to make {} purchases{}.",
                    p.horizon_weeks,
                    lang.count(p.customers.len() as u64),
                    lang.number(orders, 0),
                    value.map(|v| format!(" worth {v}")).unwrap_or_default()
                ),
                Lang::It => format!(
                    "Nelle prossime {} settimane dai {} clienti si attendono {} acquisti{}.",
                    p.horizon_weeks,
                    lang.count(p.customers.len() as u64),
                    lang.number(orders, 0),
                    value.map(|v| format!(" per {v}")).unwrap_or_default()
                ),
            }
        }
        (Some(NotUsed::TooFewRepeatCustomers(n)), _, _) => match lang {
            Lang::En => format!(
                "Too few customers have bought twice for a prediction ({n}, 30 needed): each customer's own rhythm is used instead."
            ),
            Lang::It => format!(
                "Troppo pochi clienti hanno comprato due volte per una previsione ({n}, ne servono 30): si usa il ritmo di ciascun cliente."
            ),
        },
        _ => lang
            .t(
                "This shop's orders do not fit the prediction model (no customer seems ever to stop buying, or the fit did not settle): each customer's own rhythm is used instead.",
                "Gli ordini di questo negozio non si adattano al modello di previsione (nessun cliente sembra smettere di comprare, o la stima non si è assestata): si usa il ritmo di ciascun cliente.",
            )
            .to_string(),
    };
    blocks.push(Block::Note {
        text,
        warning: false,
    });
    if let Some(holdout) = &p.holdout {
        blocks.push(Block::Chart(crate::charts::predictions::holdout_chart(
            lang, holdout,
        )));
    }
    blocks
}

/// The list as a report page: what is at stake, what followed, how the suggestions did, and
/// the open list as a table; `None` without a list.
pub fn page(
    lang: Lang,
    figures: &crate::figures::Figures,
    log: &ActionLog,
    templates: &Templates,
) -> Option<crate::pages::Page> {
    use crate::pages::{Block, Kpi, Page, PageId};
    let list = figures.actions.as_deref()?;
    let currency = figures.currency.as_deref();
    let table = actions_table(lang, currency, list, log, None, None, templates);
    let open: Vec<_> = list.open(log, None).collect();
    let at_stake: f64 = open.iter().map(|(r, _)| r.value_at_stake).sum();
    let mut blocks = vec![Block::Kpis(vec![
        Kpi::new(
            lang.t("Customers to act on", "Clienti su cui agire"),
            lang.count(open.len() as u64),
        ),
        Kpi::new(
            lang.t("Value at stake (12 months)", "Valore in gioco (12 mesi)"),
            lang.money(at_stake, currency),
        ),
        Kpi::new(
            lang.t("Revenue at risk", "Ricavi a rischio"),
            lang.money(list.revenue_at_risk(), currency),
        )
        .of(crate::analysis::goals::GoalKpi::RevenueAtRisk),
    ])];
    for outcome in crate::figures::actions::action_outcomes(figures, log).unwrap_or_default() {
        blocks.push(Block::Note {
            text: outcome_text(lang, &outcome),
            warning: false,
        });
    }
    if let Some(check) = figures.suggestion_check.as_deref() {
        blocks.push(Block::Note {
            text: check_text(lang, check),
            warning: false,
        });
    }
    blocks.push(Block::Table(table));
    blocks.extend(predictions_blocks(lang, figures));
    Some(Page {
        id: PageId::Actions,
        title: lang
            .t("What to do this week", "Cosa fare questa settimana")
            .to_string(),
        subtitle: match lang {
            Lang::En => format!("List of {}", lang.date(list.today)),
            Lang::It => format!("Lista del {}", lang.date(list.today)),
        },
        blocks,
    })
}

fn clip(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().count() > chars {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::actions::Contact;

    #[test]
    fn an_up_sell_names_its_prices_in_the_orders_currency() {
        let reason = Reason::Pricier {
            have: "moka 3 tazze".into(),
            then: "moka 6 tazze".into(),
            category: "caffettiere".into(),
            have_price: 24.5,
            then_price: 1234.0,
        };
        assert_eq!(
            reason_text(Lang::It, &reason, Some("EUR")),
            "Ha comprato moka 3 tazze (24,50 €); moka 6 tazze (1.234,00 €) è una scelta superiore in caffettiere"
        );
        // Orders that name no currency: the amounts alone, as the orders wrote them.
        assert_eq!(
            reason_text(Lang::En, &reason, None),
            "Bought moka 3 tazze (24.50); moka 6 tazze (1,234.00) is a pricier choice in caffettiere"
        );
    }

    #[test]
    fn a_message_fills_the_template_and_reads_well_without_a_name() {
        let action = Action {
            kind: ActionKind::CrossSell,
            reason: Reason::GoesWith {
                have: "moka".into(),
                then: "caffè macinato".into(),
                both: 18,
                of: 24,
            },
        };
        let mut row = CustomerActions {
            customer: "a@x.it".into(),
            name: Some("Anna Rossi".into()),
            contact: Contact::default(),
            segment: None,
            value_at_stake: 0.0,
            actions: vec![action.clone()],
        };
        let templates = Templates::new();
        assert_eq!(
            message(Lang::It, &templates, &row, &action),
            "Buongiorno Anna Rossi, molti clienti che hanno scelto moka apprezzano anche caffè macinato. Le piacerebbe provarlo?"
        );
        row.name = None;
        let own: Templates = [(
            ActionKind::CrossSell,
            "Ciao {name}, prova {product}!".to_string(),
        )]
        .into_iter()
        .collect();
        assert_eq!(
            message(Lang::It, &own, &row, &action),
            "Ciao, prova caffè macinato!"
        );
        assert_eq!(
            reason_text(Lang::En, &action.reason, None),
            "18 of 24 orders with moka also had caffè macinato"
        );
    }

    #[test]
    fn an_outcome_says_both_shares_and_what_is_still_waiting() {
        let outcome = Outcome {
            kind: ActionKind::WinBack,
            contacted: 12,
            ordered: 4,
            similar: 100,
            similar_ordered: 9,
            waiting: 2,
        };
        assert_eq!(
            outcome_text(Lang::En, &outcome),
            "Win back: of 12 customers contacted, 4 ordered within 30 days (33 %); of 100 similar customers not contacted, 9 %; 2 more contacted, their 30 days not in the data yet"
        );
    }
}
