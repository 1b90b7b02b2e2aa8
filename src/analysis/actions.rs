//! What to do this week: for each customer, the actions their figures call for (call back a
//! detractor, thank a promoter, win back a customer slipping away, welcome a second purchase,
//! propose what goes with what they bought, invite a frequent buyer to the loyalty card), each
//! with its reason, and what followed the actions the owner marked done.
//!
//! Pure: one [`Facts`] per customer in, actions out; the clock is the list's day, given. The
//! rules, their thresholds and the value at stake are in docs/metrics.md ("Actions").

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::rfm::Segment;

/// Answers at most this many days old call for an action: older ones have had their moment.
pub const RECENT_DAYS: i64 = 30;
/// A repeat customer this many times their usual interval past their last purchase is
/// slipping away.
pub const OVERDUE_TIMES: f64 = 2.0;
/// Below this probability of still being active (when the model is used) a repeat customer
/// is slipping away.
pub const FADING_P_ALIVE: f64 = 0.5;
/// Orders that make a frequent buyer, for the loyalty card invitation.
pub const FREQUENT_ORDERS: u32 = 3;
/// Days after the list's day an order counts as following an action.
pub const FOLLOW_DAYS: i64 = 30;
/// Days an action marked done keeps the same action off the customer's list.
pub const DONE_HIDES_DAYS: i64 = 90;
/// A birthday this many days ahead (the list's day included) calls for wishes.
pub const BIRTHDAY_DAYS: i64 = 7;
/// Days "not now" keeps it off.
pub const NOT_NOW_HIDES_DAYS: i64 = 30;

/// What to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Call back a recent detractor.
    CallBack,
    /// Win back a customer slipping away.
    WinBack,
    /// Send birthday wishes.
    Birthday,
    /// Thank a recent promoter and ask for a review.
    ThankPromoter,
    /// Welcome a first purchase and invite a second.
    WelcomeSecond,
    /// Propose a product that goes with what they bought.
    CrossSell,
    /// Propose one of the most popular products they have not bought (when those did better
    /// than the pairs in the hold-out check).
    ProposePopular,
    /// Propose a pricier product of a category they bought from.
    UpSell,
    /// Invite a frequent buyer without a loyalty card to join.
    InviteLoyalty,
}

impl ActionKind {
    /// Every kind, most pressing first: a customer's next best action is the first that
    /// applies to them.
    pub const ALL: [ActionKind; 9] = [
        ActionKind::CallBack,
        ActionKind::WinBack,
        ActionKind::Birthday,
        ActionKind::ThankPromoter,
        ActionKind::WelcomeSecond,
        ActionKind::InviteLoyalty,
        ActionKind::CrossSell,
        ActionKind::ProposePopular,
        ActionKind::UpSell,
    ];

    /// The name in the summary, the CLI and exported lists.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::CallBack => "call_back",
            ActionKind::WinBack => "win_back",
            ActionKind::Birthday => "birthday",
            ActionKind::ThankPromoter => "thank_promoter",
            ActionKind::WelcomeSecond => "welcome_second",
            ActionKind::CrossSell => "cross_sell",
            ActionKind::ProposePopular => "propose_popular",
            ActionKind::UpSell => "up_sell",
            ActionKind::InviteLoyalty => "invite_loyalty",
        }
    }

    /// True for the actions whose customers' value is at risk (detractors and customers
    /// slipping away): what "revenue at risk" sums.
    pub fn at_risk(self) -> bool {
        matches!(self, ActionKind::CallBack | ActionKind::WinBack)
    }
}

/// The message templates the owner edited, by action; the others are their language's
/// default (`pages::actions::default_template`).
pub type Templates = BTreeMap<ActionKind, String>;

