//! Rendering the subcommands' own output (not assessments or diffs, which the engine's
//! reporters render): pure functions from engine values to text.

pub mod explain;
pub mod list;
pub mod test;
pub mod timings;
