//! The SARIF 2.1.0 report, shaped for GitHub code scanning: one run, one rule per check, one
//! result per finding with a stable partial fingerprint, waivers as external suppressions and the
//! baseline as `baselineState`.

use serde_json::{Map, Value, json};

use crate::model::{CheckStatus, FindingLevel, Severity};
use crate::results::{Assessment, CheckResult, Finding};

/// The schema the document declares (the OASIS errata 01 copy, which GitHub also accepts).
pub(crate) const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where a reader learns about the tool. dspt has no public home of its own yet, so this is the
/// toolkit it assesses against; change it here when it has one.
pub(crate) const INFORMATION_URI: &str = "https://www.dsptoolkit.nhs.uk/";

/// The key of dspt's fingerprint in `partialFingerprints`; versioned so a change to how
/// fingerprints are computed can live beside the old one.
const FINGERPRINT_KEY: &str = "dsptFingerprint/v1";

/// Renders the SARIF log, pretty-printed with a trailing newline.
pub fn render(assessment: &Assessment) -> Result<String, crate::error::RenderError> {
    let checks = assessment.check_results();
    let rules: Vec<Value> = checks.iter().map(|c| rule(assessment, c)).collect();
    let mut results = Vec::new();
    for (index, check) in checks.iter().enumerate() {
        for finding in &check.findings {
            results.push(result(assessment, check, index, finding));
        }
    }
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dspt",
                    "informationUri": INFORMATION_URI,
                    // Fixed per build, so the same binary still writes the same bytes.
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [invocation(assessment, &checks)],
            "results": results,
            "properties": {
                "framework": assessment.assessment.framework,
                "asOf": assessment.assessment.as_of,
                "overall": super::overall_word(assessment),
                "provisionalMandatory": assessment.summary.provisional_mandatory,
            },
        }],
    });
    let mut text = serde_json::to_string_pretty(&log)?;
    text.push('\n');
    Ok(text)
}

/// The items a check evidences, in catalogue order, with their titles.
fn items_of<'a>(assessment: &'a Assessment, check_id: &str) -> Vec<(&'a str, &'a str)> {
    assessment
        .items
        .iter()
        .filter(|item| item.checks.iter().any(|c| c.id == check_id))
        .map(|item| (item.id.as_str(), item.title.as_str()))
        .collect()
}

fn rule(assessment: &Assessment, check: &CheckResult) -> Value {
    let framework = &assessment.assessment.framework;
    let items = items_of(assessment, &check.id);
    let (evidences_text, evidences_markdown) = if items.is_empty() {
        let none =
            format!("It evidences no item of {framework} that applies to this organisation.");
        (none.clone(), none)
    } else {
        let text = items
            .iter()
            .map(|(id, title)| format!("{id} ({title})"))
            .collect::<Vec<_>>()
            .join(", ");
        let markdown = items
            .iter()
            .map(|(id, title)| format!("- **{id}** {}", markdown_text(title)))
            .collect::<Vec<_>>()
            .join("\n");
        let noun = if items.len() == 1 { "item" } else { "items" };
        (
            format!("It evidences {framework} {noun} {text}."),
            format!("It evidences {framework} {noun}:\n\n{markdown}"),
        )
    };
    let explain = format!(
        "Run `dspt explain {}` for the requirement, its parameters and the Rego source.",
        check.id
    );
    // GitHub shows `security-severity` (a CVSS-like score) only for rules tagged `security`.
    let mut tags = vec!["security".to_string()];
    tags.extend(items.iter().map(|(id, _)| id.to_string()));
    json!({
        "id": check.id,
        "name": rule_name(&check.policy, &check.id),
        "shortDescription": {"text": check.title},
        "fullDescription": {
            "text": format!(
                "{} (severity {}, policy {}). {evidences_text}",
                check.title,
                check.severity.as_str(),
                check.policy
            ),
        },
        "help": {
            "text": format!("{evidences_text} {explain}"),
            "markdown": format!("{evidences_markdown}\n\n{explain}"),
        },
        "defaultConfiguration": {"level": severity_level(check.severity)},
        "properties": {
            "tags": tags,
            "security-severity": security_severity(check.severity),
            "precision": "high",
            "status": check.status.as_str(),
            "judged": check.judged,
            "join": check.join,
        },
    })
}

