//! `dspt check`: resolve flags and config into engine options, run, write the report, exit.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use dspt_engine::model::{ExitStatus, FailOn};
use dspt_engine::report::{Format, RenderOptions, render};
use dspt_engine::results::Assessment;
use dspt_engine::run::{CheckOptions, run_check_timed};

use crate::args::{CheckArgs, FailOnChoice, OutputFormat};
use crate::evidence::pseudonym_key;
use crate::output::{use_color, write_atomically, write_report};

/// The file GitHub Actions shows as the job summary.
const STEP_SUMMARY_ENV: &str = "GITHUB_STEP_SUMMARY";

/// Runs the command; the gate's verdict is the exit status.
pub fn run(args: CheckArgs) -> anyhow::Result<ExitStatus> {
    if args.show_personal_data && running_in_ci() && !args.allow_personal_data_in_ci {
        bail!(
            "--show-personal-data is refused in CI (`CI` is set): CI reports are often kept as artefacts or posted to pull requests; add --allow-personal-data-in-ci if this job's reports stay private"
        );
    }
    let config = crate::config_file::load(args.config.as_deref())?;
    let as_of = args.evidence.as_of()?;
    let inputs = args.evidence.inputs(&config, args.repo.clone());
    if inputs.is_empty() {
        bail!(
            "no evidence to assess: name a repository folder, `--terraform` plans, `--hr` or `--identity` exports (or `sources` in the config)"
        );
    }
    let pseudonym_key = pseudonym_key(&config, inputs.reads_personal_data());

    let mut options = CheckOptions::new(as_of, pseudonym_key.into_bytes());
    options.inputs = inputs;
    options.policy_dirs = config
        .policies
        .iter()
        .chain(&args.policies)
        .cloned()
        .collect();
    options.framework = args.framework.clone();
    options.baseline = args.baseline.clone();
    options.no_waivers = args.no_waivers;
    options.show_personal_data = args.show_personal_data;
    if args.show_personal_data {
        eprintln!(
            "warning: --show-personal-data: the reports name staff numbers and account ids; keep them private"
        );
    }
    if let Some(jobs) = args.jobs {
        options.jobs = usize::from(jobs);
    }
    options.config = config;

    let (assessment, timings) = run_check_timed(&options)?;
    if args.timings {
        eprint!("{}", crate::render::timings::text(&timings));
    }

    let format = engine_format(args.format);
    let color = format == Format::Text && use_color(args.color, args.output.is_some());
    let report = render(
        format,
        &assessment,
        RenderOptions {
            color,
            verbose: args.verbose,
        },
    )?;
    write_report(args.output.as_deref(), &report)?;
    for target in &args.reports {
        // Files never get colour: it is for a terminal.
        let extra = render(
            engine_format(target.format),
            &assessment,
            RenderOptions::default(),
        )?;
        write_atomically(&target.path, extra.as_bytes())
            .with_context(|| format!("cannot write the report to `{}`", target.path.display()))?;
    }
    let github = std::iter::once(args.format)
        .chain(args.reports.iter().map(|r| r.format))
        .any(|f| f == OutputFormat::Github);
    if github {
        append_step_summary(&assessment)?;
    }
    let fail_on = match args.fail_on {
        FailOnChoice::Fail => FailOn::Fail,
        FailOnChoice::Warn => FailOn::Warn,
    };
    Ok(assessment.exit_status(fail_on))
}

/// Whether this is a CI job: `CI` set to anything but empty, `0` or `false` (GitHub Actions,
/// GitLab CI, Azure Pipelines and most others set `CI=true`).
fn running_in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| {
        let value = value.trim().to_ascii_lowercase();
        !value.is_empty() && value != "0" && value != "false"
    })
}

/// The engine's format for a `--format` or `--report` value (clap types stay in the CLI).
fn engine_format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Junit => Format::Junit,
        OutputFormat::Github => Format::Github,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Html => Format::Html,
    }
}

/// GitHub Actions shows the file named by `GITHUB_STEP_SUMMARY` on the job page; with the github
/// format selected, the Markdown report is appended there (other steps may have written to it).
/// A summary that cannot be written is a warning: it must not change the gate.
fn append_step_summary(assessment: &Assessment) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os(STEP_SUMMARY_ENV).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let markdown = render(Format::Markdown, assessment, RenderOptions::default())?;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(markdown.as_bytes()));
    if let Err(error) = written {
        eprintln!(
            "warning: cannot append the job summary to `{}` ({STEP_SUMMARY_ENV}): {error}",
            Path::new(&path).display()
        );
    }
    Ok(())
}
