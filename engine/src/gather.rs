//! Gathering the evidence: every source named in the options, read into the evidence document,
//! with a summary of what each contributed and the diagnostics met on the way.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::{ConfigError, Error, Location};
use crate::evidence::EvidenceDocument;
use crate::model::{AssessmentFacts, SourceKind};

use crate::results::{Diagnostic, SourceSummary};
use crate::sources::documents::{DocumentSection, read_documents};
use crate::sources::hr::{HrSection, parse_hr_export};
use crate::sources::identity::{IdentitySection, parse_identity_export};
use crate::sources::pseudonym::Pseudonymiser;
use crate::sources::register::{REGISTERS, RegisterSection, parse_register};
use crate::sources::repo::{RepositoryLimits, load_repository};
use crate::sources::scans::{ScanSection, parse_scan_report};
use crate::sources::terraform::{TerraformSection, parse_plan};
use crate::sources::training_needs::parse_training_needs;
use crate::sources::{digest, read_input};

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
    /// Information asset register exports.
    pub assets: Vec<PathBuf>,
    /// Supplier register exports.
    pub suppliers: Vec<PathBuf>,
    /// Incident log exports.
    pub incidents: Vec<PathBuf>,
    /// Device-management exports.
    pub devices: Vec<PathBuf>,
    /// Vulnerability scan reports.
    pub scans: Vec<PathBuf>,
    /// Policy document folders.
    pub documents: Vec<PathBuf>,
}

impl EvidenceInputs {
    /// The exports given for a register.
    pub fn register_files(&self, register: SourceKind) -> &[PathBuf] {
        match register {
            SourceKind::Assets => &self.assets,
            SourceKind::Suppliers => &self.suppliers,
            SourceKind::Incidents => &self.incidents,
            SourceKind::Devices => &self.devices,
            _ => &[],
        }
    }

    /// Whether any evidence is named at all.
    pub fn is_empty(&self) -> bool {
        self.repository.is_none()
            && [
                &self.terraform,
                &self.hr,
                &self.identity,
                &self.assets,
                &self.suppliers,
                &self.incidents,
                &self.devices,
                &self.scans,
                &self.documents,
            ]
            .iter()
            .all(|files| files.is_empty())
    }

    /// Whether the inputs hold personal data (exports that name staff, users or people).
    pub fn reads_personal_data(&self) -> bool {
        [
            &self.hr,
            &self.identity,
            &self.assets,
            &self.suppliers,
            &self.incidents,
            &self.devices,
        ]
        .iter()
        .any(|files| !files.is_empty())
    }
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
    /// Keep which staff number or account id each pseudonym stands for (`--show-personal-data`).
    pub remember_identities: bool,
    /// Threads reading a repository's files (at least 1).
    pub threads: usize,
}

/// What was gathered.
pub struct Gathered {
    /// The document.
    pub evidence: EvidenceDocument,
    /// One summary per source read.
    pub sources: Vec<SourceSummary>,
    /// Problems that did not stop the run.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time of reading and parsing each source given, in order (for `--timings`).
    pub timings: Vec<(&'static str, Duration)>,
    /// Pseudonym → staff number or account id, when asked for; kept out of the document.
    pub identities: std::collections::BTreeMap<String, String>,
}

/// Parses one named file (as given, and its bytes) into the section being built.
type ParseFile<'a> = dyn FnMut(&str, &[u8]) -> Result<(), Error> + 'a;

/// Reads every input; a named input that cannot be read or understood is an error.
pub fn gather(
    inputs: &EvidenceInputs,
    config: &Config,
    settings: &ReadSettings,
    facts: AssessmentFacts,
) -> Result<Gathered, Error> {
    let pseudonymiser = if settings.remember_identities {
        Pseudonymiser::remembering(&settings.pseudonym_key)
    } else {
        Pseudonymiser::new(&settings.pseudonym_key)
    };
    let mut sources = Vec::new();
    let summary =
        |source, files: Vec<String>, digests: Vec<String>, count, unit: &str| SourceSummary {
            source,
            files,
            digests,
            count,
            unit: unit.to_string(),
        };
    // Named inputs are read here, once, so each file's digest is of exactly the bytes assessed.
    let read = |path: &PathBuf| -> Result<(String, String, Vec<u8>), Error> {
        let bytes = read_input(path, settings.max_input_bytes)?;
        Ok((path.display().to_string(), digest(&bytes), bytes))
    };
    // Each file of a source read and handed to `parse` (file as given, bytes); their digests, in
    // order.
    let read_each = |paths: &[PathBuf], parse: &mut ParseFile<'_>| -> Result<Vec<String>, Error> {
        let mut digests = Vec::with_capacity(paths.len());
        for path in paths {
            let (file, file_digest, bytes) = read(path)?;
            parse(&file, &bytes)?;
            digests.push(file_digest);
        }
        Ok(digests)
    };