/// A readable rule name from the policy file (`encryption_at_rest.rego` → `EncryptionAtRest`),
/// as SARIF recommends; the check id when the file name gives nothing.
fn rule_name(policy: &str, check_id: &str) -> String {
    let stem = policy
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(policy)
        .trim_end_matches(".rego");
    let name: String = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() {
        check_id.to_string()
    } else {
        name
    }
}

fn severity_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's bands: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, below that low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn result(assessment: &Assessment, check: &CheckResult, index: usize, finding: &Finding) -> Value {
    let level = match finding.level {
        FindingLevel::Deny | FindingLevel::Error => "error",
        FindingLevel::Warn => "warning",
    };
    let text = super::message_with_subject(finding);
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(check.id));
    result.insert("ruleIndex".into(), json!(index));
    result.insert("level".into(), json!(level));
    result.insert("message".into(), json!({ "text": text }));
    result.insert("locations".into(), json!([location(check, finding)]));
    result.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: finding.fingerprint }),
    );
    if let Some(exception) = &finding.exception {
        result.insert(
            "suppressions".into(),
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": format!("exception for {} approved by {}: {}", exception.item, exception.approved_by, exception.reason),
                "properties": {"approvedBy": exception.approved_by, "reviewBy": exception.review_by, "item": exception.item},
            }]),
        );
    } else if let Some(waiver) = &finding.waiver {
        result.insert(
            "suppressions".into(),
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": waiver.reason,
                "properties": {"approver": waiver.approver, "expires": waiver.expires},
            }]),
        );
    }
    result.insert("properties".into(), json!({ "judged": check.judged }));
    if assessment.baseline {
        let state = if finding.known { "unchanged" } else { "new" };
        result.insert("baselineState".into(), json!(state));
    }
    Value::Object(result)
}

/// A physical location on the finding's file (with its line when it has one), and a logical one
/// for its resource or record. GitHub rejects a result whose location has no
/// `physicalLocation.artifactLocation.uri`, so a finding with no file is placed on its check's
/// policy file, beside its logical location when it has one.
fn location(check: &CheckResult, finding: &Finding) -> Value {
    let mut location = Map::new();
    let physical = match &finding.file {
        Some(file) => {
            let mut physical = json!({"artifactLocation": {"uri": uri(file)}});
            // Region lines are 1-based; GitHub rejects a startLine of 0.
            if let Some(line) = finding.line.filter(|line| *line >= 1) {
                physical["region"] = json!({ "startLine": line });
                if let Some(column) = finding.column.filter(|column| *column >= 1) {
                    physical["region"]["startColumn"] = json!(column);
                }
            }
            physical
        }
        None => json!({"artifactLocation": {"uri": uri(&check.policy)}}),
    };
    location.insert("physicalLocation".into(), physical);
    let logical: Vec<Value> = [(&finding.resource, "resource"), (&finding.record, "object")]
        .into_iter()
        .filter_map(|(name, kind)| {
            name.as_ref()
                .map(|name| json!({"fullyQualifiedName": name, "kind": kind}))
        })
        .collect();
    if !logical.is_empty() {
        location.insert("logicalLocations".into(), Value::Array(logical));
    }
    Value::Object(location)
}

/// A relative URI reference for a path: forward slashes, no leading `./`, and every byte outside
/// the unreserved and path-safe characters percent-encoded (a space or `#` in a file name would
/// otherwise make an invalid or different URI). `:` is encoded too, so `C:` never reads as a scheme.
fn uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let trimmed = slashed.trim_start_matches("./");
    let mut out = String::with_capacity(trimmed.len());
    for byte in trimmed.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Whether the run can be trusted (no check in error), with the files that could not be read and
