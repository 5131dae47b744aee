//! `dspt diff`: flags into engine options, run, write, exit.

use std::path::PathBuf;

use dspt_engine::config::Config;
use dspt_engine::diff::render::{DiffFormat, render_diff};
use dspt_engine::model::ExitStatus;
use dspt_engine::revision::RevisionRef;
use dspt_engine::run_diff::{DiffOptions, ImpactOptions, run_diff};

use crate::args::{DiffArgs, DiffFormatChoice};
use crate::evidence::pseudonym_key;
use crate::output::{use_color, write_report};

/// Config file read at each revision when `--config` is not given.
const DEFAULT_CONFIG: &str = "dspt.yaml";

/// Runs the command; exit 1 only for `--fail-on-weakening` when a change weakens a mandatory
/// item's control.
pub fn run(args: DiffArgs) -> anyhow::Result<ExitStatus> {
    // Only the flags: each revision's own config names its own sources.
    let inputs = args.evidence.inputs(&Config::default(), None);
    let impact = if !inputs.is_empty() {
        // The key is the working tree's config's (or the environment's): both sides must use one.
        // A config that does not load is an error, not a silent change of key.
        let config = crate::config_file::load(args.config.as_deref())?;
        let pseudonym_key = pseudonym_key(&config, inputs.reads_personal_data());
        Some(ImpactOptions {
            inputs,
            as_of: args.evidence.as_of()?,
            pseudonym_key: pseudonym_key.into_bytes(),
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
    write_report(args.output.as_deref(), &render_diff(format, &diff, color)?)?;
    Ok(if args.fail_on_weakening && diff.weakens_mandatory() {
        ExitStatus::Fail
    } else {
        ExitStatus::Pass
    })
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