/// Why an action applies, as figures (each language writes them its own way).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "because", rename_all = "snake_case")]
pub enum Reason {
    /// They answered 0-6 on this day.
    Detractor {
        /// Their score.
        score: i32,
        /// When.
        date: NaiveDate,
        /// What they wrote.
        comment: Option<String>,
    },
    /// They answered 9-10 on this day.
    Promoter {
        /// Their score.
        score: i32,
        /// When.
        date: NaiveDate,
    },
    /// Days since their last purchase against their usual days between purchases.
    Overdue {
        /// Days since the last purchase, to the last day counted.
        days_since: f64,
        /// Their usual days between purchases.
        usual_days: f64,
    },
    /// No order for longer than the shop's lapse window (a one-time buyer has no rhythm of
    /// their own to judge by).
    Lapsed {
        /// Days since their last order, to the list's day.
        days_since: i64,
        /// The lapse window.
        window: u32,
    },
    /// The model's probability that they are still active has fallen below the threshold.
    Fading {
        /// That probability.
        p_alive: f64,
    },
    /// Their birthday falls on this day, within the week.
    Birthday {
        /// This year's (or next year's) birthday.
        on: NaiveDate,
    },
    /// One order, this many days ago.
    FirstOrder {
        /// Days since it, to the list's day.
        days_since: i64,
    },
    /// "`both` of `of` orders with `have` also had `then`".
    GoesWith {
        /// A product they bought.
        have: String,
        /// The product to propose, which they have not bought.
        then: String,
        /// Orders with both.
        both: u32,
        /// Orders with `have`.
        of: u32,
    },
    /// One of the products in most orders, which they have not bought.
    Popular {
        /// The product.
        product: String,
        /// Orders with it.
        baskets: u32,
        /// All orders with named products.
        of: u32,
    },
    /// A pricier product of the same category as one they bought.
    Pricier {
        /// What they bought.
        have: String,
        /// What to propose, which they have not bought.
        then: String,
        /// The category of both.
        category: String,
        /// `have`'s mean unit price.
        have_price: f64,
        /// `then`'s mean unit price.
        then_price: f64,
    },
    /// This many orders and no loyalty card.
    FrequentWithoutCard {
        /// Their orders.
        orders: u32,
    },
}

/// One action for one customer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Action {
    /// What to do.
    pub kind: ActionKind,
    /// Why.
    pub reason: Reason,
}

/// A survey answer the rules read.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// When it was given.
    pub date: NaiveDate,
    /// 0-10.
    pub score: i32,
    /// Why, if written.
    pub comment: Option<String>,
}

/// A product to propose to a customer, with the pair it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// A product they bought.
    pub have: String,
    /// The product to propose.
    pub then: String,
    /// Orders with both.
    pub both: u32,
    /// Orders with `have`.
    pub of: u32,
    /// both / of.
    pub confidence: f64,
}

/// What the rules know of one customer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Customer key.
    pub customer: String,
    /// Orders up to the last day counted (0: known from the survey only).
    pub orders: u32,
    /// Their first order.
    pub first_order: Option<NaiveDate>,
    /// Their net revenue (orders less refunds).
    pub net_revenue: f64,
    /// Their RFM segment, when they ordered.
    pub segment: Option<Segment>,
    /// Purchase days after the first (the models' frequency).
    pub repeat_purchases: u32,
    /// Days from their first purchase day to their last.
    pub active_days: f64,
    /// Days from their last purchase day to the last day counted.
    pub days_since: f64,
    /// The model's probability they are still active, when the model is used.
    pub p_alive: Option<f64>,
    /// The model's value over the next twelve months, when both models are used.
    pub value_12_months: Option<f64>,
    /// Their latest dated answer.
    pub answer: Option<Answer>,
    /// Whether they have a loyalty card; `None` without a members file.
    pub member: Option<bool>,
    /// Their birth date, when a members file gives it.
    pub born: Option<NaiveDate>,
    /// Days since their last order and the shop's lapse window, when they are past it.
    pub lapsed: Option<(i64, u32)>,
    /// The product to propose, when pairs were counted.
    pub suggestion: Option<Suggestion>,
    /// The most popular product they lack, with its orders and all orders, when the popular
    /// products did better than the pairs.
    pub popular: Option<(String, u32, u32)>,
    /// A pricier product of a category they bought from (a `Reason::Pricier`), when the orders
    /// give categories.
    pub pricier: Option<Reason>,
}

impl Facts {
    /// What this customer is worth to the shop over the next twelve months: the models'
    /// figure when they are used, else their net revenue at the pace they have kept since
    /// their first order (a year's worth, or all of it when they are newer than a year).
    pub fn value_at_stake(&self, today: NaiveDate) -> f64 {
        if let Some(value) = self.value_12_months {
            return value.max(0.0);
        }
        let Some(first) = self.first_order else {
            return 0.0;
        };
        let days = (today - first).num_days() as f64;
        (self.net_revenue * 365.25 / days.max(365.25)).max(0.0)
    }
}

