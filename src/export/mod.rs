//! Export: chart images rendered on the CPU, tables as CSV and XLSX, the report folder.

pub mod engagement_tables;
pub mod image;
pub mod loyalty_tables;
pub mod nps_tables;
pub mod raster;
pub mod report;
pub mod table;
