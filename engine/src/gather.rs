//! Gathering the evidence: every source named in the options, read into the evidence document,
//! with a summary of what each contributed and the diagnostics met on the way.

use std::path::{Path, PathBuf};
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
use crate::sources::register::{REGISTERS, RegisterKind, RegisterSection, parse_register};
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
    let mut reader = NamedSources {
        inputs,
        config,
        settings,
        pseudonymiser: &pseudonymiser,
        sources: Vec::new(),
        timings: Vec::new(),
        started: Instant::now(),
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
        let rest = reader.read_all();
        let repository = reading.map(|reading| {
            reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (repository, rest)
    });
    let NamedSources {
        mut sources,
        mut timings,
        ..
    } = reader;
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
    let NamedSections {
        terraform,
        hr,
        identity,
        registers: [assets, suppliers, incidents, devices],
        scans,
        documents,
    } = rest?;
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

fn summary(
    source: SourceKind,
    files: Vec<String>,
    digests: Vec<String>,
    count: usize,
    unit: &str,
) -> SourceSummary {
    SourceSummary {
        source,
        files,
        digests,
        count,
        unit: unit.to_string(),
    }
}

/// Every source but the repository: its sections, in the document's order.
struct NamedSections {
    terraform: Option<TerraformSection>,
    hr: Option<HrSection>,
    identity: Option<IdentitySection>,
    /// In the order of [`REGISTERS`].
    registers: [Option<RegisterSection>; 4],
    scans: Option<ScanSection>,
    documents: Option<DocumentSection>,
}

/// Reading the sources named by file (all but the repository), one after another: each source
/// adds its summary and its time.
struct NamedSources<'a> {
    inputs: &'a EvidenceInputs,
    config: &'a Config,
    settings: &'a ReadSettings,
    pseudonymiser: &'a Pseudonymiser,
    sources: Vec<SourceSummary>,
    timings: Vec<(&'static str, Duration)>,
    started: Instant,
}

impl NamedSources<'_> {
    fn read_all(&mut self) -> Result<NamedSections, Error> {
        let terraform = self.terraform()?;
        let hr = self.hr()?;
        let identity = self.identity()?;
        let mut registers: [Option<RegisterSection>; 4] = Default::default();
        for (slot, kind) in registers.iter_mut().zip(&REGISTERS) {
            *slot = self.register(kind)?;
        }
        Ok(NamedSections {
            terraform,
            hr,
            identity,
            registers,
            scans: self.scans()?,
            documents: self.documents()?,
        })
    }

    /// Reads a named input, once, so each file's digest is of exactly the bytes assessed: the
    /// file as given, its digest and its bytes.
    fn read(&self, path: &Path) -> Result<(String, String, Vec<u8>), Error> {
        let bytes = read_input(path, self.settings.max_input_bytes)?;
        Ok((path.display().to_string(), digest(&bytes), bytes))
    }

    /// Each file of a source read and handed to `parse` (file as given, bytes); their digests,
    /// in order.
    fn read_each(
        &self,
        paths: &[PathBuf],
        parse: &mut ParseFile<'_>,
    ) -> Result<Vec<String>, Error> {
        let mut digests = Vec::with_capacity(paths.len());
        for path in paths {
            let (file, file_digest, bytes) = self.read(path)?;
            parse(&file, &bytes)?;
            digests.push(file_digest);
        }
        Ok(digests)
    }

    /// A source read: its summary, and the time since the previous one under `phase`.
    fn done(&mut self, summary: SourceSummary, phase: &'static str) {
        self.sources.push(summary);
        self.timings.push((phase, self.started.elapsed()));
        self.started = Instant::now();
    }

    fn terraform(&mut self) -> Result<Option<TerraformSection>, Error> {
        if self.inputs.terraform.is_empty() {
            return Ok(None);
        }
        let mut plans = Vec::new();
        let digests = self.read_each(&self.inputs.terraform, &mut |file, bytes| {
            plans.push(parse_plan(file, bytes)?);
            Ok(())
        })?;
        let count = plans.iter().map(|p| p.resources.len()).sum();
        self.done(
            summary(
                SourceKind::Terraform,
                plans.iter().map(|p| p.file.clone()).collect(),
                digests,
                count,
                "resources",
            ),
            "read and parse the Terraform plans",
        );
        Ok(Some(TerraformSection { plans }))
    }

    fn hr(&mut self) -> Result<Option<HrSection>, Error> {
        if self.inputs.hr.is_empty() {
            return Ok(None);
        }
        let mapping = self.config.hr_mapping.as_ref().ok_or_else(|| {
            missing_mapping(
                self.config,
                "hr",
                "the staff id, role, start and leave date columns, and the course columns",
            )
        })?;
        let mut section = HrSection {
            exports: Vec::new(),
            staff: Vec::new(),
            training_needs: None,
        };
        let mut digests = self.read_each(&self.inputs.hr, &mut |file, bytes| {
            let (export, staff) = parse_hr_export(file, bytes, mapping, self.pseudonymiser)?;
            section.exports.push(export);
            section.staff.extend(staff);
            Ok(())
        })?;
        let mut files: Vec<String> = section.exports.iter().map(|e| e.file.clone()).collect();
        if let Some(path) = &self.config.hr_training_needs {
            let (file, file_digest, bytes) = self.read(path)?;
            section.training_needs = Some(parse_training_needs(&file, &bytes, &mapping.courses)?);
            files.push(file);
            digests.push(file_digest);
        }
        self.done(
            summary(
                SourceKind::Hr,
                files,
                digests,
                section.staff.len(),
                "staff records",
            ),
            "read and parse the HR exports",
        );
        Ok(Some(section))
    }

    fn identity(&mut self) -> Result<Option<IdentitySection>, Error> {
        if self.inputs.identity.is_empty() {
            return Ok(None);
        }
        let columns = self.config.identity_columns.as_ref().ok_or_else(|| {
            missing_mapping(
                self.config,
                "identity",
                "the account id, employee id, enabled, MFA, admin and last sign-in columns",
            )
        })?;
        let exported_on = self.config.identity_exported_on.map(|d| d.iso());
        let mut section = IdentitySection {
            exports: Vec::new(),
            accounts: Vec::new(),
        };
        let digests = self.read_each(&self.inputs.identity, &mut |file, bytes| {
            let (export, accounts) = parse_identity_export(
                file,
                bytes,
                columns,
                exported_on.as_deref(),
                self.pseudonymiser,
            )?;
            section.exports.push(export);
            section.accounts.extend(accounts);
            Ok(())
        })?;
        self.done(
            summary(
                SourceKind::Identity,
                section.exports.iter().map(|e| e.file.clone()).collect(),
                digests,
                section.accounts.len(),
                "accounts",
            ),
            "read and parse the identity exports",
        );
        Ok(Some(section))
    }

    fn register(&mut self, kind: &RegisterKind) -> Result<Option<RegisterSection>, Error> {
        let files = self.inputs.register_files(kind.source);
        if files.is_empty() {
            return Ok(None);
        }
        let mapping = &self
            .config
            .register(kind.source)
            .ok_or_else(|| {
                missing_mapping(
                    self.config,
                    kind.name(),
                    &format!("at least the `{}` column", kind.fields[0].key),
                )
            })?
            .mapping;
        let mut section = RegisterSection::default();
        let digests = self.read_each(files, &mut |file, bytes| {
            let (export, records) = parse_register(kind, file, bytes, mapping, self.pseudonymiser)?;
            section.exports.push(export);
            section.records.extend(records);
            Ok(())
        })?;
        self.done(
            summary(
                kind.source,
                section.exports.iter().map(|e| e.file.clone()).collect(),
                digests,
                section.records.len(),
                kind.unit,
            ),
            kind.reading,
        );
        Ok(Some(section))
    }

    fn scans(&mut self) -> Result<Option<ScanSection>, Error> {
        if self.inputs.scans.is_empty() {
            return Ok(None);
        }
        let mut section = ScanSection::default();
        let digests = self.read_each(&self.inputs.scans, &mut |file, bytes| {
            let (report, findings) = parse_scan_report(file, bytes)?;
            section.reports.push(report);
            section.findings.extend(findings);
            Ok(())
        })?;
        self.done(
            summary(
                SourceKind::Scans,
                section.reports.iter().map(|r| r.file.clone()).collect(),
                digests,
                section.findings.len(),
                "vulnerabilities",
            ),
            "read and parse the vulnerability scans",
        );
        Ok(Some(section))
    }

    fn documents(&mut self) -> Result<Option<DocumentSection>, Error> {
        if self.inputs.documents.is_empty() {
            return Ok(None);
        }
        let mut section = DocumentSection::default();
        let mut digests = Vec::new();
        for folder in &self.inputs.documents {
            let (documents, folder_digest) = read_documents(folder, self.settings.max_input_bytes)?;
            section.folders.push(folder.display().to_string());
            section.documents.extend(documents);
            digests.push(folder_digest);
        }
        self.done(
            summary(
                SourceKind::Documents,
                section.folders.clone(),
                digests,
                section.documents.len(),
                "documents",
            ),
            "read and parse the policy documents",
        );
        Ok(Some(section))
    }
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
