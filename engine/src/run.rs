//! One `dspt check` run: read the sources, compile the bundle, evaluate, assemble.
//! This is the only part of the engine that reads the file system on its own initiative.

use std::path::PathBuf;

use crate::catalogue::{Catalogue, DEFAULT_FRAMEWORK};
use crate::config::Config;
use crate::error::{ConfigError, Error, Location, PolicyError};
use crate::evidence::{AssessmentFacts, EvidenceDocument};
use crate::policy::bundle::{PolicyBundle, PolicyFile, builtin_files, load_policy_dir};
use crate::policy::metadata::SourceKind;
use crate::policy::params::apply_overrides;
use crate::policy::params::default_params;
use crate::results::{Assessment, Diagnostic, SourceSummary};
use crate::sources::DEFAULT_MAX_INPUT_BYTES;
use crate::sources::dates::Date;
use crate::sources::hr::{HrSection, load_hr_export};
use crate::sources::pseudonym::Pseudonymiser;
use crate::sources::repo::{RepositoryLimits, load_repository};
use crate::sources::terraform::{TerraformSection, load_plan};

/// Everything a check run needs, resolved by the caller (paths, date, key).
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Repository folder (the command line's, else the config's).
    pub repository: Option<PathBuf>,
    /// Plan files: the config's, then the command line's.
    pub terraform: Vec<PathBuf>,
    /// HR exports: the config's, then the command line's.
    pub hr: Vec<PathBuf>,
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
    /// Largest plan or export read.
    pub max_input_bytes: u64,
    /// Limits on repository reading.
    pub repository_limits: RepositoryLimits,
}

impl CheckOptions {
    /// Options with defaults for everything but the date and key.
    pub fn new(as_of: Date, pseudonym_key: Vec<u8>) -> CheckOptions {
        CheckOptions {
            repository: None,
            terraform: Vec::new(),
            hr: Vec::new(),
            config: Config::default(),
            policy_dirs: Vec::new(),
            framework: None,
            as_of,
            pseudonym_key,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            repository_limits: RepositoryLimits::default(),
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
    let params = effective_params(config)?;
    let mut files: Vec<PolicyFile> = builtin_files();
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
    Ok(PolicyBundle::compile(&files, params)?)
}

/// Runs a whole assessment.
pub fn run_check(options: &CheckOptions) -> Result<Assessment, Error> {
    let framework = options
        .framework
        .clone()
        .or_else(|| options.config.framework.clone())
        .unwrap_or_else(|| DEFAULT_FRAMEWORK.to_string());
    let catalogue = Catalogue::builtin_for(&framework)?;
    let bundle = load_bundle(&options.config, &options.policy_dirs)?;
    catalogue.verify_against(&bundle)?;

    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let repository = match &options.repository {
        None => None,
        Some(path) => {
            let section = load_repository(path, options.repository_limits)?;
            for (file, problem) in section.problems() {
                diagnostics.push(Diagnostic {
                    location: Location {
                        path: file.clone(),
                        line: problem.line,
                        column: problem.column,
                    },
                    message: problem.message.clone(),
                });
            }
            sources.push(SourceSummary {
                source: SourceKind::Repository,
                files: vec![path.display().to_string()],
                count: section.files.len(),
                unit: "files".to_string(),
            });
            Some(section)
        }
    };
    let terraform = if options.terraform.is_empty() {
        None
    } else {
        let plans = options
            .terraform
            .iter()
            .map(|path| load_plan(path, options.max_input_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        sources.push(SourceSummary {
            source: SourceKind::Terraform,
            files: plans.iter().map(|p| p.file.clone()).collect(),
            count: plans.iter().map(|p| p.resources.len()).sum(),
            unit: "resources".to_string(),
        });
        Some(TerraformSection { plans })
    };
    let hr = if options.hr.is_empty() {
        None
    } else {
        let Some(mapping) = &options.config.hr_mapping else {
            let path = options
                .config
                .path
                .as_ref()
                .map_or_else(|| "dspt.yaml".to_string(), |p| p.display().to_string());
            return Err(ConfigError::Invalid {
                location: Location::file(path),
                message: "HR exports were given but the config has no `sources.hr.columns` mapping; name the staff id, role, start and leave date columns, and the course columns".to_string(),
            }
            .into());
        };
        let pseudonymiser = Pseudonymiser::new(&options.pseudonym_key);
        let mut section = HrSection {
            exports: Vec::new(),
            staff: Vec::new(),
        };
        for path in &options.hr {
            let (export, staff) =
                load_hr_export(path, mapping, &pseudonymiser, options.max_input_bytes)?;
            section.exports.push(export);
            section.staff.extend(staff);
        }
        sources.push(SourceSummary {
            source: SourceKind::Hr,
            files: section.exports.iter().map(|e| e.file.clone()).collect(),
            count: section.staff.len(),
            unit: "staff records".to_string(),
        });
        Some(section)
    };

    let facts = AssessmentFacts {
        as_of: options.as_of.iso(),
        framework,
        organisation: options.config.organisation.clone(),
    };
    let evidence = EvidenceDocument {
        assessment: facts.clone(),
        repository,
        terraform,
        hr,
    };
    let results =
        crate::evaluate::evaluate_checks(&bundle, &evidence, options.as_of.days_since_epoch());
    Ok(crate::assess::assemble(
        &catalogue,
        results,
        facts,
        sources,
        diagnostics,
    ))
}
