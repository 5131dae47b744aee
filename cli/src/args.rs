//! Command-line arguments: clap types only. Commands turn them into engine options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// dspt: the NHS Data Security and Protection Toolkit as code.
#[derive(Debug, Parser)]
#[command(name = "dspt", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess evidence against the DSPT catalogue and exit 0 (pass), 1 (fail) or 2 (untrusted run).
    Check(CheckArgs),
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego`) of the built-in library or of DIRs.
    Test(TestArgs),
    /// List every evidence item of the catalogues, with its checks and source.
    List(ListArgs),
    /// Explain evidence items or checks: requirement, checks, parameters, Rego source.
    Explain(ExplainArgs),
    /// Validate the configuration, or show it with defaults applied.
    Config(ConfigArgs),
    /// Write a commented dspt.yaml and an organisation policy folder with an example check.
    Init(InitArgs),
    /// What changed in the policies, mapping, parameters, waivers and attestations between two git
    /// revisions, grouped by evidence item; with evidence flags, how outcomes change.
    Diff(DiffArgs),
    /// Compare two saved JSON assessments: items and checks that changed outcome, and findings
    /// new, fixed and still open.
    Compare(CompareArgs),
    /// Combine the saved JSON assessments of many repositories or workspaces (and, with evidence
    /// flags, the organisation-level sources) into one organisation view; exit 1 when an item
    /// fails in any of them, 2 when one is in error or the reports do not belong together.
    Aggregate(AggregateArgs),
}

/// `dspt aggregate`.
#[derive(Debug, clap::Args)]
pub struct AggregateArgs {
    /// JSON assessments (`dspt check --format json`), one per repository or workspace, each
    /// named in the view by its file name without `.json`.
    pub reports: Vec<PathBuf>,
    /// A folder whose `*.json` files are all reports to combine (CI artifacts, say).
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// The organisation's config, for the organisation-level sources given as evidence flags.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Organisation-level evidence (HR, identity exports...), assessed once as the report
    /// named `organisation`.
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// The widest spread of the reports' `as_of` dates, in days.
    #[arg(long, value_name = "DAYS", default_value_t = 31)]
    pub max_as_of_spread_days: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AggregateFormat::Text)]
    pub format: AggregateFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `dspt aggregate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AggregateFormat {
    /// Failing items with the reports behind them, then the reports.
    Text,
    /// `dspt/organisation-assessment/v1`.
    Json,
    /// For a job summary or a pull-request comment.
    Markdown,
    /// One self-contained page: the items × reports heat map, then the failing items.
    Html,
    /// SARIF 2.1.0: a result per open finding, located in its report (for code scanning).
    Sarif,
    /// JUnit XML: a test case per evidence item, failing where any report fails it.
    Junit,
}

/// `dspt diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The older revision (a branch, tag, `HEAD~1`, a commit id).
    pub base: String,
    /// The newer revision (default: the working tree).
    pub head: Option<String>,
    /// A folder inside the git repository holding the policies (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// The config file, as a path in the working tree (default: `dspt.yaml` in the current
    /// folder); it is read at each revision.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Catalogue to compare (default: the head config's `framework`, else `dspt-supplier`).
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Evidence to assess at both revisions, to show how outcomes change.
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormatChoice::Text)]
    pub format: DiffFormatChoice,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour in the text form.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit 1 when a change weakens a mandatory item's control (for CI on the policy repository).
    #[arg(long)]
    pub fail_on_weakening: bool,
}

/// The evidence flags `check` and `diff` share, and the day the evidence is assessed for.
#[derive(Debug, Clone, clap::Args)]
pub struct EvidenceArgs {
    /// A repository folder to read (`dspt check` also takes it as its first argument).
    #[arg(long, value_name = "DIR")]
    pub repository: Option<PathBuf>,
    /// `terraform show -json` plan files.
    #[arg(long, value_name = "PLAN.json", num_args = 1..)]
    pub terraform: Vec<PathBuf>,
    /// HR/training CSV exports (columns mapped under `sources.hr` in the config).
    #[arg(long, value_name = "EXPORT.csv", num_args = 1..)]
    pub hr: Vec<PathBuf>,
    /// Identity-provider user exports, CSV or JSON (columns mapped under `sources.identity` in
    /// the config).
    #[arg(long, value_name = "EXPORT", num_args = 1..)]
    pub identity: Vec<PathBuf>,
    /// Information asset register, CSV, JSON or YAML (columns mapped under `sources.assets`).
    #[arg(long, value_name = "EXPORT", num_args = 1..)]
    pub assets: Vec<PathBuf>,
    /// Supplier register, CSV, JSON or YAML (columns mapped under `sources.suppliers`).
    #[arg(long, value_name = "EXPORT", num_args = 1..)]
    pub suppliers: Vec<PathBuf>,
    /// Incident log export, CSV, JSON or YAML (columns mapped under `sources.incidents`).
    #[arg(long, value_name = "EXPORT", num_args = 1..)]
    pub incidents: Vec<PathBuf>,
    /// Device-management export (Intune, Jamf, Defender), CSV or JSON (columns mapped under
    /// `sources.devices`).
    #[arg(long, value_name = "EXPORT", num_args = 1..)]
    pub devices: Vec<PathBuf>,
    /// Vulnerability scanner output: SARIF, Trivy JSON or Grype JSON.
    #[arg(long, value_name = "REPORT", num_args = 1..)]
    pub scans: Vec<PathBuf>,
    /// Folders of policy documents (Markdown or AsciiDoc with front matter).
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub documents: Vec<PathBuf>,
    /// The day the assessment speaks for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// `dspt compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The older JSON assessment (`dspt check --format json`).
    pub old: PathBuf,
    /// The newer one.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormatChoice::Text)]
    pub format: DiffFormatChoice,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour in the text form.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Formats of `dspt diff` and `dspt compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatChoice {
    /// Grouped by evidence item, with unified diffs.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// `dspt/diff/v1` or `dspt/comparison/v1` JSON.
    Json,
    /// A reviewer's page with side-by-side diffs.
    Html,
}

/// `dspt init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to write into (default: the current folder).
    pub dir: Option<PathBuf>,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// `dspt config`.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ConfigCommand,
}

