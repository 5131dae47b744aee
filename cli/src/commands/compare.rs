//! `dspt compare`: read two saved assessments, compare, write.

use dspt_engine::diff::compare_assessments;
use dspt_engine::diff::render::{DiffFormat, render_comparison};
use dspt_engine::error::RevisionError;
use dspt_engine::results::Assessment;
use dspt_engine::sources::{DEFAULT_MAX_INPUT_BYTES, read_input};

use dspt_engine::model::ExitStatus;

use super::diff::diff_format;
use crate::args::CompareArgs;
use crate::output::{use_color, write_report};

/// Runs the command: compared (errors exit 2 at the edge).
pub fn run(args: CompareArgs) -> anyhow::Result<ExitStatus> {
    let read = |path: &std::path::Path| -> anyhow::Result<Assessment> {
        let bytes = read_input(path, DEFAULT_MAX_INPUT_BYTES)?;
        Assessment::from_json(&path.display().to_string(), &bytes).map_err(|error| {
            RevisionError::NotAnAssessment {
                location: error.location,
                message: error.message,
            }
            .into()
        })
    };
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let comparison = compare_assessments(
        &old,
        &args.old.display().to_string(),
        &new,
        &args.new.display().to_string(),
    );
    let format = diff_format(args.format);
    let color = format == DiffFormat::Text && use_color(args.color, args.output.is_some());
    write_report(
        args.output.as_deref(),
        &render_comparison(format, &comparison, color)?,
    )?;
    Ok(ExitStatus::Pass)
}
