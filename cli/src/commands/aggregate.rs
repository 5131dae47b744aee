//! `dspt aggregate`: read many saved assessments (and assess the organisation-level sources
//! once), combine them into one organisation view, write it, exit.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use dspt_engine::aggregate::{Part, aggregate};
use dspt_engine::error::RevisionError;
use dspt_engine::model::{ExitStatus, ItemStatus};
use dspt_engine::report::organisation::{OrganisationFormat, render};
use dspt_engine::run::{CheckOptions, run_check_timed};
use dspt_engine::sources::{DEFAULT_MAX_INPUT_BYTES, read_input};

use crate::args::{AggregateArgs, AggregateFormat};
use crate::evidence::pseudonym_key;
use crate::output::write_report;

/// The name of the part assessed from the organisation-level sources.
const ORGANISATION_PART: &str = "organisation";

/// Runs the command; exit 1 when an item fails anywhere, 2 when one is in error.
pub fn run(args: AggregateArgs) -> anyhow::Result<ExitStatus> {
    let mut files: Vec<PathBuf> = args.reports.clone();
    if let Some(dir) = &args.from {
        files.extend(reports_in(dir)?);
    }
    let mut parts = Vec::new();
    for file in &files {
        let bytes = read_input(file, DEFAULT_MAX_INPUT_BYTES)?;
        let part = Part::from_report(&file.display().to_string(), &bytes).map_err(|error| {
            RevisionError::NotAnAssessment {
                location: error.location,
                message: error.message,
            }
        })?;
        if let Some(other) = parts.iter().find(|p: &&Part| p.name == part.name) {
            bail!(
                "`{}` and `{}` would both be named `{}` in the organisation view: give each report its own file name",
                other.file,
                part.file,
                part.name
            );
        }
        parts.push(part);
    }
    let config = crate::config_file::load(args.config.as_deref())?;
    let inputs = args.evidence.inputs(&config, None);
    // The organisation's own part: its sources assessed once, and its attestations (a board
    // minute, the ICO registration), which belong to no repository, even with no sources at all.
    if !inputs.is_empty() || !config.attestations.is_empty() {
        let key = pseudonym_key(&config, inputs.reads_personal_data());
        let mut options = CheckOptions::new(args.evidence.as_of()?, key.into_bytes());
        options.inputs = inputs;
        options.policy_dirs = config.policies.clone();
        options.config = config;
        let (assessment, _) = run_check_timed(&options)?;
        parts.push(Part {
            name: ORGANISATION_PART.to_string(),
            file: "(the organisation-level sources)".to_string(),
            digest: "(assessed in this run)".to_string(),
            assessment,
        });
    }
    let view = aggregate(&parts, i64::from(args.max_as_of_spread_days))?;
    let format = match args.format {
        AggregateFormat::Text => OrganisationFormat::Text,
        AggregateFormat::Json => OrganisationFormat::Json,
        AggregateFormat::Markdown => OrganisationFormat::Markdown,
        AggregateFormat::Html => OrganisationFormat::Html,
        AggregateFormat::Sarif => OrganisationFormat::Sarif,
        AggregateFormat::Junit => OrganisationFormat::Junit,
    };
    write_report(args.output.as_deref(), &render(format, &view)?)?;
    let has = |status| view.items.iter().any(|item| item.status == status);
    Ok(if has(ItemStatus::Error) {
        ExitStatus::Error
    } else if has(ItemStatus::Fail) {
        ExitStatus::Fail
    } else {
        ExitStatus::Pass
    })
}

/// The `*.json` files directly in `dir`, sorted.
fn reports_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the report folder `{}`", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read the report folder `{}`", dir.display()))?
            .path();
        if path.is_file() && path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    if files.is_empty() {
        bail!("`{}` holds no JSON report", dir.display());
    }
    files.sort();
    Ok(files)
}