/// Every action `facts` call for on `today` (the list's day: the day after the last day
/// counted), most pressing first.
pub fn actions_of(facts: &Facts, today: NaiveDate) -> Vec<Action> {
    let mut out = Vec::new();
    let recent = |date: NaiveDate| date < today && (today - date).num_days() <= RECENT_DAYS;
    let answer = facts.answer.as_ref().filter(|a| recent(a.date));
    let repeat = facts.repeat_purchases > 0;
    let usual = repeat.then(|| facts.active_days / f64::from(facts.repeat_purchases));
    let overdue = usual
        .filter(|&u| u > 0.0)
        .filter(|&u| facts.days_since >= OVERDUE_TIMES * u);
    let fading = facts
        .p_alive
        .filter(|&p| repeat && p < FADING_P_ALIVE && p.is_finite());
    let slipping = overdue.is_some() || fading.is_some() || facts.lapsed.is_some();
    for kind in ActionKind::ALL {
        let reason = match kind {
            ActionKind::CallBack => answer.filter(|a| a.score <= 6).map(|a| Reason::Detractor {
                score: a.score,
                date: a.date,
                comment: a.comment.clone(),
            }),
            ActionKind::WinBack => match (fading, overdue, facts.lapsed) {
                (Some(p_alive), _, _) => Some(Reason::Fading { p_alive }),
                (None, Some(usual_days), _) => Some(Reason::Overdue {
                    days_since: facts.days_since,
                    usual_days,
                }),
                (None, None, Some((days_since, window))) => {
                    Some(Reason::Lapsed { days_since, window })
                }
                (None, None, None) => None,
            },
            ActionKind::Birthday => facts
                .born
                .and_then(|born| next_birthday(born, today))
                .filter(|on| (*on - today).num_days() < BIRTHDAY_DAYS)
                .map(|on| Reason::Birthday { on }),
            ActionKind::ThankPromoter => {
                answer.filter(|a| a.score >= 9).map(|a| Reason::Promoter {
                    score: a.score,
                    date: a.date,
                })
            }
            ActionKind::WelcomeSecond => facts
                .first_order
                .filter(|_| facts.orders == 1)
                .map(|first| (today - first).num_days())
                .filter(|&days| days <= RECENT_DAYS)
                .map(|days_since| Reason::FirstOrder { days_since }),
            ActionKind::CrossSell => facts
                .suggestion
                .as_ref()
                .filter(|_| facts.orders > 0 && !slipping)
                .map(|s| Reason::GoesWith {
                    have: s.have.clone(),
                    then: s.then.clone(),
                    both: s.both,
                    of: s.of,
                }),
            ActionKind::ProposePopular => facts
                .popular
                .as_ref()
                .filter(|_| facts.orders > 0 && !slipping)
                .map(|(product, baskets, of)| Reason::Popular {
                    product: product.clone(),
                    baskets: *baskets,
                    of: *of,
                }),
            ActionKind::UpSell => facts
                .pricier
                .clone()
                .filter(|_| facts.orders > 0 && !slipping),
            ActionKind::InviteLoyalty => {
                (facts.member == Some(false) && facts.orders >= FREQUENT_ORDERS && !slipping)
                    .then_some(Reason::FrequentWithoutCard {
                        orders: facts.orders,
                    })
            }
        };
        if let Some(reason) = reason {
            out.push(Action { kind, reason });
        }
    }
    out
}

/// The first birthday of someone `born` on or after `today` (29 February is the 28th in other
/// years).
pub fn next_birthday(born: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    let in_year = |year: i32| {
        NaiveDate::from_ymd_opt(year, born.month(), born.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, born.month(), born.day() - 1))
    };
    let this = in_year(today.year())?;
    if this >= today {
        Some(this)
    } else {
        in_year(today.year() + 1)
    }
}

/// How to reach a customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// Their email.
    pub email: Option<String>,
    /// Their phone.
    pub phone: Option<String>,
}

/// One customer's row of the list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerActions {
    /// Customer key.
    pub customer: String,
    /// Their name, when an export writes it.
    pub name: Option<String>,
    /// How to reach them.
    pub contact: Contact,
    /// Their RFM segment, when they ordered.
    pub segment: Option<Segment>,
    /// Their value over the next twelve months ([`Facts::value_at_stake`]).
    pub value_at_stake: f64,
    /// Every action that applies, the next best first; none is left out by the owner's
    /// done / not now (the list filters those).
    pub actions: Vec<Action>,
}

/// The state the owner gave an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marked {
    /// Done: the customer was contacted.
    Done,
    /// Not now.
    NotNow,
}