/// `dspt config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check the configuration (keys, types, paths, parameters, policies, disabled checks,
    /// attested items) without reading evidence; exit 0 when valid, 2 otherwise.
    Validate {
        /// Configuration file (default: `dspt.yaml` in the current folder).
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
    /// Print the effective configuration as JSON: paths resolved, parameters merged with the defaults.
    Show {
        /// Configuration file (default: `dspt.yaml` in the current folder).
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
}

/// `dspt list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this catalogue (`dspt-supplier`, `dspt-caf`).
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `dspt list` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Text,
    /// The catalogues as JSON.
    Json,
}

/// `dspt explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Item ids (`6.1.1`, `B2.a`) or check ids (`TF-ENC-001`), each explained in turn.
    #[arg(required = true, num_args = 1..)]
    pub ids: Vec<String>,
    /// Configuration file, for effective parameter values and organisation policies.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Folders of organisation checks.
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub policies: Vec<std::path::PathBuf>,
}

/// `dspt test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Policy folders whose tests to run (default: the built-in library).
    pub dirs: Vec<PathBuf>,
    /// Run only tests whose full name (`data.pkg.test_x`) matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub run: Option<String>,
    /// List passing tests too.
    #[arg(long, short)]
    pub verbose: bool,
    /// Report line coverage of each policy file, with its uncovered lines.
    #[arg(long)]
    pub coverage: bool,
    /// Fail (exit 1) when total line coverage is below this percentage; implies `--coverage`.
    #[arg(long, value_name = "PERCENT")]
    pub threshold: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
}

/// `dspt test` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// One line per failing test (all with `--verbose`) and a summary.
    Text,
    /// Every test, and coverage when asked, as JSON.
    Json,
    /// JUnit XML: a suite per test file, a case per test.
    Junit,
}

/// `dspt check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Repository folder to read (default: `sources.repository` in the config).
    #[arg(conflicts_with = "repository")]
    pub repo: Option<PathBuf>,
    /// The evidence and the day it is assessed for.
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// Configuration file (default: `dspt.yaml` in the current folder, if there is one).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folders of organisation checks, added to the built-in library.
    #[arg(long, value_name = "DIR", num_args = 1..)]
    pub policies: Vec<PathBuf>,
    /// Catalogue to assess against (default: the config's `framework`, else `dspt-supplier`).
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a report in FORMAT to PATH, from the same run (repeatable), e.g.
    /// `--report sarif=dspt.sarif --report html=evidence.html`.
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = parse_report_target)]
    pub reports: Vec<ReportTarget>,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// What fails the gate: `deny` findings (`fail`), or `warn` findings too (`warn`).
    #[arg(long, value_enum, default_value_t = FailOnChoice::Fail)]
    pub fail_on: FailOnChoice,
    /// A previous JSON report: findings already in it are known and do not fail the gate.
    #[arg(long, value_name = "PREVIOUS.json")]
    pub baseline: Option<PathBuf>,
    /// Ignore the config's waivers, so every finding counts (for auditors).
    #[arg(long)]
    pub no_waivers: bool,
    /// Print where the time went to standard error: each phase, then each check, slowest first.
    #[arg(long)]
    pub timings: bool,
    /// Text report: every item in full, manual items with their guidance.
    #[arg(long, short)]
    pub verbose: bool,
    /// Show the staff number or account id beside each pseudonym in the reports. Refused when
    /// `CI` is set, unless `--allow-personal-data-in-ci` is given too.
    #[arg(long)]
    pub show_personal_data: bool,
    /// Allow `--show-personal-data` in CI, where reports are often published as artefacts.
    #[arg(long, requires = "show_personal_data")]
    pub allow_personal_data_in_ci: bool,
    /// Checks evaluated at once (default: the number of CPUs); the report is the same for any.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnChoice {
    /// Failing checks fail the gate.
    Fail,
    /// Warnings fail it too.
    Warn,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A block per evidence item, for people.
    Text,
    /// The `dspt/assessment/v1` JSON document.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML: a test case per evidence item (GitLab, Jenkins).
    Junit,
    /// GitHub Actions annotations, one per open finding (and a job summary under GITHUB_STEP_SUMMARY).
    Github,
    /// A Markdown summary for a pull-request comment.
    Markdown,
    /// A self-contained HTML evidence report for assessors.
    Html,
}

/// One `--report FORMAT=PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    /// The format to write.
    pub format: OutputFormat,
    /// Where to write it.
    pub path: PathBuf,
}

/// Parses `FORMAT=PATH`; clap turns an error into a usage error (exit 2) naming the flag.
fn parse_report_target(text: &str) -> Result<ReportTarget, String> {
    let names = || {
        OutputFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((format, path)) = text.split_once('=') else {
        return Err(format!(
            "expected FORMAT=PATH (FORMAT one of {}), e.g. `sarif=dspt.sarif`",
            names()
        ));
    };
    let format = OutputFormat::from_str(format, false).map_err(|_| {
        format!(
            "unknown report format `{format}`; expected one of {}",
            names()
        )
    })?;
    if path.is_empty() {
        return Err(format!("no path after `{text}`; write FORMAT=PATH"));
    }
    Ok(ReportTarget {
        format,
        path: PathBuf::from(path),
    })
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}