    let mut timings = Vec::new();
    let mut started = Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, started.elapsed()));
        started = Instant::now();
    };
    // The repository (thousands of files, read on threads of its own) beside every other source.
    let (repository, rest) = std::thread::scope(|scope| {
        let reading = inputs.repository.as_ref().map(|path| {
            scope.spawn(move || {
                let started = Instant::now();
                let section = load_repository(path, settings.repository_limits, settings.threads);
                (path, section, started.elapsed())
            })
        });
        let mut read_the_rest = || -> Result<_, Error> {
            let terraform = if inputs.terraform.is_empty() {
                None
            } else {
                let mut plans = Vec::new();
                let digests = read_each(&inputs.terraform, &mut |file, bytes| {
                    plans.push(parse_plan(file, bytes)?);
                    Ok(())
                })?;
                let count = plans.iter().map(|p| p.resources.len()).sum();
                sources.push(summary(
                    SourceKind::Terraform,
                    plans.iter().map(|p| p.file.clone()).collect(),
                    digests,
                    count,
                    "resources",
                ));
                lap("read and parse the Terraform plans");
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
                    training_needs: None,
                };
                let mut digests = read_each(&inputs.hr, &mut |file, bytes| {
                    let (export, staff) = parse_hr_export(file, bytes, mapping, &pseudonymiser)?;
                    section.exports.push(export);
                    section.staff.extend(staff);
                    Ok(())
                })?;
                let mut files: Vec<String> =
                    section.exports.iter().map(|e| e.file.clone()).collect();
                if let Some(path) = &config.hr_training_needs {
                    let (file, file_digest, bytes) = read(path)?;
                    section.training_needs =
                        Some(parse_training_needs(&file, &bytes, &mapping.courses)?);
                    files.push(file);
                    digests.push(file_digest);
                }
                sources.push(summary(
                    SourceKind::Hr,
                    files,
                    digests,
                    section.staff.len(),
                    "staff records",
                ));
                lap("read and parse the HR exports");
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
                let digests = read_each(&inputs.identity, &mut |file, bytes| {
                    let (export, accounts) = parse_identity_export(
                        file,
                        bytes,
                        columns,
                        exported_on.as_deref(),
                        &pseudonymiser,
                    )?;
                    section.exports.push(export);
                    section.accounts.extend(accounts);
                    Ok(())
                })?;
                sources.push(summary(
                    SourceKind::Identity,
                    section.exports.iter().map(|e| e.file.clone()).collect(),
                    digests,
                    section.accounts.len(),
                    "accounts",
                ));
                lap("read and parse the identity exports");
                Some(section)
            };

            let mut registers: [Option<RegisterSection>; 4] = Default::default();
            for (slot, kind) in registers.iter_mut().zip(&REGISTERS) {
                let files = inputs.register_files(kind.source);
                if files.is_empty() {
                    continue;
                }
                let mapping = &config
                    .register(kind.source)
                    .ok_or_else(|| {
                        missing_mapping(
                            config,
                            kind.name(),
                            &format!("at least the `{}` column", kind.fields[0].key),
                        )
                    })?
                    .mapping;
                let mut section = RegisterSection::default();
                let digests = read_each(files, &mut |file, bytes| {
                    let (export, records) =
                        parse_register(kind, file, bytes, mapping, &pseudonymiser)?;
                    section.exports.push(export);
                    section.records.extend(records);
                    Ok(())
                })?;
                sources.push(summary(
                    kind.source,
                    section.exports.iter().map(|e| e.file.clone()).collect(),
                    digests,
                    section.records.len(),
                    kind.unit,
                ));
                lap(kind.reading);
                *slot = Some(section);
            }
            let [assets, suppliers, incidents, devices] = registers;

            let scans = if inputs.scans.is_empty() {
                None
            } else {
                let mut section = ScanSection::default();
                let digests = read_each(&inputs.scans, &mut |file, bytes| {
                    let (report, findings) = parse_scan_report(file, bytes)?;
                    section.reports.push(report);
                    section.findings.extend(findings);
                    Ok(())
                })?;
                sources.push(summary(
                    SourceKind::Scans,
                    section.reports.iter().map(|r| r.file.clone()).collect(),
                    digests,
                    section.findings.len(),
                    "vulnerabilities",
                ));
                lap("read and parse the vulnerability scans");
                Some(section)
            };

            let documents = if inputs.documents.is_empty() {
                None
            } else {
                let mut section = DocumentSection::default();
                let mut digests = Vec::new();
                for folder in &inputs.documents {
                    let (documents, folder_digest) =
                        read_documents(folder, settings.max_input_bytes)?;
                    section.folders.push(folder.display().to_string());
                    section.documents.extend(documents);
                    digests.push(folder_digest);
                }
                sources.push(summary(
                    SourceKind::Documents,
                    section.folders.clone(),
                    digests,
                    section.documents.len(),
                    "documents",
                ));
                lap("read and parse the policy documents");
                Some(section)
            };
            Ok((
                terraform,
                hr,
                identity,
                [assets, suppliers, incidents, devices],
                scans,
                documents,
            ))
        };
        let rest = read_the_rest();
        let repository = reading.map(|reading| {
            reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (repository, rest)
    });
    // The repository's summary and time come first, as it is the first source; so does its
    // error. Its files' problems are the only diagnostics of reading.
    let (repository, diagnostics) = match repository {
        None => (None, Vec::new()),
        Some((path, section, elapsed)) => {
            let section = section?;
            let problems = section
                .problems()
                .map(|(file, problem)| Diagnostic {
                    location: Location {
                        path: file.clone(),
                        line: problem.line,
                        column: problem.column,
                    },
                    message: problem.message.clone(),
                })
                .collect();
            let version = section
                .git
                .head
                .as_ref()
                .map_or_else(|| "unversioned".to_string(), |head| format!("git:{head}"));
            sources.insert(
                0,
                summary(
                    SourceKind::Repository,
                    vec![path.display().to_string()],
                    vec![version],
                    section.files.len(),
                    "files",
                ),
            );
            timings.insert(0, ("read and parse the repository", elapsed));
            (Some(section), problems)
        }
    };
    let (terraform, hr, identity, [assets, suppliers, incidents, devices], scans, documents) =
        rest?;
    let evidence = EvidenceDocument {
        assessment: facts,
        repository,
        terraform,
        hr,
        identity,
        assets,
        suppliers,
        incidents,
        devices,
        scans,
        documents,
    };
    Ok(Gathered {
        evidence,
        sources,
        diagnostics,
        timings,
        identities: pseudonymiser.identities(),
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
