//! Typed errors of the engine, one enum per layer, each carrying the file (and line where known).
//!
//! Errors are for inputs the run cannot trust. Problems inside a repository being walked are not
//! errors: they are diagnostics recorded in the evidence document (see `sources::repo`).

use std::fmt;
use std::path::PathBuf;

/// A place in an input file: path, and line and column (1-based) where known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The file as the user named it.
    pub path: String,
    /// 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// Reports that cannot be combined into one organisation view.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AggregateError {
    /// Nothing to combine.
    #[error(
        "no reports to aggregate: name JSON reports (`dspt check --format json`) or a folder of them with --from"
    )]
    NoReports,
    /// A report of another framework or organisation, or the same revision twice.
    #[error("{location}: {message}")]
    Mismatch {
        /// The report.
        location: Location,
        /// What does not match.
        message: String,
    },
    /// The reports speak for days too far apart.
    #[error(
        "the reports speak for days {days} days apart ({earliest} to {latest}); at most {max} are allowed: run the stale ones again"
    )]
    AsOfSpread {
        /// The earliest `as_of`.
        earliest: crate::model::Date,
        /// The latest.
        latest: crate::model::Date,
        /// Days between them.
        days: i64,
        /// The allowed spread.
        max: i64,
    },
}

impl AggregateError {
    /// A stable kebab-case code (listed in docs/codes.md).
    pub fn code(&self) -> &'static str {
        match self {
            AggregateError::NoReports => "no-reports",
            AggregateError::Mismatch { .. } => "reports-mismatch",
            AggregateError::AsOfSpread { .. } => "as-of-spread",
        }
    }
}

/// A report could not be rendered: never written half, never written empty.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Writing the text failed.
    #[error("cannot write the report: {0}")]
    Write(#[from] std::fmt::Error),
    /// The report could not be serialised as JSON.
    #[error("cannot serialise the report as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// A saved JSON report that is not a readable `dspt/assessment/v1` assessment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct SavedReportError {
    /// Where it is wrong.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl Location {
    /// A whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A line (and optionally a column) in a file.
    pub fn at(path: impl Into<String>, line: usize, column: Option<usize>) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Any error of the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An evidence source could not be read or understood.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The configuration file is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The policy bundle could not be loaded or compiled.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A catalogue file is wrong.
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// A revision or a saved assessment to compare could not be read.
    #[error(transparent)]
    Revision(#[from] RevisionError),
    /// Reports to combine into an organisation view do not belong together.
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    /// The evidence document could not be handed to the policies: the run stops rather than
    /// evaluate against an empty input.
    #[error("the evidence document could not be converted for the policies: {0}")]
    EvidenceConversion(serde_json::Error),
}

impl Error {
    /// A stable kebab-case code for the kind of error (listed in docs/codes.md).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Source(error) => error.code(),
            Error::Config(error) => error.code(),
            Error::Policy(error) => error.code(),
            Error::Catalogue(error) => error.code(),
            Error::Revision(error) => error.code(),
            Error::Aggregate(error) => error.code(),
            Error::EvidenceConversion(_) => "evidence-conversion",
        }
    }
}

