//! Reporters: pure functions from an [`Assessment`] to bytes, one per format.
//! They never recompute statuses and never see sources, the clock or the environment, so the same
//! assessment always renders to the same bytes.

pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod organisation;
pub mod organisation_ci;
pub mod sarif;
pub mod text;

use crate::error::RenderError;
use crate::model::ExceptionState;
use crate::results::{Assessment, CheckResult, Finding};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table per evidence item, for people.
    Text,
    /// `dspt/assessment/v1` JSON.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: a test suite per standard or principle, a test case per item (GitLab, Jenkins).
    Junit,
    /// GitHub Actions workflow commands: one annotation per open finding.
    Github,
    /// A compact Markdown summary, for a pull-request comment or a job summary.
    Markdown,
    /// One self-contained HTML page, for assessors.
    Html,
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// ANSI colour (text only).
    pub color: bool,
    /// Every item in full, with its guidance (text only).
    pub verbose: bool,
}

/// Renders the assessment in `format`.
pub fn render(
    format: Format,
    assessment: &Assessment,
    options: RenderOptions,
) -> Result<String, RenderError> {
    Ok(match format {
        Format::Text => text::render(assessment, options.color, options.verbose)?,
        Format::Json => json::render(assessment)?,
        Format::Sarif => sarif::render(assessment)?,
        Format::Junit => junit::render(assessment)?,
        Format::Github => github::render(assessment)?,
        Format::Markdown => markdown::render(assessment)?,
        Format::Html => html::render(assessment)?,
    })
}

/// `text` in an ANSI SGR `code` when `color`, else as it is.
pub(crate) fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// A finding that still counts: neither waived nor known from the baseline.
fn is_open(finding: &Finding) -> bool {
    finding.waiver.is_none() && finding.exception.is_none() && !finding.known
}

/// Sentences on what the overall status rests on besides the mandatory items: Approaching
/// Standards (its outstanding items, or why it is not computed) and the provisional mandatory
/// items (ids or flags inferred rather than published). Every human-readable report shows them.
fn status_notes(summary: &crate::results::Summary) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(note) = &summary.approaching_note {
        notes.push(format!("Approaching Standards: {note}"));
    }
    if !summary.approaching_outstanding.is_empty() {
        notes.push(format!(
            "Approaching Standards: items outstanding: {}",
            summary.approaching_outstanding.join(", ")
        ));
    }
    if !summary.provisional_mandatory.is_empty() {
        let count = summary.provisional_mandatory.len();
        notes.push(format!(
            "The overall status rests on {count} provisional mandatory item{} (id or mandatory flag inferred, not published): {}",
            if count == 1 { "" } else { "s" },
            summary.provisional_mandatory.join(", ")
        ));
    }
    notes
}

/// One line per exception of the config: item, check, state, approval and review, and why it
/// fails the gate when it does.
fn exception_lines(assessment: &Assessment) -> Vec<String> {
    assessment
        .exceptions
        .iter()
        .map(|exception| {
            let state = match exception.state {
                ExceptionState::Active => "active".to_string(),
                ExceptionState::Expiring => "due for review within 30 days".to_string(),
                ExceptionState::Expired => {
                    "EXPIRED: it excepts nothing and fails the gate".to_string()
                }
                ExceptionState::UnknownSubject => {
                    "REFUSED: it fails the gate".to_string()
                }
            };
            let check = exception
                .check
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let problem = exception
                .problem
                .as_deref()
                .map(|p| format!(": {p}"))
                .unwrap_or_default();
            format!(
                "{}{check}: {} subject{}, approved by {} on {}, review by {} ({state}{problem}; {} finding{} excepted): {}",
                exception.item,
                exception.subjects,
                if exception.subjects == 1 { "" } else { "s" },
                exception.approved_by,
                exception.approved_on,
                exception.review_by,
                exception.matched,
                if exception.matched == 1 { "" } else { "s" },
                exception.reason
            )
        })
        .collect()
}

/// The group an item belongs to, from its id: the standard (`6` for `6.1.1`) or, for CAF
/// outcomes, the principle (`B2` for `B2.a`). The catalogue's groups are not in the assessment,
/// and both numbering schemes put the group before the first dot.
fn group_of(item_id: &str) -> &str {
    item_id.split('.').next().unwrap_or(item_id)
}

/// A group's heading: standards are numbered, CAF principles start with their objective's letter.
fn group_label(group: &str) -> String {
    if group.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Standard {group}")
    } else {
        format!("Principle {group}")
    }
}

/// Items grouped by [`group_of`], groups in the order their first item appears (catalogue order).
fn grouped_items(assessment: &Assessment) -> Vec<(&str, Vec<&crate::results::ItemResult>)> {
    let mut groups: Vec<(&str, Vec<&crate::results::ItemResult>)> = Vec::new();
    for item in &assessment.items {
        let group = group_of(&item.id);
        match groups.iter_mut().find(|(id, _)| *id == group) {
            Some((_, items)) => items.push(item),
            None => groups.push((group, vec![item])),
        }
    }
    groups
}

