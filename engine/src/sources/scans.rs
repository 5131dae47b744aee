//! The `scans` source: vulnerability scanner output, SARIF 2.1.0 from any scanner, and Trivy and
//! Grype JSON as they write it, read into one list of findings.
//!
//! The format is told from the content, not the file name, since CI artifacts are often named
//! `results.json` whatever wrote them. Nothing a report does not say is made up: a report
//! without dates gives `published: null`, a SARIF result says nothing of fixes (`fix_state:
//! unknown`), and the checks decide what unknown means.

use serde::Serialize;
use serde_json::Value;

use super::files::json_error;
use super::text::decode_input;
use crate::error::{Location, SourceError};
use crate::model::Date;

/// `input.scans`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ScanSection {
    /// The reports read.
    pub reports: Vec<ScanReport>,
    /// Every finding, in report then report order.
    pub findings: Vec<ScanFinding>,
}

/// One report file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanReport {
    /// The file as given.
    pub file: String,
    /// `sarif`, `trivy` or `grype`.
    pub format: &'static str,
    /// The scanner's name.
    pub tool: String,
    /// ISO date of the scan, when the report says.
    pub scanned_on: Option<String>,
    /// The image or path scanned, when the report says.
    pub target: Option<String>,
    /// Findings read from it.
    pub findings: usize,
}

/// One vulnerability found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanFinding {
    /// CVE or advisory id; for SARIF, the rule id.
    pub id: String,
    /// `critical`, `high`, `medium`, `low` or `unknown`.
    pub severity: &'static str,
    /// Affected package.
    pub package: Option<String>,
    /// Installed version.
    pub version: Option<String>,
    /// First fixed version, when one is known.
    pub fixed_version: Option<String>,
    /// `fixed` (a fix exists), `not-fixed`, `wont-fix` or `unknown`.
    pub fix_state: &'static str,
    /// ISO date the vulnerability was published, when the report says.
    pub published: Option<String>,
    /// Image, package file or source path the finding is in.
    pub target: Option<String>,
    /// One-line title.
    pub title: Option<String>,
    /// The report file.
    pub file: String,
    /// Where the finding is in the report.
    pub pointer: String,
}

/// Parses one report.
pub fn parse_scan_report(
    file: &str,
    bytes: &[u8],
) -> Result<(ScanReport, Vec<ScanFinding>), SourceError> {
    let text = decode_input(file, bytes)?;
    let document: Value = serde_json::from_str(&text).map_err(|error| json_error(file, &error))?;
    let reader = Reader { file };
    let (report, findings) = if document.get("runs").is_some_and(Value::is_array) {
        reader.sarif(&document)?
    } else if document.get("SchemaVersion").is_some() || document.get("ArtifactName").is_some() {
        let results = reader.array(&document, "Results", "")?;
        reader.trivy(&document, results, "/Results")?
    } else if let Some(results) = legacy_trivy_results(&document) {
        // Trivy before 0.20 wrote the results array alone.
        reader.trivy(&Value::Null, results, "")?
    } else if document.get("matches").is_some_and(Value::is_array) {
        reader.grype(&document)?
    } else {
        return Err(reader.invalid(
            "",
            "not a SARIF log (`runs`), a Trivy JSON report (`SchemaVersion`, `Results`) or a Grype JSON report (`matches`)",
        ));
    };
    Ok((
        ScanReport {
            findings: findings.len(),
            ..report
        },
        findings,
    ))
}

/// An array of `{Target, Vulnerabilities}` results: Trivy's output before schema version 2.
fn legacy_trivy_results(document: &Value) -> Option<&[Value]> {
    let results = document.as_array()?;
    let all_results = !results.is_empty()
        && results
            .iter()
            .all(|result| result.get("Target").is_some_and(Value::is_string));
    all_results.then_some(results.as_slice())
}

struct Reader<'a> {
    file: &'a str,
}

/// A string field, trimmed; `None` when absent, not a string, or empty.
fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The day of an RFC 3339 timestamp or ISO date.
fn day(value: Option<String>) -> Option<String> {
    let value = value?;
    let date_part = value.split(['T', ' ']).next().unwrap_or(&value).to_string();
    Date::parse(&date_part).map(|d| d.iso())
}

fn severity_word(word: &str) -> &'static str {
    match word.trim().to_ascii_lowercase().as_str() {
        "critical" => "critical",
        "high" => "high",
        "medium" | "moderate" => "medium",
        "low" | "negligible" => "low",
        _ => "unknown",
    }
}