/// An evidence source named on the command line or in the config cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file or folder could not be read.
    #[error("cannot read `{path}`: {source}")]
    Unreadable {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is larger than the configured limit.
    #[error("`{path}` is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not text in an encoding we accept.
    #[error("{location}: {message}")]
    Encoding {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// The file is not valid JSON.
    #[error("{location}: invalid JSON: {message}")]
    Json {
        /// Where the parser stopped.
        location: Location,
        /// The parser's message.
        message: String,
    },
    /// The file is not valid YAML.
    #[error("{location}: invalid YAML: {message}")]
    Yaml {
        /// Where the parser stopped.
        location: Location,
        /// The parser's message.
        message: String,
    },
    /// The file is JSON but not a `terraform show -json` plan.
    #[error("{location}: not a Terraform plan: {reason}")]
    NotAPlan {
        /// The file.
        location: Location,
        /// Why not, with the remedy where there is one.
        reason: String,
    },
    /// A plan of a `format_version` this version of dspt does not read.
    #[error("{location}: unsupported plan format_version `{version}` (dspt reads 0.x and 1.x)")]
    UnsupportedPlanFormat {
        /// The file.
        location: Location,
        /// The version found.
        version: String,
    },
    /// The CSV file is malformed.
    #[error("{location}: invalid CSV: {message}")]
    Csv {
        /// Where.
        location: Location,
        /// The parser's message.
        message: String,
    },
    /// A column named in the HR mapping is not in the export's header.
    #[error(
        "{location}: column `{column}` (mapped to `{key}` in the config) is not in the header; the header has: {available}"
    )]
    MissingColumn {
        /// The header line.
        location: Location,
        /// The column name expected.
        column: String,
        /// The mapping key that names it.
        key: String,
        /// The columns present, comma-separated.
        available: String,
    },
    /// A column named in the HR mapping appears twice in the header.
    #[error(
        "{location}: column `{column}` (mapped to `{key}`) appears more than once in the header"
    )]
    DuplicateColumn {
        /// The header line.
        location: Location,
        /// The duplicated column.
        column: String,
        /// The mapping key that names it.
        key: String,
    },
    /// A date cell could not be read.
    #[error(
        "{location}: column `{column}`: `{value}` is not a date (expected dd/mm/yyyy or yyyy-mm-dd)"
    )]
    InvalidDate {
        /// Row line.
        location: Location,
        /// Column name.
        column: String,
        /// The cell.
        value: String,
    },
    /// A boolean cell could not be read.
    #[error(
        "{location}: column `{column}`: `{value}` is not a boolean (expected true/false, yes/no, y/n, 1/0{expected})"
    )]
    InvalidBoolean {
        /// Row.
        location: Location,
        /// Column name.
        column: String,
        /// The cell.
        value: String,
        /// The mapping's own words for yes and no, each after `, `.
        expected: String,
    },
    /// A required cell is empty.
    #[error("{location}: column `{column}` is empty")]
    EmptyCell {
        /// Row line.
        location: Location,
        /// Column name.
        column: String,
    },
    /// The export has a header but no rows.
    #[error("{location}: the export has no rows")]
    NoRows {
        /// The file.
        location: Location,
    },
    /// A `--baseline` file is not a dspt JSON report.
    #[error(
        "{location}: not a dspt JSON report (`schema: dspt/assessment/v1`): {message}; write one with `--format json`"
    )]
    NotABaseline {
        /// The file, and where it is wrong.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// git could not read the repository.
    #[error("`{path}`: cannot read the git repository: {message}")]
    Git {
        /// The folder.
        path: PathBuf,
        /// libgit2's message.
        message: String,
    },
    /// The repository path is not a folder.
    #[error("`{path}` is not a folder")]
    NotAFolder {
        /// The path as given.
        path: PathBuf,
    },
    /// The repository holds more files than the configured limit.
    #[error(
        "`{path}` holds more than {limit} files (`limits.max_files`); point dspt at the folder to assess, or raise the limit"
    )]
    TooManyFiles {
        /// The repository folder.
        path: PathBuf,
        /// The limit.
        limit: usize,
    },
    /// A training needs analysis that is not one (shape, glob, unmapped course).
    #[error("{location}: {message}")]
    InvalidTrainingNeeds {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A vulnerability scan report that is not SARIF, Trivy or Grype JSON, or is malformed.
    #[error("{location}: {message}")]
    InvalidScanReport {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A policy document whose front matter cannot be read.
    #[error("{location}: front matter: {message}")]
    InvalidFrontMatter {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
}

impl SourceError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SourceError::Unreadable { .. } => "input-unreadable",
            SourceError::TooLarge { .. } => "input-too-large",
            SourceError::Encoding { .. } => "input-encoding",
            SourceError::Json { .. } => "invalid-json",
            SourceError::Yaml { .. } => "invalid-yaml",
            SourceError::NotAPlan { .. } => "not-a-plan",
            SourceError::UnsupportedPlanFormat { .. } => "unsupported-plan-format",
            SourceError::Csv { .. } => "invalid-csv",
            SourceError::MissingColumn { .. } => "missing-column",
            SourceError::DuplicateColumn { .. } => "duplicate-column",
            SourceError::InvalidDate { .. } => "invalid-date",
            SourceError::InvalidBoolean { .. } => "invalid-boolean",
            SourceError::EmptyCell { .. } => "empty-cell",
            SourceError::NoRows { .. } => "no-rows",
            SourceError::Git { .. } => "git-error",
            SourceError::NotABaseline { .. } => "not-a-baseline",
            SourceError::NotAFolder { .. } => "not-a-folder",
            SourceError::TooManyFiles { .. } => "too-many-files",
            SourceError::InvalidTrainingNeeds { .. } => "invalid-training-needs",
            SourceError::InvalidScanReport { .. } => "invalid-scan-report",
            SourceError::InvalidFrontMatter { .. } => "invalid-front-matter",
        }
    }
}

/// The configuration file is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config `{path}`: {source}")]
    Unreadable {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The YAML is malformed, or a key is unknown or of the wrong type.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
}

impl ConfigError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::Unreadable { .. } => "config-unreadable",
            ConfigError::Invalid { .. } => "config-invalid",
        }
    }
}

/// The policy bundle cannot be loaded; every problem found is listed.
#[derive(Debug, thiserror::Error)]
#[error("{}", render_problems(problems))]
pub struct PolicyError {
    /// All problems, sorted by location.
    pub problems: Vec<PolicyProblem>,
}

impl PolicyError {
    /// Stable code of the first problem (they are reported together).
    pub fn code(&self) -> &'static str {
        self.problems
            .first()
            .map_or("policy-invalid", |problem| problem.kind.code())
    }
}

