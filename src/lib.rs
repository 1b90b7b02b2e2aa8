//! Fidelio library (skeleton for parallel work).

pub mod analysis;
pub mod import;
