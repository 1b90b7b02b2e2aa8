//! Analysis: pure functions from validated tables to plain result structs. No egui, no files,
//! no clocks in here.

pub mod comments;
pub mod nps;
pub mod period;