impl Reader<'_> {
    fn invalid(&self, pointer: &str, message: &str) -> SourceError {
        let location = if pointer.is_empty() {
            Location::file(self.file)
        } else {
            Location::file(format!("{}#{pointer}", self.file))
        };
        SourceError::InvalidScanReport {
            location,
            message: message.to_string(),
        }
    }

    fn array<'v>(
        &self,
        value: &'v Value,
        key: &str,
        pointer: &str,
    ) -> Result<&'v [Value], SourceError> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(self.invalid(pointer, &format!("`{key}` is not an array"))),
        }
    }

    fn report(
        &self,
        format: &'static str,
        tool: String,
        scanned_on: Option<String>,
        target: Option<String>,
    ) -> ScanReport {
        ScanReport {
            file: self.file.to_string(),
            format,
            tool,
            scanned_on: day(scanned_on),
            target,
            findings: 0,
        }
    }

    /// `document` is the report around `results` (`Null` for the legacy bare array), and
    /// `results_pointer` where they are in the file.
    fn trivy(
        &self,
        document: &Value,
        results: &[Value],
        results_pointer: &str,
    ) -> Result<(ScanReport, Vec<ScanFinding>), SourceError> {
        let report = self.report(
            "trivy",
            "Trivy".to_string(),
            text(document, "CreatedAt"),
            text(document, "ArtifactName"),
        );
        let mut findings = Vec::new();
        for (r, result) in results.iter().enumerate() {
            let result_pointer = format!("{results_pointer}/{r}");
            let target = text(result, "Target").or_else(|| report.target.clone());
            let vulnerabilities = self.array(result, "Vulnerabilities", &result_pointer)?;
            for (v, vulnerability) in vulnerabilities.iter().enumerate() {
                let pointer = format!("{result_pointer}/Vulnerabilities/{v}");
                let id = text(vulnerability, "VulnerabilityID").ok_or_else(|| {
                    self.invalid(&pointer, "a vulnerability has no `VulnerabilityID`")
                })?;
                let fixed_version = text(vulnerability, "FixedVersion");
                let fix_state = match (text(vulnerability, "Status").as_deref(), &fixed_version) {
                    (_, Some(_)) | (Some("fixed"), _) => "fixed",
                    (Some("will_not_fix"), None) => "wont-fix",
                    (Some("affected" | "under_investigation" | "fix_deferred"), None) => {
                        "not-fixed"
                    }
                    // Trivy before `Status` existed wrote no fixed version when none was known.
                    (_, None) => "not-fixed",
                };
                findings.push(ScanFinding {
                    id,
                    severity: severity_word(&text(vulnerability, "Severity").unwrap_or_default()),
                    package: text(vulnerability, "PkgName"),
                    version: text(vulnerability, "InstalledVersion"),
                    fixed_version,
                    fix_state,
                    published: day(text(vulnerability, "PublishedDate")),
                    target: target.clone(),
                    title: text(vulnerability, "Title"),
                    file: self.file.to_string(),
                    pointer,
                });
            }
        }
        Ok((report, findings))
    }

    fn grype(&self, document: &Value) -> Result<(ScanReport, Vec<ScanFinding>), SourceError> {
        let descriptor = document.get("descriptor").unwrap_or(&Value::Null);
        let source_target = document.get("source").and_then(|s| s.get("target"));
        let target = match source_target {
            Some(Value::String(path)) => Some(path.clone()),
            Some(object @ Value::Object(_)) => text(object, "userInput"),
            _ => None,
        };
        let report = self.report(
            "grype",
            text(descriptor, "name").unwrap_or_else(|| "grype".to_string()),
            text(descriptor, "timestamp"),
            target,
        );
        // In an image, the image names where to fix it (the package database path does not); in
        // a folder, the lock file does.
        let image = document.pointer("/source/type").and_then(Value::as_str) == Some("image");
        let mut findings = Vec::new();
        for (m, matched) in self.array(document, "matches", "")?.iter().enumerate() {
            let pointer = format!("/matches/{m}");
            let vulnerability = matched.get("vulnerability").unwrap_or(&Value::Null);
            let artifact = matched.get("artifact").unwrap_or(&Value::Null);
            let id = text(vulnerability, "id")
                .ok_or_else(|| self.invalid(&pointer, "a match has no `vulnerability.id`"))?;
            let fix = vulnerability.get("fix").unwrap_or(&Value::Null);
            let fixed_version = fix
                .get("versions")
                .and_then(Value::as_array)
                .and_then(|versions| versions.iter().find_map(Value::as_str))
                .map(str::to_string);
            let fix_state = match text(fix, "state").as_deref() {
                Some("fixed") => "fixed",
                Some("not-fixed") => "not-fixed",
                Some("wont-fix") => "wont-fix",
                _ if fixed_version.is_some() => "fixed",
                _ => "unknown",
            };
            let location = artifact
                .get("locations")
                .and_then(Value::as_array)
                .and_then(|locations| locations.first())
                .and_then(|l| text(l, "path"));
            findings.push(ScanFinding {
                id,
                severity: severity_word(&text(vulnerability, "severity").unwrap_or_default()),
                package: text(artifact, "name"),
                version: text(artifact, "version"),
                fixed_version,
                fix_state,
                published: None,
                target: if image {
                    report.target.clone().or(location)
                } else {
                    location.or_else(|| report.target.clone())
                },
                title: text(vulnerability, "description")
                    .map(|d| d.lines().next().unwrap_or_default().to_string()),
                file: self.file.to_string(),
                pointer,
            });
        }
        Ok((report, findings))
    }

    fn sarif(&self, document: &Value) -> Result<(ScanReport, Vec<ScanFinding>), SourceError> {
        let runs = self.array(document, "runs", "")?;
        let mut tools = Vec::new();
        let mut scanned_on = None;
        let mut findings = Vec::new();
        for (r, run) in runs.iter().enumerate() {
            let run_pointer = format!("/runs/{r}");
            let driver = run
                .get("tool")
                .and_then(|t| t.get("driver"))
                .ok_or_else(|| self.invalid(&run_pointer, "a run has no `tool.driver`"))?;
            let tool = text(driver, "name")
                .ok_or_else(|| self.invalid(&run_pointer, "a run's `tool.driver` has no `name`"))?;
            if !tools.contains(&tool) {
                tools.push(tool);
            }
            let rules = self.array(driver, "rules", &run_pointer)?;
            for invocation in self.array(run, "invocations", &run_pointer)? {
                scanned_on = scanned_on.or_else(|| text(invocation, "endTimeUtc"));
            }
            for (i, result) in self.array(run, "results", &run_pointer)?.iter().enumerate() {
                let pointer = format!("{run_pointer}/results/{i}");
                let rule = result
                    .get("ruleIndex")
                    .and_then(Value::as_u64)
                    .and_then(|index| rules.get(index as usize))
                    .or_else(|| {
                        let id = result.get("ruleId")?.as_str()?;
                        rules
                            .iter()
                            .find(|rule| rule.get("id").and_then(Value::as_str) == Some(id))
                    });
                let id = text(result, "ruleId")
                    .or_else(|| rule.and_then(|r| text(r, "id")))
                    .ok_or_else(|| self.invalid(&pointer, "a result has no `ruleId`"))?;
                let score = rule
                    .and_then(|r| r.get("properties"))
                    .and_then(|p| p.get("security-severity"))
                    .and_then(|s| match s {
                        Value::String(text) => text.trim().parse::<f64>().ok(),
                        other => other.as_f64(),
                    });
                let level = text(result, "level").or_else(|| {
                    rule.and_then(|r| r.get("defaultConfiguration"))
                        .and_then(|c| text(c, "level"))
                });
                let severity = match (score, level.as_deref()) {
                    (Some(score), _) if score >= 9.0 => "critical",
                    (Some(score), _) if score >= 7.0 => "high",
                    (Some(score), _) if score >= 4.0 => "medium",
                    (Some(score), _) if score > 0.0 => "low",
                    (None, Some("error")) => "high",
                    (None, Some("warning") | None) => "medium",
                    (None, Some("note")) => "low",
                    _ => "unknown",
                };
                let target = result
                    .get("locations")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(|l| l.pointer("/physicalLocation/artifactLocation/uri"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                findings.push(ScanFinding {
                    id,
                    severity,
                    package: None,
                    version: None,
                    fixed_version: None,
                    fix_state: "unknown",
                    published: None,
                    target,
                    title: result
                        .pointer("/message/text")
                        .and_then(Value::as_str)
                        .map(|m| m.lines().next().unwrap_or_default().to_string()),
                    file: self.file.to_string(),
                    pointer,
                });
            }
        }
        if tools.is_empty() {
            return Err(self.invalid("/runs", "the SARIF log has no runs"));
        }
        Ok((
            self.report("sarif", tools.join(", "), scanned_on, None),
            findings,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRIVY: &str = r#"{
      "SchemaVersion": 2, "CreatedAt": "2026-06-20T10:00:00Z", "ArtifactName": "registry.example/app:1.4",
      "Results": [
        {"Target": "registry.example/app:1.4 (debian 12.5)", "Vulnerabilities": [
          {"VulnerabilityID": "CVE-2024-3094", "PkgName": "xz-utils", "InstalledVersion": "5.6.0-0.2",
           "FixedVersion": "5.6.1+really5.4.5-1", "Severity": "CRITICAL", "Title": "xz backdoor",
           "PublishedDate": "2024-03-29T17:15:21.15Z", "Status": "fixed"},
          {"VulnerabilityID": "CVE-2023-0001", "PkgName": "zlib", "InstalledVersion": "1.2",
           "Severity": "LOW", "Status": "will_not_fix"}
        ]},
        {"Target": "app/package-lock.json", "Vulnerabilities": null}
      ]}"#;

    #[test]
    fn trivy_reports_give_packages_fixes_and_dates() {
        let (report, findings) = parse_scan_report("trivy.json", TRIVY.as_bytes()).unwrap();
        assert_eq!(report.format, "trivy");
        assert_eq!(report.scanned_on.as_deref(), Some("2026-06-20"));
        assert_eq!(report.findings, 2);
        let xz = &findings[0];
        assert_eq!(
            (xz.severity, xz.fix_state, xz.published.as_deref()),
            ("critical", "fixed", Some("2024-03-29"))
        );
        assert_eq!(xz.fixed_version.as_deref(), Some("5.6.1+really5.4.5-1"));
        assert_eq!(xz.pointer, "/Results/0/Vulnerabilities/0");
        assert_eq!(findings[1].fix_state, "wont-fix");
    }

    #[test]
    fn trivy_reports_before_schema_2_are_read() {
        let legacy = r#"[{"Target": "app (debian 10.2)", "Vulnerabilities": [
            {"VulnerabilityID": "CVE-2011-3374", "PkgName": "apt", "InstalledVersion": "1.8.2", "Severity": "LOW"}]},
            {"Target": "app:better (alpine 3.11.3)", "Vulnerabilities": null}]"#;
        let (report, findings) = parse_scan_report("trivy.json", legacy.as_bytes()).unwrap();
        assert_eq!(
            (report.format, report.scanned_on.as_deref()),
            ("trivy", None)
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/0/Vulnerabilities/0");
        assert_eq!(findings[0].target.as_deref(), Some("app (debian 10.2)"));
    }

    #[test]
    fn grype_reports_give_fix_state_and_location() {
        let grype = r#"{"matches": [{"vulnerability": {"id": "GHSA-xxxx", "severity": "High",
            "fix": {"versions": ["2.0.1"], "state": "fixed"}},
            "artifact": {"name": "lodash", "version": "4.17.15", "locations": [{"path": "/app/package-lock.json"}]}}],
            "source": {"type": "image", "target": {"userInput": "app:1.4"}},
            "descriptor": {"name": "grype", "timestamp": "2026-06-21T09:00:00.1+01:00"}}"#;
        let (report, findings) = parse_scan_report("grype.json", grype.as_bytes()).unwrap();
        assert_eq!(
            (
                report.format,
                report.target.as_deref(),
                report.scanned_on.as_deref()
            ),
            ("grype", Some("app:1.4"), Some("2026-06-21"))
        );
        assert_eq!(findings[0].severity, "high");
        assert_eq!(findings[0].fix_state, "fixed");
        assert_eq!(findings[0].target.as_deref(), Some("app:1.4"));
    }

    #[test]
    fn sarif_severity_comes_from_the_rule_score_or_the_level() {
        let sarif = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Trivy", "rules": [
            {"id": "CVE-1", "properties": {"security-severity": "9.8"}},
            {"id": "CVE-2", "properties": {"security-severity": "5.0"}}]}},
            "results": [
              {"ruleId": "CVE-1", "ruleIndex": 0, "level": "error", "message": {"text": "Package: openssl\nmore"},
               "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Dockerfile"}}}]},
              {"ruleId": "CVE-2", "level": "warning", "message": {"text": "m"}},
              {"ruleId": "X", "level": "error", "message": {"text": "m"}}]}]}"#;
        let (report, findings) = parse_scan_report("scan.sarif", sarif.as_bytes()).unwrap();
        assert_eq!(report.tool, "Trivy");
        let severities: Vec<_> = findings.iter().map(|f| f.severity).collect();
        assert_eq!(severities, ["critical", "medium", "high"]);
        assert_eq!(findings[0].title.as_deref(), Some("Package: openssl"));
        assert_eq!(findings[0].target.as_deref(), Some("Dockerfile"));
        assert_eq!(findings[0].fix_state, "unknown");
    }

    #[test]
    fn other_json_and_malformed_reports_are_refused() {
        let error = parse_scan_report("x.json", br#"{"a": 1}"#).unwrap_err();
        assert_eq!(error.code(), "invalid-scan-report");
        let error = parse_scan_report("x.json", b"{\"runs\": [\n{").unwrap_err();
        assert_eq!(error.code(), "invalid-json");
        assert!(error.to_string().starts_with("x.json:2:"), "{error}");
        let error =
            parse_scan_report("x.json", br#"{"matches": [{"vulnerability": {}}]}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "x.json#/matches/0: a match has no `vulnerability.id`"
        );
    }
}
