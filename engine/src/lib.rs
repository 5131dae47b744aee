//! dspt's engine: the NHS Data Security and Protection Toolkit as code.
//!
//! Data flows one way: [`sources`] read evidence into an [`evidence::EvidenceDocument`]; the
//! [`policy`] bundle is compiled once and [`evaluate`]d against it; [`assess`] maps check results
//! onto the [`catalogue`]'s evidence items; [`report`] renders the [`results::Assessment`].
//! The engine never prints, never reads the environment or the clock: the caller passes the date.

pub mod aggregate;
pub mod assess;
pub mod baseline;
pub mod catalogue;
pub mod config;
pub mod diff;
pub mod error;
pub mod evaluate;
pub mod evidence;
pub mod exceptions;
pub mod gather;
pub mod locate;
pub mod model;
mod parallel;
pub mod policy;
pub mod report;
pub mod results;
pub mod revision;
pub mod run;
pub mod run_diff;
pub mod sources;
pub mod waivers;

pub use error::Error;
pub use model::Date;
