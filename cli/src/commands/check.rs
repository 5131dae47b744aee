//! `dspt check`: resolve flags and config into engine options, run, write the report, exit.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use dspt_engine::Date;
use dspt_engine::gather::EvidenceInputs;
use dspt_engine::model::FailOn;
use dspt_engine::report::{Format, RenderOptions, render};
use dspt_engine::run::{CheckOptions, Timings, run_check_timed};

use crate::args::{CheckArgs, ColorChoice, FailOnChoice, OutputFormat};

/// Environment variable holding the pseudonym key (the config's `pseudonym_key` wins over it).
const PSEUDONYM_KEY_ENV: &str = "DSPT_PSEUDONYM_KEY";

/// Used when no key is set: pseudonyms are then stable but anyone can recompute them.
const DEFAULT_PSEUDONYM_KEY: &str = "dspt-default-pseudonym-key";

const SECONDS_PER_DAY: u64 = 86_400;

/// The file GitHub Actions shows as the job summary.
const STEP_SUMMARY_ENV: &str = "GITHUB_STEP_SUMMARY";

/// Runs the command; returns the exit code.
pub fn run(args: CheckArgs) -> anyhow::Result<u8> {
    if args.show_personal_data && running_in_ci() && !args.allow_personal_data_in_ci {
        bail!(
            "--show-personal-data is refused in CI (`CI` is set): CI reports are often kept as artefacts or posted to pull requests; add --allow-personal-data-in-ci if this job's reports stay private"
        );
    }
    let config = crate::config_file::load(args.config.as_deref())?;
    let as_of = as_of(args.as_of.as_deref())?;
    let personal = [
        &args.hr,
        &config.hr_files,
        &args.identity,
        &config.identity_files,
    ];
    let pseudonym_key = pseudonym_key(&config, personal.iter().any(|files| !files.is_empty()));

    let mut options = CheckOptions::new(as_of, pseudonym_key.into_bytes());
    let joined = |from_config: &[PathBuf], from_flags: &[PathBuf]| -> Vec<PathBuf> {
        from_config.iter().chain(from_flags).cloned().collect()
    };
    options.inputs = EvidenceInputs {
        repository: args.repo.clone().or_else(|| config.repository.clone()),
        terraform: joined(&config.terraform, &args.terraform),
        hr: joined(&config.hr_files, &args.hr),
        identity: joined(&config.identity_files, &args.identity),
    };
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
    let inputs = &options.inputs;
    if inputs.repository.is_none()
        && inputs.terraform.is_empty()
        && inputs.hr.is_empty()
        && inputs.identity.is_empty()
    {
        bail!(
            "no evidence to assess: name a repository folder, `--terraform` plans, `--hr` or `--identity` exports (or `sources` in the config)"
        );
    }

    let (assessment, timings) = run_check_timed(&options)?;
    if args.timings {
        print_timings(&timings);
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
    );
    write_report(args.output.as_deref(), &report)?;
    for target in &args.reports {
        // Files never get colour: it is for a terminal.
        let extra = render(
            engine_format(target.format),
            &assessment,
            RenderOptions::default(),
        );
        write_atomically(&target.path, extra.as_bytes())
            .with_context(|| format!("cannot write the report to `{}`", target.path.display()))?;
    }
    let github = std::iter::once(args.format)
        .chain(args.reports.iter().map(|r| r.format))
        .any(|f| f == OutputFormat::Github);
    if github {
        append_step_summary(&assessment);
    }
    let fail_on = match args.fail_on {
        FailOnChoice::Fail => FailOn::Fail,
        FailOnChoice::Warn => FailOn::Warn,
    };
    Ok(assessment.exit_status(fail_on) as u8)
}

/// Whether this is a CI job: `CI` set to anything but empty, `0` or `false` (GitHub Actions,
/// GitLab CI, Azure Pipelines and most others set `CI=true`).
fn running_in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| {
        let value = value.trim().to_ascii_lowercase();
        !value.is_empty() && value != "0" && value != "false"
    })
}