/// Where a finding is, as the text report writes it: `file:line: subject: ` (each part only when
/// known), so every format points at the same place in the same words.
fn finding_place(finding: &Finding) -> String {
    let mut parts = Vec::new();
    if let Some(file) = &finding.file {
        match finding.line {
            Some(line) if line >= 1 => parts.push(format!("{file}:{line}")),
            _ => parts.push(file.clone()),
        }
    }
    parts.extend(finding.resource.iter().cloned());
    parts.extend(finding.record.iter().cloned());
    parts.join(": ")
}

/// The finding's message, led by its resource or record unless the message already names it:
/// annotations and code-scanning alerts show a file and line, never the subject.
fn message_with_subject(finding: &Finding) -> String {
    let subjects: Vec<&str> = [&finding.resource, &finding.record]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|subject| !finding.msg.contains(subject))
        .collect();
    if subjects.is_empty() {
        finding.msg.clone()
    } else {
        format!("{}: {}", subjects.join(": "), finding.msg)
    }
}

/// The overall status word, or `unknown` when the summary has none.
fn overall_word(assessment: &Assessment) -> &'static str {
    assessment
        .summary
        .overall
        .map_or("unknown", crate::model::OverallStatus::as_str)
}

/// Open findings of a check.
fn open_findings(check: &CheckResult) -> impl Iterator<Item = &Finding> {
    check.findings.iter().filter(|f| is_open(f))
}

/// Escapes text for XML and HTML content and attribute values. Characters XML 1.0 forbids (C0
/// controls other than tab, newline and carriage return) are dropped: a parser rejects the whole
/// report for one of them, and evidence text is not under our control.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod sample;

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        reason = "a test fails loudly on a bad schema"
    )]

    use std::path::Path;

    use super::Format;

    fn schema(path: &str) -> jsonschema::Validator {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
        let text = std::fs::read_to_string(&file).expect("the schema file exists");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
        jsonschema::validator_for(&schema).expect("the schema compiles")
    }

    fn check_valid(validator: &jsonschema::Validator, document: &str) {
        let value: serde_json::Value = serde_json::from_str(document).expect("the report is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    #[test]
    fn the_json_report_matches_its_published_schema() {
        let validator = schema("docs/assessment.schema.json");
        let sample = super::sample::assessment();
        check_valid(&validator, &super::json::render(&sample).unwrap());
        // The snapshot is what users have seen; it must satisfy the schema too.
        let snapshot =
            include_str!("snapshots/dspt_engine__report__json__tests__sample_assessment.snap");
        let body = snapshot.splitn(3, "---\n").nth(2).expect("a snapshot body");
        check_valid(&validator, body);
    }

    #[test]
    fn the_schema_rejects_what_the_engine_never_writes() {
        let validator = schema("docs/assessment.schema.json");
        let mut value: serde_json::Value =
            serde_json::from_str(&super::json::render(&super::sample::assessment()).unwrap())
                .unwrap();
        // Optional finding fields are left out, never null.
        value["items"][2]["checks"][0]["findings"][0]["line"] = serde_json::Value::Null;
        assert!(!validator.is_valid(&value));
    }

    #[test]
    fn the_sarif_report_is_valid_sarif_2_1_0() {
        let validator = schema("tests/schemas/sarif-schema-2.1.0.json");
        let sarif = super::sarif::render(&super::sample::assessment()).unwrap();
        check_valid(&validator, &sarif);
        // The validator does check: a line 0, which GitHub also rejects, is invalid SARIF.
        let mut value: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            serde_json::json!(0);
        assert!(!validator.is_valid(&value));
    }

    #[test]
    fn every_format_renders_the_same_bytes_twice() {
        let sample = super::sample::assessment();
        for format in [
            Format::Text,
            Format::Json,
            Format::Sarif,
            Format::Junit,
            Format::Github,
            Format::Markdown,
            Format::Html,
        ] {
            let options = super::RenderOptions::default();
            assert_eq!(
                super::render(format, &sample, options).unwrap(),
                super::render(format, &sample.clone(), options).unwrap(),
                "{format:?}"
            );
        }
    }

    #[test]
    fn groups_are_standards_or_principles() {
        assert_eq!(super::group_of("6.1.1"), "6");
        assert_eq!(super::group_of("B2.a"), "B2");
        assert_eq!(super::group_of("X"), "X");
        assert_eq!(super::group_label("6"), "Standard 6");
        assert_eq!(super::group_label("B2"), "Principle B2");
    }

    #[test]
    fn a_message_names_its_subject_once() {
        let sample = super::sample::assessment();
        let mut finding = sample.items[2].checks[0].findings[0].clone();
        assert_eq!(
            super::message_with_subject(&finding),
            "aws_db_instance.main: database is not encrypted at rest"
        );
        finding.msg = "aws_db_instance.main is not encrypted at rest".into();
        assert_eq!(
            super::message_with_subject(&finding),
            "aws_db_instance.main is not encrypted at rest"
        );
    }

    #[test]
    fn markup_escaping_drops_what_xml_forbids() {
        assert_eq!(
            super::escape_markup("a<b>&\"c'\u{1}\td"),
            "a&lt;b&gt;&amp;&quot;c&#39;\td"
        );
    }
}
