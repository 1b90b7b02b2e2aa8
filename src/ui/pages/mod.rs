//! One module per page of the app.

pub mod actions;
pub mod data;
pub mod engagement;
pub mod goals;
pub mod loyalty;
pub mod merges;
pub mod nps;
pub mod overview;
pub mod settings;
pub mod welcome;
pub mod widgets;