fn render_problems(problems: &[PolicyProblem]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// One problem in one policy file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyProblem {
    /// Where.
    pub location: Location,
    /// What kind.
    pub kind: PolicyProblemKind,
    /// What is wrong, in words (for compile errors, regorus's rendering).
    pub message: String,
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// The kinds of policy problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyProblemKind {
    /// A folder given with `--policies` cannot be read.
    Unreadable,
    /// A folder given with `--policies` holds no check.
    NoChecks,
    /// Rego that does not parse or compile.
    Compile,
    /// A `# METADATA` block that is not valid or lacks required fields.
    Metadata,
    /// Two checks with one id.
    DuplicateId,
    /// The parameters file or an override is wrong.
    Params,
}

impl PolicyProblemKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            PolicyProblemKind::Unreadable => "policy-unreadable",
            PolicyProblemKind::NoChecks => "policy-no-checks",
            PolicyProblemKind::Compile => "policy-compile",
            PolicyProblemKind::Metadata => "policy-metadata",
            PolicyProblemKind::DuplicateId => "policy-duplicate-id",
            PolicyProblemKind::Params => "policy-params",
        }
    }
}

/// A catalogue file is wrong.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// The YAML is malformed or has unknown keys.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// An item names a check that no policy defines.
    #[error("{location}: item `{item}` names check `{check}`, which no loaded policy defines")]
    UnknownCheck {
        /// The catalogue file.
        location: Location,
        /// The item id.
        item: String,
        /// The check id.
        check: String,
    },
    /// A check's METADATA claims an item no catalogue has.
    #[error(
        "{location}: check `{check}` claims to evidence `{item}` (custom.evidence), which no catalogue has"
    )]
    UnknownItem {
        /// The check's file.
        location: Location,
        /// The check id.
        check: String,
        /// The item claimed.
        item: String,
    },
    /// No catalogue has the framework asked for.
    #[error("no catalogue for framework `{framework}` (known: {known})")]
    UnknownFramework {
        /// The framework asked for.
        framework: String,
        /// The frameworks available.
        known: String,
    },
}

impl CatalogueError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CatalogueError::Invalid { .. } => "catalogue-invalid",
            CatalogueError::UnknownCheck { .. } => "catalogue-unknown-check",
            CatalogueError::UnknownFramework { .. } => "unknown-framework",
            CatalogueError::UnknownItem { .. } => "catalogue-unknown-item",
        }
    }
}

/// `dspt diff` and `dspt compare` cannot read what they compare.
#[derive(Debug, thiserror::Error)]
pub enum RevisionError {
    /// The folder is not inside a git repository.
    #[error("`{path}` is not in a git repository: {message}")]
    NotARepository {
        /// The folder.
        path: PathBuf,
        /// git's reason.
        message: String,
    },
    /// The revision does not name a commit.
    #[error("`{revision}` does not name a commit: {message}")]
    UnknownRevision {
        /// As given.
        revision: String,
        /// git's reason.
        message: String,
    },
    /// A file of the revision could not be read.
    #[error("{location}: {message}")]
    Unreadable {
        /// The file, at its revision.
        location: Location,
        /// What went wrong.
        message: String,
    },
    /// Neither revision has the config file.
    #[error("no `{path}` at {base} or at {head}; name the config with `--config`")]
    NoConfig {
        /// The config path, relative to the repository.
        path: String,
        /// The base revision.
        base: String,
        /// The head revision.
        head: String,
    },
    /// A revision's policies, catalogue or assessment could not be loaded.
    #[error("at {revision}: {error}")]
    InRevision {
        /// The revision's label.
        revision: String,
        /// What went wrong there.
        error: Box<Error>,
    },
    /// A file to compare is not a dspt JSON assessment.
    #[error("{location}: not a dspt assessment (`dspt check --format json`): {message}")]
    NotAnAssessment {
        /// The file.
        location: Location,
        /// What is wrong.
        message: String,
    },
}

impl RevisionError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            RevisionError::NotARepository { .. } => "not-a-repository",
            RevisionError::UnknownRevision { .. } => "unknown-revision",
            RevisionError::Unreadable { .. } => "revision-unreadable",
            RevisionError::NoConfig { .. } => "revision-no-config",
            RevisionError::NotAnAssessment { .. } => "not-an-assessment",
            RevisionError::InRevision { error, .. } => error.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    /// Codes as the `code()` methods above spell them.
    fn codes_in_source() -> Vec<String> {
        include_str!("error.rs")
            .lines()
            .filter_map(|line| line.split("=> \"").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn codes_are_unique_and_documented() {
        let codes = codes_in_source();
        assert!(codes.len() >= 20, "{codes:?}");
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "duplicate codes in {codes:?}");
        let documented: Vec<String> = include_str!("../../docs/codes.md")
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split('`').next())
            .map(str::to_string)
            .collect();
        let mut documented_sorted = documented.clone();
        documented_sorted.sort();
        assert_eq!(
            documented_sorted, unique,
            "docs/codes.md and engine/src/error.rs disagree"
        );
    }
}
