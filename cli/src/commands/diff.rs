//! `dspt diff`: flags into engine options, run, write, exit.

use std::path::PathBuf;

use dspt_engine::diff::render::{DiffFormat, render_diff};
use dspt_engine::gather::EvidenceInputs;
use dspt_engine::revision::RevisionRef;
use dspt_engine::run_diff::{DiffOptions, ImpactOptions, run_diff};

use super::check::{as_of, pseudonym_key, use_color, write_report};
use crate::args::{DiffArgs, DiffFormatChoice};

/// Config file read at each revision when `--config` is not given.
const DEFAULT_CONFIG: &str = "dspt.yaml";

/// Runs the command; returns the exit code.
pub fn run(args: DiffArgs) -> anyhow::Result<u8> {
    let inputs = EvidenceInputs {
        repository: args.repository.clone(),
        terraform: args.terraform.clone(),
        hr: args.hr.clone(),
        identity: args.identity.clone(),
    };
    let has_evidence = inputs.repository.is_some()
        || !inputs.terraform.is_empty()
        || !inputs.hr.is_empty()
        || !inputs.identity.is_empty();
    let impact = if has_evidence {
        // The key is the working tree's config's (or the environment's): both sides must use one.
        let config = crate::config_file::load(args.config.as_deref()).unwrap_or_default();
        let personal = !inputs.hr.is_empty() || !inputs.identity.is_empty();
        Some(ImpactOptions {
            inputs,
            as_of: as_of(args.as_of.as_deref())?,
            pseudonym_key: pseudonym_key(&config, personal).into_bytes(),
        })
    } else {
        None
    };
    let options = DiffOptions {
        repository: args.repo.clone().unwrap_or_else(|| PathBuf::from(".")),
        config: args
            .config
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG)),
        base: RevisionRef::Git(args.base.clone()),
        head: args
            .head
            .clone()
            .map_or(RevisionRef::WorkingTree, RevisionRef::Git),
        framework: args.framework.clone(),
        impact,
    };
    let diff = run_diff(&options)?;
    let format = diff_format(args.format);
    let color = format == DiffFormat::Text && use_color(args.color, args.output.is_some());
    write_report(args.output.as_deref(), &render_diff(format, &diff, color))?;
    Ok(u8::from(args.fail_on_weakening && diff.weakens_mandatory()))
}

/// The engine's format for a `--format` value.
pub(crate) fn diff_format(choice: DiffFormatChoice) -> DiffFormat {
    match choice {
        DiffFormatChoice::Text => DiffFormat::Text,
        DiffFormatChoice::Markdown => DiffFormat::Markdown,
        DiffFormatChoice::Json => DiffFormat::Json,
        DiffFormatChoice::Html => DiffFormat::Html,
    }
}