/// the checks that could not be evaluated as notifications, so a SARIF viewer shows why.
fn invocation(assessment: &Assessment, checks: &[&CheckResult]) -> Value {
    let mut notifications = Vec::new();
    for diagnostic in &assessment.diagnostics {
        let mut physical = json!({"artifactLocation": {"uri": uri(&diagnostic.location.path)}});
        if let Some(line) = diagnostic.location.line.filter(|line| *line >= 1) {
            physical["region"] = json!({ "startLine": line });
            if let Some(column) = diagnostic.location.column.filter(|column| *column >= 1) {
                physical["region"]["startColumn"] = json!(column);
            }
        }
        notifications.push(json!({
            "level": "warning",
            "message": {"text": diagnostic.message},
            "locations": [{"physicalLocation": physical}],
        }));
    }
    for check in checks.iter().filter(|c| c.status == CheckStatus::Error) {
        let reason = check
            .reason
            .clone()
            .unwrap_or_else(|| "the check could not be evaluated".to_string());
        notifications.push(json!({
            "level": "error",
            "message": {"text": format!("{}: {reason}", check.id)},
            "associatedRule": {"id": check.id},
        }));
    }
    for check in checks
        .iter()
        .filter(|c| c.status == CheckStatus::NotApplicable)
    {
        let reason = check.reason.clone().unwrap_or_default();
        notifications.push(json!({
            "level": "note",
            "message": {"text": format!("{} not applicable: {reason}", check.id)},
            "associatedRule": {"id": check.id},
        }));
    }
    json!({
        "executionSuccessful": !checks.iter().any(|c| c.status == CheckStatus::Error),
        "toolExecutionNotifications": notifications,
    })
}

/// Escapes the Markdown punctuation that could change how a title renders in `help.markdown`.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use crate::model::{CheckStatus, FindingLevel};
    use crate::results::Finding;

    #[test]
    fn sample_assessment() {
        insta::assert_snapshot!(super::render(&super::super::sample::assessment()).unwrap());
    }

    fn finding(file: Option<&str>, line: Option<u64>, resource: Option<&str>) -> Finding {
        Finding {
            level: FindingLevel::Deny,
            file: file.map(str::to_string),
            line,
            column: None,
            resource: resource.map(str::to_string),
            record: None,
            pointer: None,
            document: None,
            msg: "m".into(),
            fingerprint: "0".repeat(16),
            exception: None,
            waiver: None,
            known: false,
        }
    }

    fn check(finding: Finding) -> crate::results::CheckResult {
        crate::results::CheckResult {
            id: "X-001".into(),
            title: "t".into(),
            severity: crate::model::Severity::Low,
            sources: Vec::new(),
            policy: "policies/checks/area/x.rego".into(),
            status: CheckStatus::Fail,
            reason: None,
            judged: Some(1),
            join: None,
            findings: vec![finding],
        }
    }

    fn location(file: Option<&str>, line: Option<u64>, resource: Option<&str>) -> String {
        let finding = finding(file, line, resource);
        super::location(&check(finding.clone()), &finding).to_string()
    }

    #[test]
    fn a_location_always_has_a_file_and_a_line_only_from_one() {
        assert_eq!(
            location(Some("a/b.yaml"), Some(3), None),
            r#"{"physicalLocation":{"artifactLocation":{"uri":"a/b.yaml"},"region":{"startLine":3}}}"#
        );
        assert_eq!(
            location(Some("b.yaml"), Some(0), None),
            r#"{"physicalLocation":{"artifactLocation":{"uri":"b.yaml"}}}"#
        );
        assert_eq!(
            location(Some("plan.json"), None, Some("aws_s3_bucket.a")),
            r#"{"logicalLocations":[{"fullyQualifiedName":"aws_s3_bucket.a","kind":"resource"}],"physicalLocation":{"artifactLocation":{"uri":"plan.json"}}}"#
        );
        assert_eq!(
            location(None, None, Some("aws_s3_bucket.a")),
            r#"{"logicalLocations":[{"fullyQualifiedName":"aws_s3_bucket.a","kind":"resource"}],"physicalLocation":{"artifactLocation":{"uri":"policies/checks/area/x.rego"}}}"#
        );
        assert_eq!(
            location(None, None, None),
            r#"{"physicalLocation":{"artifactLocation":{"uri":"policies/checks/area/x.rego"}}}"#
        );
    }

    #[test]
    fn uris_are_relative_with_forward_slashes_and_encoded() {
        assert_eq!(super::uri(".\\deploy\\chart.yaml"), "deploy/chart.yaml");
        assert_eq!(super::uri("my docs/a#1.md"), "my%20docs/a%231.md");
        assert_eq!(super::uri("C:/x"), "C%3A/x");
        assert_eq!(super::uri("é"), "%C3%A9");
    }

    #[test]
    fn rule_names_come_from_the_policy_file() {
        assert_eq!(
            super::rule_name(
                "policies/checks/terraform/encryption_at_rest.rego",
                "TF-ENC-001"
            ),
            "EncryptionAtRest"
        );
        assert_eq!(super::rule_name("", "TF-ENC-001"), "TF-ENC-001");
    }
}
