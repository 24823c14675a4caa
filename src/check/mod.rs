//! placeholder during calibration
pub mod need;
