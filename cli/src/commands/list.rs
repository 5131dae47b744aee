//! `dspt list`: every evidence item of one or every catalogue, with how it is evidenced.

use anyhow::Context;
use dspt_engine::catalogue::Catalogue;
use dspt_engine::model::ExitStatus;

use crate::args::{ListArgs, ListFormat};

/// Prints the items; exit 0.
pub fn run(args: ListArgs) -> anyhow::Result<ExitStatus> {
    let catalogues = match &args.framework {
        Some(framework) => vec![Catalogue::builtin_for(framework)?],
        None => Catalogue::builtin()?,
    };
    let output = match args.format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&catalogues)
                .context("cannot render the catalogues")?;
            text.push('\n');
            text
        }
        ListFormat::Text => crate::render::list::text(&catalogues)?,
    };
    crate::output::write_stdout(&output)?;
    Ok(ExitStatus::Pass)
}