/// Checks listed by `--timings`: the slowest, where a platform team looks first.
const TIMED_CHECKS_SHOWN: usize = 60;

/// `--timings`: phases in order, then the slowest checks, on standard error so the report on
/// standard output is unchanged.
fn print_timings(timings: &Timings) {
    let millis = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mut out = String::from("timings (wall clock, ms):\n");
    for (phase, elapsed) in &timings.phases {
        out.push_str(&format!("  {:>9.1}  {phase}\n", millis(*elapsed)));
    }
    let total: std::time::Duration = timings.phases.iter().map(|(_, d)| *d).sum();
    out.push_str(&format!("  {:>9.1}  total\n", millis(total)));
    let mut checks = timings.checks.clone();
    checks.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.push_str(&format!(
        "slowest checks (of {}; each on one thread):\n",
        checks.len()
    ));
    for (id, elapsed) in checks.iter().take(TIMED_CHECKS_SHOWN) {
        out.push_str(&format!("  {:>9.1}  {id}\n", millis(*elapsed)));
    }
    eprint!("{out}");
}

/// The pseudonym key: the config's, else the environment's, else a public default (with a
/// warning when personal data is read: its pseudonyms can then be recomputed).
pub(crate) fn pseudonym_key(
    config: &dspt_engine::config::Config,
    reads_personal_data: bool,
) -> String {
    match (&config.pseudonym_key, std::env::var(PSEUDONYM_KEY_ENV)) {
        (Some(key), _) => key.clone(),
        (None, Ok(key)) if !key.is_empty() => key,
        _ => {
            if reads_personal_data {
                eprintln!(
                    "warning: no pseudonym key is set (`pseudonym_key` in the config or {PSEUDONYM_KEY_ENV}); staff pseudonyms use a public default key and can be recomputed from staff numbers"
                );
            }
            DEFAULT_PSEUDONYM_KEY.to_string()
        }
    }
}

/// Whether to colour text written to standard output (`to_file`: `--output` was given).
pub(crate) fn use_color(choice: ColorChoice, to_file: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !to_file && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
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
fn append_step_summary(assessment: &dspt_engine::results::Assessment) {
    let Some(path) = std::env::var_os(STEP_SUMMARY_ENV).filter(|p| !p.is_empty()) else {
        return;
    };
    let markdown = render(Format::Markdown, assessment, RenderOptions::default());
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
}

/// `--as-of`, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub(crate) fn as_of(flag: Option<&str>) -> anyhow::Result<Date> {
    if let Some(text) = flag {
        return match Date::parse(text) {
            Some(date) if text.contains('-') => Ok(date),
            _ => bail!("`--as-of {text}` is not a date; write YYYY-MM-DD"),
        };
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<u64>()
            .with_context(|| format!("SOURCE_DATE_EPOCH=`{text}` is not a number of seconds"))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .context("the system clock is before 1970")?
            .as_secs(),
    };
    Ok(Date::from_days_since_epoch(
        (seconds / SECONDS_PER_DAY) as i64,
    ))
}

pub(crate) fn write_report(output: Option<&Path>, report: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => write_atomically(path, report.as_bytes())
            .with_context(|| format!("cannot write the report to `{}`", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(report.as_bytes())
                .and_then(|()| stdout.flush())
            {
                // A closed pipe (`dspt check | head`) is not an error, and must not change the gate.
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write the report to standard output"),
            }
        }
    }
}

/// Writes beside the target then renames, so a failed run never leaves half a report.
///
/// Only a regular file (or a new path) is replaced that way: renaming over `/dev/null`, a FIFO or
/// `/dev/stdout` would replace the device itself (as root, `--output /dev/null` turned the
/// machine's /dev/null into a regular file), so those are written in place.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut file| file.write_all(bytes));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary: PathBuf = path.with_file_name(format!(".{file_name}.dspt-tmp"));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