/// An action the owner marked, kept in the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRecord {
    /// Customer key.
    pub customer: String,
    /// What the action was.
    pub kind: ActionKind,
    /// The day of the list it was on (the day after the data it was read from).
    pub day: NaiveDate,
    /// Done or not now.
    pub marked: Marked,
}

/// The customers a list proposed one action to on its day: the ones not contacted are what
/// the contacted ones are compared with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedOn {
    /// The list's day.
    pub day: NaiveDate,
    /// The action.
    pub kind: ActionKind,
    /// Every customer whose next best action it was, by key.
    pub customers: Vec<String>,
}

/// Done and not-now actions, and the lists they were marked on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionLog {
    /// Actions marked, oldest first.
    pub records: Vec<ActionRecord>,
    /// Each list day's customers per action, recorded when the first action of that day and
    /// kind was marked.
    pub lists: Vec<ListedOn>,
}

impl ActionLog {
    /// The record that keeps `customer`'s `kind` off the list of `today`, if one does.
    pub fn hiding(
        &self,
        customer: &str,
        kind: ActionKind,
        today: NaiveDate,
    ) -> Option<&ActionRecord> {
        self.records.iter().rev().find(|r| {
            let days = match r.marked {
                Marked::Done => DONE_HIDES_DAYS,
                Marked::NotNow => NOT_NOW_HIDES_DAYS,
            };
            r.customer == customer
                && r.kind == kind
                && (0..days).contains(&(today - r.day).num_days())
        })
    }

    /// Marks `customer`'s `kind` on the list of `day`, remembering who else that list
    /// proposed it to (`listed`) the first time an action of that day and kind is marked.
    /// Marking it again replaces the earlier mark of the same day.
    pub fn mark(&mut self, record: ActionRecord, listed: impl FnOnce() -> Vec<String>) {
        if !self
            .lists
            .iter()
            .any(|l| l.day == record.day && l.kind == record.kind)
        {
            self.lists.push(ListedOn {
                day: record.day,
                kind: record.kind,
                customers: listed(),
            });
        }
        self.records.retain(|r| {
            !(r.customer == record.customer && r.kind == record.kind && r.day == record.day)
        });
        self.records.push(record);
    }

    /// Every `(customer, kind)` kept off the list of `today`: one pass over the marks, for
    /// lists of thousands of customers drawn every frame.
    pub fn hidden_on(&self, today: NaiveDate) -> std::collections::HashSet<(&str, ActionKind)> {
        self.records
            .iter()
            .filter(|r| self.hiding(&r.customer, r.kind, today).is_some())
            .map(|r| (r.customer.as_str(), r.kind))
            .collect()
    }

    /// Takes back the mark of `customer`'s `kind` on `day`.
    pub fn unmark(&mut self, customer: &str, kind: ActionKind, day: NaiveDate) {
        self.records
            .retain(|r| !(r.customer == customer && r.kind == kind && r.day == day));
    }

    /// The records of one customer, newest first.
    pub fn of_customer<'a>(&'a self, customer: &'a str) -> impl Iterator<Item = &'a ActionRecord> {
        self.records
            .iter()
            .rev()
            .filter(move |r| r.customer == customer)
    }
}

/// What followed one kind of action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The action.
    pub kind: ActionKind,
    /// Customers contacted (marked done) whose follow-up days the data cover.
    pub contacted: u32,
    /// Of those, customers who ordered within [`FOLLOW_DAYS`] of the list's day.
    pub ordered: u32,
    /// Customers the same lists proposed it to who were not contacted, whose follow-up days
    /// the data cover.
    pub similar: u32,
    /// Of those, customers who ordered.
    pub similar_ordered: u32,
    /// Customers contacted whose follow-up days the data do not cover yet.
    pub waiting: u32,
}

