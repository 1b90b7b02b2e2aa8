//! Analysis: pure functions from validated tables to plain result structs. No egui, no files,
//! no clocks in here.

pub mod actions;
pub mod baskets;
pub mod clv;
pub mod cohorts;
pub mod comments;
pub mod customer;
pub mod engagement;
pub mod goals;
pub(crate) mod ledger;
pub mod linked;
pub mod merge;
pub mod nps;
pub mod period;
pub mod review;
pub mod rfm;
pub mod sales;
