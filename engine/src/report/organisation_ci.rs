//! The organisation view for CI tools: JUnit (one test case per evidence item, failing where any
//! report fails it) and SARIF (one result per open finding, located in the report it came from).
//!
//! A finding of the organisation view keeps only its place as text (a file and line, a resource
//! or a record of some repository), not the repository's files, so SARIF locates it logically:
//! the report (repository) as a module, the place as a member of it.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::escape_markup;
use crate::aggregate::{OrganisationAssessment, OrganisationItem, PartFinding};
use crate::error::RenderError;
use crate::model::{FindingLevel, ItemStatus};

/// The JUnit XML document: a suite for the organisation, a case per item.
pub fn junit(view: &OrganisationAssessment) -> Result<String, RenderError> {
    let mut cases = String::new();
    let (mut failures, mut errors, mut skipped) = (0, 0, 0);
    for item in &view.items {
        let name = escape_markup(&format!("{} {}", item.id, item.title));
        let parts = escape_markup(&item.parts_line());
        writeln!(
            cases,
            "    <testcase classname=\"dspt.organisation.{}\" name=\"{name}\">",
            escape_markup(&view.assessment.framework)
        )?;
        match item.status {
            ItemStatus::Fail => {
                failures += 1;
                write_outcome(&mut cases, "failure", &parts, item)?;
            }
            ItemStatus::Error => {
                errors += 1;
                write_outcome(&mut cases, "error", &parts, item)?;
            }
            ItemStatus::Manual | ItemStatus::NotAssessed => {
                skipped += 1;
                writeln!(cases, "      <skipped message=\"{parts}\"/>")?;
            }
            ItemStatus::Pass | ItemStatus::Attested | ItemStatus::Waived => {
                writeln!(cases, "      <system-out>{parts}</system-out>")?;
            }
        }
        writeln!(cases, "    </testcase>")?;
    }
    let tests = view.items.len();
    let suite = escape_markup(&format!(
        "dspt aggregate: {} ({} reports)",
        view.assessment.framework,
        view.parts.len()
    ));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writeln!(
        out,
        "<testsuites name=\"{suite}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    )?;
    writeln!(
        out,
        "  <testsuite name=\"{suite}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" timestamp=\"{}T00:00:00\">",
        view.assessment.as_of
    )?;
    writeln!(out, "    <properties>")?;
    writeln!(
        out,
        "      <property name=\"overall\" value=\"{}\"/>",
        view.summary.overall
    )?;
    for part in &view.parts {
        writeln!(
            out,
            "      <property name=\"report {}\" value=\"{}\"/>",
            escape_markup(&part.name),
            escape_markup(&part.digest)
        )?;
    }
    writeln!(out, "    </properties>")?;
    out.push_str(&cases);
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")?;
    Ok(out)
}

fn write_outcome(
    out: &mut String,
    element: &str,
    parts: &str,
    item: &OrganisationItem,
) -> Result<(), std::fmt::Error> {
    let body: Vec<String> = item
        .findings
        .iter()
        .map(|finding| escape_markup(&finding_text(finding)))
        .collect();
    writeln!(
        out,
        "      <{element} message=\"{parts}\" type=\"{}\">{}</{element}>",
        item.status,
        body.join("\n")
    )
}

fn finding_text(finding: &PartFinding) -> String {
    if finding.place.is_empty() {
        format!("{}: {} {}", finding.part, finding.check, finding.msg)
    } else {
        format!(
            "{}: {} {}: {}",
            finding.part, finding.check, finding.place, finding.msg
        )
    }
}

/// The SARIF 2.1.0 log: a rule per check with open findings, a result per finding.
pub fn sarif(view: &OrganisationAssessment) -> Result<String, RenderError> {
    let mut checks: Vec<&str> = view
        .items
        .iter()
        .flat_map(|item| item.findings.iter().map(|f| f.check.as_str()))
        .collect();
    checks.sort_unstable();
    checks.dedup();
    let rules: Vec<Value> = checks.iter().map(|id| json!({"id": id})).collect();
    let mut results = Vec::new();
    for item in &view.items {
        for finding in &item.findings {
            let level = match finding.level {
                FindingLevel::Deny | FindingLevel::Error => "error",
                _ => "warning",
            };
            let member = if finding.place.is_empty() {
                finding.part.clone()
            } else {
                format!("{}:{}", finding.part, finding.place)
            };
            results.push(json!({
                "ruleId": finding.check,
                "ruleIndex": checks.binary_search(&finding.check.as_str()).unwrap_or(0),
                "level": level,
                "message": {"text": format!("{} ({}): {}", finding.msg, item.id, finding.part)},
                "locations": [{
                    "logicalLocations": [{
                        "name": finding.place,
                        "fullyQualifiedName": member,
                        "kind": "member",
                    }, {
                        "name": finding.part,
                        "kind": "module",
                    }],
                }],
                "properties": {"item": item.id, "report": finding.part},
            }));
        }
    }
    let log = json!({
        "$schema": super::sarif::SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dspt",
                "informationUri": super::sarif::INFORMATION_URI,
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            "properties": {
                "framework": view.assessment.framework,
                "asOf": view.assessment.as_of,
                "overall": view.summary.overall,
                "reports": view.parts.iter().map(|p| json!({"name": p.name, "digest": p.digest})).collect::<Vec<_>>(),
            },
        }],
    });
    let mut text = serde_json::to_string_pretty(&log)?;
    text.push('\n');
    Ok(text)
}