/// What followed the actions of `log` in the data up to `last_day`: `order_days` are each
/// customer's order days. A customer counts once per list day and kind.
pub fn outcomes(
    log: &ActionLog,
    order_days: &HashMap<&str, Vec<NaiveDate>>,
    last_day: NaiveDate,
) -> Vec<Outcome> {
    let ordered_after = |customer: &str, day: NaiveDate| {
        let end = day + chrono::Days::new(FOLLOW_DAYS as u64);
        order_days
            .get(customer)
            .is_some_and(|days| days.iter().any(|d| *d >= day && *d < end))
    };
    let covered = |day: NaiveDate| (last_day - day).num_days() + 1 >= FOLLOW_DAYS;
    let mut by_kind: BTreeMap<ActionKind, Outcome> = BTreeMap::new();
    let mut contacted: HashSet<(NaiveDate, ActionKind, &str)> = HashSet::new();
    for record in log.records.iter().filter(|r| r.marked == Marked::Done) {
        if !contacted.insert((record.day, record.kind, record.customer.as_str())) {
            continue;
        }
        let outcome = by_kind
            .entry(record.kind)
            .or_insert_with(|| Outcome::empty(record.kind));
        if !covered(record.day) {
            outcome.waiting += 1;
            continue;
        }
        outcome.contacted += 1;
        outcome.ordered += u32::from(ordered_after(&record.customer, record.day));
    }
    for list in &log.lists {
        if !covered(list.day) {
            continue;
        }
        let Some(outcome) = by_kind.get_mut(&list.kind) else {
            continue;
        };
        let mut seen = HashSet::new();
        for customer in &list.customers {
            if contacted.contains(&(list.day, list.kind, customer.as_str()))
                || !seen.insert(customer.as_str())
            {
                continue;
            }
            outcome.similar += 1;
            outcome.similar_ordered += u32::from(ordered_after(customer, list.day));
        }
    }
    by_kind.into_values().collect()
}

