//! One `dspt check` run: read the sources, compile the bundle, evaluate, assemble.
//! This is the only part of the engine that reads the file system on its own initiative.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::assess::{AssessmentContext, AssessmentParts, assemble};
use crate::baseline::Baseline;
use crate::catalogue::{Catalogue, DEFAULT_FRAMEWORK, effective_catalogue};
use crate::config::Config;
use crate::error::{ConfigError, Error, Location, PolicyError};
use crate::evaluate::{
    EvaluationSettings, evaluate_checks, evaluate_inventories, evidence_input, with_shared_facts,
};
use crate::model::{AssessmentFacts, Date};

use crate::exceptions::{apply_exceptions, verify_exceptions};
use crate::gather::{EvidenceInputs, Gathered, ReadSettings, gather};
use crate::locate::locate_findings;
use crate::policy::bundle::{PolicyBundle, PolicyFile, builtin_files, load_policy_dir};
use crate::policy::params::{apply_overrides, default_params};
use crate::results::Assessment;

use crate::sources::pseudonym::Pseudonymiser;
use crate::sources::repo::RepositoryLimits;
use crate::waivers::apply_waivers;

/// Everything a check run needs, resolved by the caller (paths, date, key).
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Evidence files: the command line's added to the config's.
    pub inputs: EvidenceInputs,
    /// The configuration.
    pub config: Config,
    /// Organisation policy folders: the config's, then the command line's.
    pub policy_dirs: Vec<PathBuf>,
    /// Framework (command line, else config, else the default).
    pub framework: Option<String>,
    /// The day the assessment speaks for.
    pub as_of: Date,
    /// Key for staff-id pseudonyms.
    pub pseudonym_key: Vec<u8>,
    /// A previous JSON report whose findings are known and do not fail the gate.
    pub baseline: Option<PathBuf>,
    /// Ignore every waiver (auditors see everything).
    pub no_waivers: bool,
    /// Threads evaluating checks at once; the report is the same bytes for any number.
    pub jobs: usize,
    /// Show the staff number or account id beside each pseudonym (`--show-personal-data`).
    pub show_personal_data: bool,
}

/// Where a run's time went, for `dspt check --timings`. Never part of a report: reports must be
/// the same bytes on every run.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Phases in the order they ran: (what, wall time).
    pub phases: Vec<(String, Duration)>,
    /// Each check's evaluation wall time, in id order.
    pub checks: Vec<(String, Duration)>,
    /// The whole run's wall time, where phases overlapped (compiling beside reading); without
    /// it the phases add up to the whole.
    pub wall: Option<Duration>,
}

impl Timings {
    fn lap(&mut self, what: &str, started: &mut Instant) {
        self.phases.push((what.to_string(), started.elapsed()));
        *started = Instant::now();
    }
}

/// The machine's parallelism, the default for [`CheckOptions::jobs`].
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl CheckOptions {
    /// Options with defaults for everything but the date and key.
    pub fn new(as_of: Date, pseudonym_key: Vec<u8>) -> CheckOptions {
        CheckOptions {
            inputs: EvidenceInputs::default(),
            config: Config::default(),
            policy_dirs: Vec::new(),
            framework: None,
            as_of,
            pseudonym_key,
            baseline: None,
            no_waivers: false,
            jobs: default_jobs(),
            show_personal_data: false,
        }
    }
}

/// The effective parameters: shipped defaults with the config's overrides.
pub fn effective_params(config: &Config) -> Result<serde_json::Value, Error> {
    let defaults = default_params()?;
    match &config.params {
        None => Ok(defaults),
        Some(overrides) => apply_overrides(&defaults, overrides).map_err(|problem| {
            Error::Config(ConfigError::Invalid {
                location: config.locate_param(&problem.keys),
                message: problem.message,
            })
        }),
    }
}

