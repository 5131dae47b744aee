//! Gathering the evidence: every source named in the options, read into the evidence document,
//! with a summary of what each contributed and the diagnostics met on the way.

use std::path::PathBuf;

use crate::config::Config;
use crate::error::{ConfigError, Error, Location};
use crate::evidence::{AssessmentFacts, EvidenceDocument};
use crate::policy::metadata::SourceKind;
use crate::results::{Diagnostic, SourceSummary};
use crate::sources::hr::{HrSection, load_hr_export};
use crate::sources::identity::{IdentitySection, load_identity_export};
use crate::sources::pseudonym::Pseudonymiser;
use crate::sources::repo::{RepositoryLimits, load_repository};
use crate::sources::terraform::{TerraformSection, load_plan};

/// The files to read.
#[derive(Debug, Clone, Default)]
pub struct EvidenceInputs {
    /// Repository folder.
    pub repository: Option<PathBuf>,
    /// Plan files.
    pub terraform: Vec<PathBuf>,
    /// HR exports.
    pub hr: Vec<PathBuf>,
    /// Identity-provider exports.
    pub identity: Vec<PathBuf>,
}

/// How to read them.
#[derive(Debug, Clone)]
pub struct ReadSettings {
    /// Key for pseudonyms.
    pub pseudonym_key: Vec<u8>,
    /// Largest plan or export read.
    pub max_input_bytes: u64,
    /// Repository limits.
    pub repository_limits: RepositoryLimits,
}

/// What was gathered.
pub struct Gathered {
    /// The document.
    pub evidence: EvidenceDocument,
    /// One summary per source read.
    pub sources: Vec<SourceSummary>,
    /// Problems that did not stop the run.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every input; a named input that cannot be read or understood is an error.
pub fn gather(
    inputs: &EvidenceInputs,
    config: &Config,
    settings: &ReadSettings,
    facts: AssessmentFacts,
) -> Result<Gathered, Error> {
    let pseudonymiser = Pseudonymiser::new(&settings.pseudonym_key);
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let summary = |source, files: Vec<String>, count, unit: &str| SourceSummary {
        source,
        files,
        count,
        unit: unit.to_string(),
    };

    let repository = match &inputs.repository {
        None => None,
        Some(path) => {
            let section = load_repository(path, settings.repository_limits)?;
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
            sources.push(summary(
                SourceKind::Repository,
                vec![path.display().to_string()],
                section.files.len(),
                "files",
            ));
            Some(section)
        }
    };

    let terraform = if inputs.terraform.is_empty() {
        None
    } else {
        let plans = inputs
            .terraform
            .iter()
            .map(|path| load_plan(path, settings.max_input_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        let count = plans.iter().map(|p| p.resources.len()).sum();
        sources.push(summary(
            SourceKind::Terraform,
            plans.iter().map(|p| p.file.clone()).collect(),
            count,
            "resources",
        ));
        Some(TerraformSection { plans })
    };

    let hr = if inputs.hr.is_empty() {
        None
    } else {
        let mapping = config.hr_mapping.as_ref().ok_or_else(|| {
            missing_mapping(
                config,
                "hr",
                "the staff id, role, start and leave date columns, and the course columns",
            )
        })?;
        let mut section = HrSection {
            exports: Vec::new(),
            staff: Vec::new(),
        };
        for path in &inputs.hr {
            let (export, staff) =
                load_hr_export(path, mapping, &pseudonymiser, settings.max_input_bytes)?;
            section.exports.push(export);
            section.staff.extend(staff);
        }
        sources.push(summary(
            SourceKind::Hr,
            section.exports.iter().map(|e| e.file.clone()).collect(),
            section.staff.len(),
            "staff records",
        ));
        Some(section)
    };

    let identity = if inputs.identity.is_empty() {
        None
    } else {
        let columns = config.identity_columns.as_ref().ok_or_else(|| {
            missing_mapping(
                config,
                "identity",
                "the account id, employee id, enabled, MFA, admin and last sign-in columns",
            )
        })?;
        let exported_on = config.identity_exported_on.map(|d| d.iso());
        let mut section = IdentitySection {
            exports: Vec::new(),
            accounts: Vec::new(),
        };
        for path in &inputs.identity {
            let (export, accounts) = load_identity_export(
                path,
                columns,
                exported_on.as_deref(),
                &pseudonymiser,
                settings.max_input_bytes,
            )?;
            section.exports.push(export);
            section.accounts.extend(accounts);
        }
        sources.push(summary(
            SourceKind::Identity,
            section.exports.iter().map(|e| e.file.clone()).collect(),
            section.accounts.len(),
            "accounts",
        ));
        Some(section)
    };

    let evidence = EvidenceDocument {
        assessment: facts,
        repository,
        terraform,
        hr,
        identity,
    };
    Ok(Gathered {
        evidence,
        sources,
        diagnostics,
    })
}

fn missing_mapping(config: &Config, source: &str, what: &str) -> Error {
    let path = config
        .path
        .as_ref()
        .map_or_else(|| "dspt.yaml".to_string(), |p| p.display().to_string());
    ConfigError::Invalid {
        location: Location::file(path),
        message: format!("{source} exports were given but the config has no `sources.{source}.columns` mapping; name {what}"),
    }
    .into()
}
