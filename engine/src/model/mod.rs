//! The shared vocabulary, at the bottom of the engine: dates, the organisation, ids, severities,
//! sources, and every status and level a result can have. Every layer above speaks these names;
//! this module imports nothing from the engine.
//!
//! Each word is defined once, by [`vocabulary!`]: the same text is the serde name, `as_str` and
//! `Display`, so a report, a saved report read back and a renderer cannot disagree.

mod date;
mod ids;
mod organisation;
mod status;
mod vocabulary;

pub use date::Date;
pub use ids::{CheckId, ItemId};
pub use organisation::{AssessmentFacts, Organisation, OrganisationType};
pub use status::{
    CheckStatus, ExceptionState, ExitStatus, FailOn, FindingLevel, ItemStatus, Outcome,
    OverallStatus, Status, TestVerdict, WaiverState,
};
pub use vocabulary::{AchievementLevel, Automation, Severity, SourceKind};