/// Loads the built-in policies and the given folders, and compiles them with the config's parameters.
pub fn load_bundle(config: &Config, policy_dirs: &[PathBuf]) -> Result<PolicyBundle, Error> {
    let mut files: Vec<PolicyFile> = Vec::new();
    let mut problems = Vec::new();
    for dir in policy_dirs {
        match load_policy_dir(dir) {
            Ok(loaded) => files.extend(loaded),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(PolicyError { problems }.into());
    }
    compile_bundle(config, files)
}

/// Compiles the built-in library with organisation policy files already read (from a git
/// revision, say) and the config's parameters.
pub fn compile_bundle(
    config: &Config,
    organisation_files: Vec<PolicyFile>,
) -> Result<PolicyBundle, Error> {
    let params = effective_params(config)?;
    let mut files: Vec<PolicyFile> = builtin_files();
    files.extend(organisation_files);
    Ok(PolicyBundle::compile(&files, params)?)
}

/// The framework a run assesses: the command line's, else the config's, else the default.
pub fn framework_of(options: &CheckOptions) -> String {
    options
        .framework
        .clone()
        .or_else(|| options.config.framework.clone())
        .unwrap_or_else(|| DEFAULT_FRAMEWORK.to_string())
}

/// Every check the config names (`disable`, `waivers`) must be loaded: a typo must not leave a
/// check running that the organisation meant to turn off, or unwaive what it meant to waive.
pub fn verify_check_references(config: &Config, bundle: &PolicyBundle) -> Result<(), ConfigError> {
    let named = config
        .disable
        .iter()
        .map(|id| ("disable", id.as_str()))
        .chain(config.waivers.iter().map(|w| ("waivers", w.check.as_str())));
    for (key, id) in named {
        if bundle.check(id).is_none() {
            let path = config
                .path
                .as_ref()
                .map_or_else(|| "dspt.yaml".to_string(), |p| p.display().to_string());
            return Err(ConfigError::Invalid {
                location: Location::file(path),
                message: format!("`{key}` names check `{id}`, which no loaded policy defines"),
            });
        }
    }
    Ok(())
}

/// Runs a whole assessment.
pub fn run_check(options: &CheckOptions) -> Result<Assessment, Error> {
    run_check_timed(options).map(|(assessment, _)| assessment)
}

/// [`run_check`], saying where the time went.
///
/// The policies compile on a thread of their own while the evidence is read: neither needs the
/// other until evaluation. A policy error is still reported before an evidence error.
pub fn run_check_timed(options: &CheckOptions) -> Result<(Assessment, Timings), Error> {
    let started = Instant::now();
    let framework = framework_of(options);
    let (compiled, gathered) = std::thread::scope(|scope| {
        let compiling = scope.spawn(|| {
            let started = Instant::now();
            let bundle = load_bundle(&options.config, &options.policy_dirs)?;
            let catalogue = effective_catalogue(&framework, &options.config.catalogues, &bundle)?;
            Ok::<_, Error>((bundle, catalogue, started.elapsed()))
        });
        let gathered = gather_for(options, framework.clone());
        let compiled = compiling
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (compiled, gathered)
    });
    let (bundle, catalogue, compile_time) = compiled?;
    verify_check_references(&options.config, &bundle)?;
    let (gathered, facts) = gathered?;
    let mut timings = Timings::default();
    timings.phases.push((
        "compile and verify the policies (beside reading)".to_string(),
        compile_time,
    ));
    let (assessment, rest) = assess_gathered(options, &bundle, &catalogue, gathered, facts)?;
    timings.phases.extend(rest.phases);
    timings.checks = rest.checks;
    timings.wall = Some(started.elapsed());
    Ok((assessment, timings))
}

/// Runs a whole assessment with a bundle and catalogue already loaded (`options.policy_dirs`
/// and `options.config.catalogues` are not read again).
pub fn run_check_with(
    options: &CheckOptions,
    bundle: &PolicyBundle,
    catalogue: &Catalogue,
) -> Result<Assessment, Error> {
    run_check_with_timed(options, bundle, catalogue).map(|(assessment, _)| assessment)
}

fn run_check_with_timed(
    options: &CheckOptions,
    bundle: &PolicyBundle,
    catalogue: &Catalogue,
) -> Result<(Assessment, Timings), Error> {
    verify_check_references(&options.config, bundle)?;
    let (gathered, facts) = gather_for(options, catalogue.framework.id.clone())?;
    assess_gathered(options, bundle, catalogue, gathered, facts)
}

/// Reads every input of the run.
fn gather_for(
    options: &CheckOptions,
    framework: String,
) -> Result<(Gathered, AssessmentFacts), Error> {
    let facts = AssessmentFacts {
        as_of: options.as_of,
        framework,
        organisation: options.config.organisation.clone(),
    };
    let limits = options.config.limits;
    let settings = ReadSettings {
        pseudonym_key: options.pseudonym_key.clone(),
        max_input_bytes: limits.max_input_bytes,
        repository_limits: RepositoryLimits {
            max_file_bytes: limits.max_file_bytes,
            max_files: limits.max_files,
            max_nesting: limits.max_nesting,
        },
        remember_identities: options.show_personal_data,
        threads: options.jobs,
    };
    let gathered = gather(&options.inputs, &options.config, &settings, facts.clone())?;
    Ok((gathered, facts))
}

/// Evaluates and assesses what was gathered.
fn assess_gathered(
    options: &CheckOptions,
    bundle: &PolicyBundle,
    catalogue: &Catalogue,
    gathered: Gathered,
    facts: AssessmentFacts,
) -> Result<(Assessment, Timings), Error> {
    let mut timings = Timings::default();
    let limits = options.config.limits;
    let Gathered {
        evidence,
        sources,
        diagnostics,
        timings: read_timings,
        identities,
    } = gathered;
    timings.phases.extend(
        read_timings
            .into_iter()
            .map(|(what, elapsed)| (what.to_string(), elapsed)),
    );
    let mut started = Instant::now();
    let as_of_days = options.as_of.days_since_epoch();
    let evaluation = EvaluationSettings {
        as_of_days,
        disabled: options.config.disable.iter().cloned().collect(),
        time_limit: Duration::from_secs(limits.check_seconds),
        jobs: options.jobs,
        join_min_match_rate: bundle.params()["joins"]["min_match_rate"]
            .as_f64()
            .unwrap_or(0.9),
    };
    // Converted to the interpreter's value once, shared by every check and inventory.
    let input = evidence_input(&evidence, options.jobs).map_err(Error::EvidenceConversion)?;
    timings.lap("convert the evidence document", &mut started);
    let input = with_shared_facts(bundle, &input, &evaluation);
    timings.lap("compute the library's shared facts", &mut started);
    let timed = evaluate_checks(bundle, &evidence, &input, &evaluation);
    timings.lap(
        &format!(
            "evaluate {} checks ({} threads)",
            timed.len(),
            options.jobs.max(1)
        ),
        &mut started,
    );
    timings.checks = timed
        .iter()
        .map(|t| (t.result.id.to_string(), t.elapsed))
        .collect();
    let mut check_results: Vec<_> = timed.into_iter().map(|t| t.result).collect();
    locate_findings(&mut check_results, &evidence, limits.max_input_bytes);
    let config_path = options
        .config
        .path
        .as_ref()
        .map_or_else(|| "dspt.yaml".to_string(), |p| p.display().to_string());
    // The toolkit's own exceptions first: what they cover is not outstanding, so no waiver is
    // needed for it. `--no-waivers` leaves them: they are approvals, not suppressions.
    verify_exceptions(
        &options.config.exceptions,
        catalogue,
        &config_path,
        options.as_of,
    )?;
    let exceptions = apply_exceptions(
        &mut check_results,
        &options.config.exceptions,
        catalogue,
        &evidence,
        &Pseudonymiser::new(&options.pseudonym_key),
        options.as_of,
    );
    let waivers = if options.no_waivers {
        Vec::new()
    } else {
        apply_waivers(&mut check_results, &options.config.waivers, options.as_of)
    };
    if let Some(path) = &options.baseline {
        Baseline::load(path, limits.max_input_bytes)?.apply(&mut check_results);
    }
    let (inventories, inventory_problems) = evaluate_inventories(bundle, &input, as_of_days);
    timings.lap("waivers, baseline and inventories", &mut started);
    let mut diagnostics = diagnostics;
    diagnostics.extend(inventory_problems);

    let attestation_max_age_days = bundle.params()["assessment"]["attestation_max_age_days"]
        .as_i64()
        .unwrap_or(365);
    let context = AssessmentContext {
        catalogue,
        attestations: &options.config.attestations,
        config_path: &config_path,
        as_of: options.as_of,
        attestation_max_age_days,
    };
    let parts = AssessmentParts {
        facts,
        check_results,
        sources,
        diagnostics,
        inventories,
        waivers,
        exceptions,
        baseline: options.baseline.is_some(),
    };
    let mut assessment = assemble(&context, parts)?;
    if options.show_personal_data {
        reveal_identities(&mut assessment, &identities);
    }
    timings.lap("map results onto the catalogue", &mut started);
    Ok((assessment, timings))
}

/// Writes each pseudonym as `p-… (identifier)` in findings' records and messages, for
/// `--show-personal-data`. Fingerprints were taken from the pseudonyms, so baselines still match.
fn reveal_identities(
    assessment: &mut Assessment,
    identities: &std::collections::BTreeMap<String, String>,
) {
    let Ok(pseudonym) = regex::Regex::new(r"\bp-[0-9a-f]{16}\b") else {
        return;
    };
    if identities.is_empty() {
        return;
    }
    let reveal = |text: &str| -> String {
        pseudonym
            .replace_all(text, |found: &regex::Captures<'_>| {
                let p = &found[0];
                match identities.get(p) {
                    Some(identifier) => format!("{p} ({identifier})"),
                    None => p.to_string(),
                }
            })
            .into_owned()
    };
    let checks = assessment
        .items
        .iter_mut()
        .flat_map(|item| item.checks.iter_mut())
        .chain(assessment.unmapped_checks.iter_mut());
    for check in checks {
        for finding in &mut check.findings {
            if let Some(record) = &finding.record {
                finding.record = Some(reveal(record));
            }
            finding.msg = reveal(&finding.msg);
        }
    }
}