impl Outcome {
    fn empty(kind: ActionKind) -> Outcome {
        Outcome {
            kind,
            contacted: 0,
            ordered: 0,
            similar: 0,
            similar_ordered: 0,
            waiting: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn kinds(facts: &Facts, today: &str) -> Vec<ActionKind> {
        actions_of(facts, day(today))
            .iter()
            .map(|a| a.kind)
            .collect()
    }

    #[test]
    fn each_rule_fires_on_its_own_facts_on_a_fixed_day() {
        // A repeat customer buying every 10 days, last 25 days before the last day counted:
        // 2.5 times their rhythm, slipping away; they answered 4 on 20 November.
        let slipping = Facts {
            customer: "a@x.it".into(),
            orders: 5,
            first_order: Some(day("2026-08-01")),
            net_revenue: 200.0,
            repeat_purchases: 4,
            active_days: 40.0,
            days_since: 25.0,
            answer: Some(Answer {
                date: day("2026-11-20"),
                score: 4,
                comment: Some("lento".into()),
            }),
            member: Some(false),
            ..Facts::default()
        };
        assert_eq!(
            kinds(&slipping, "2026-12-07"),
            [ActionKind::CallBack, ActionKind::WinBack]
        );
        let win_back = &actions_of(&slipping, day("2026-12-07"))[1];
        assert_eq!(
            win_back.reason,
            Reason::Overdue {
                days_since: 25.0,
                usual_days: 10.0
            }
        );
        // The same answer 31 days before the list's day is no longer recent, and 19 days
        // since is under twice the rhythm: only the card invitation (5 orders, no card).
        let settled = Facts {
            days_since: 19.0,
            ..slipping.clone()
        };
        assert_eq!(kinds(&settled, "2026-12-21"), [ActionKind::InviteLoyalty]);
        // A promoter of yesterday with one order 12 days ago.
        let new = Facts {
            customer: "b@x.it".into(),
            orders: 1,
            first_order: Some(day("2026-11-25")),
            net_revenue: 30.0,
            days_since: 11.0,
            answer: Some(Answer {
                date: day("2026-12-06"),
                score: 10,
                comment: None,
            }),
            suggestion: Some(Suggestion {
                have: "moka".into(),
                then: "caffè".into(),
                both: 18,
                of: 24,
                confidence: 0.75,
            }),
            ..Facts::default()
        };
        assert_eq!(
            kinds(&new, "2026-12-07"),
            [
                ActionKind::ThankPromoter,
                ActionKind::WelcomeSecond,
                ActionKind::CrossSell
            ]
        );
        // A model that says they have probably gone wins them back even inside their rhythm.
        let fading = Facts {
            p_alive: Some(0.3),
            days_since: 5.0,
            answer: None,
            ..slipping
        };
        assert_eq!(kinds(&fading, "2026-12-07"), [ActionKind::WinBack]);
        // A one-time buyer of long ago is not judged: nothing to do.
        let once = Facts {
            first_order: Some(day("2025-01-10")),
            answer: None,
            suggestion: None,
            ..new
        };
        assert!(kinds(&once, "2026-12-07").is_empty());
    }

    #[test]
    fn birthdays_in_the_coming_week_get_wishes_and_29_february_is_the_28th() {
        assert_eq!(
            next_birthday(day("1980-02-29"), day("2026-02-27")),
            Some(day("2026-02-28"))
        );
        assert_eq!(
            next_birthday(day("1980-02-29"), day("2026-03-01")),
            Some(day("2027-02-28"))
        );
        assert_eq!(
            next_birthday(day("1980-02-29"), day("2028-02-01")),
            Some(day("2028-02-29"))
        );
        let born = |d: &str| Facts {
            born: Some(day(d)),
            ..Facts::default()
        };
        // The list's day and the six after it.
        assert_eq!(
            kinds(&born("1980-03-01"), "2026-03-01"),
            [ActionKind::Birthday]
        );
        assert_eq!(
            kinds(&born("1980-03-07"), "2026-03-01"),
            [ActionKind::Birthday]
        );
        assert!(kinds(&born("1980-03-08"), "2026-03-01").is_empty());
        assert!(kinds(&born("1980-02-28"), "2026-03-01").is_empty());
        // Over the new year.
        assert_eq!(
            kinds(&born("1990-01-02"), "2026-12-29"),
            [ActionKind::Birthday]
        );
    }

    #[test]
    fn the_value_at_stake_is_the_model_s_year_or_the_pace_kept_so_far() {
        let facts = Facts {
            first_order: Some(day("2024-12-07")),
            net_revenue: 730.5,
            ..Facts::default()
        };
        // 730 days of customer: half their net revenue is a year's worth.
        assert!((facts.value_at_stake(day("2026-12-07")) - 365.25 * 730.5 / 730.0).abs() < 1e-9);
        // Newer than a year: all of it.
        assert_eq!(facts.value_at_stake(day("2025-03-01")), 730.5);
        let modelled = Facts {
            value_12_months: Some(120.0),
            ..facts
        };
        assert_eq!(modelled.value_at_stake(day("2026-12-07")), 120.0);
    }

    #[test]
    fn done_and_not_now_hide_the_action_for_their_days_and_outcomes_compare_with_the_rest() {
        let record = |customer: &str, marked| ActionRecord {
            customer: customer.into(),
            kind: ActionKind::WinBack,
            day: day("2026-10-01"),
            marked,
        };
        let listed = || ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let mut log = ActionLog::default();
        log.mark(record("a", Marked::Done), listed);
        log.mark(record("b", Marked::Done), || unreachable!("recorded once"));
        log.mark(record("c", Marked::NotNow), || {
            unreachable!("recorded once")
        });
        assert_eq!(log.lists.len(), 1);
        assert!(
            log.hiding("a", ActionKind::WinBack, day("2026-12-29"))
                .is_some()
        );
        assert!(
            log.hiding("a", ActionKind::WinBack, day("2026-12-30"))
                .is_none()
        );
        assert!(
            log.hiding("c", ActionKind::WinBack, day("2026-10-30"))
                .is_some()
        );
        assert!(
            log.hiding("c", ActionKind::WinBack, day("2026-10-31"))
                .is_none()
        );
        assert!(
            log.hiding("a", ActionKind::CallBack, day("2026-10-02"))
                .is_none()
        );
        // a ordered 20 days after the list, b never; of c, d and e (not contacted; "not now"
        // is not contact) d ordered on the 30th day, the last that counts, and e on the 31st.
        let orders: HashMap<&str, Vec<NaiveDate>> = [
            ("a", vec![day("2026-10-21")]),
            ("d", vec![day("2026-10-30")]),
            ("e", vec![day("2026-10-31")]),
        ]
        .into_iter()
        .collect();
        let out = outcomes(&log, &orders, day("2026-11-15"));
        assert_eq!(
            out,
            [Outcome {
                kind: ActionKind::WinBack,
                contacted: 2,
                ordered: 1,
                similar: 3,
                similar_ordered: 1,
                waiting: 0,
            }]
        );
        // With data only to 29 October the 30 days are not covered yet.
        let early = outcomes(&log, &orders, day("2026-10-29"));
        assert_eq!(
            (early[0].waiting, early[0].contacted, early[0].similar),
            (2, 0, 0)
        );
        // Taken back, a is no longer contacted: compared with the rest instead.
        log.unmark("a", ActionKind::WinBack, day("2026-10-01"));
        let out = outcomes(&log, &orders, day("2026-11-15"));
        assert_eq!(
            (out[0].contacted, out[0].similar, out[0].similar_ordered),
            (1, 4, 2)
        );
    }
}
