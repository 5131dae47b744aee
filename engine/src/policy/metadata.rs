//! Reading a check's `# METADATA` block: OPA's annotation format (YAML in comments) attached to
//! the `package` line. regorus drops comments, so the block is read here.

use serde::{Deserialize, Serialize};

use crate::error::{Location, PolicyProblem, PolicyProblemKind};
use crate::model::{CheckId, Severity, SourceKind};

/// What a check says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckMeta {
    /// Stable id (`TF-ENC-001`).
    pub id: CheckId,
    /// The control, stated positively.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// Sections the check needs.
    pub sources: Vec<SourceKind>,
    /// Catalogue items the check says it evidences (`7.1.1`, or `dspt-caf:A3.a` for one
    /// framework), added to the catalogue's own mapping; for organisation checks.
    pub evidence: Vec<String>,
    /// What the check examines, as a plural phrase ("databases (RDS, Cloud SQL)"): the reason
    /// given when it judged nothing.
    pub judges: Option<String>,
    /// Terraform resource types the check judges (`custom.resource_types`), sorted.
    pub resource_types: Vec<String>,
    /// The control family it belongs to (`custom.family`: `encryption-at-rest`, `backups`, ...).
    pub family: Option<String>,
}

#[derive(Deserialize)]
struct Annotation {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    custom: Option<Custom>,
}

#[derive(Deserialize)]
struct Custom {
    id: Option<String>,
    severity: Option<Severity>,
    #[serde(default)]
    sources: Vec<SourceKind>,
    #[serde(default)]
    evidence: Vec<String>,
    judges: Option<String>,
    #[serde(default)]
    resource_types: Vec<String>,
    family: Option<String>,
}

/// The `package` of a Rego file and its 1-based line.
pub fn package_of(text: &str) -> Option<(String, usize)> {
    text.lines().enumerate().find_map(|(number, line)| {
        let rest = line.trim_start().strip_prefix("package")?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let name = rest.split('#').next()?.trim();
        (!name.is_empty()).then(|| (name.to_string(), number + 1))
    })
}

/// Reads the METADATA block attached to the package line of `text`.
pub fn parse_check_meta(path: &str, text: &str) -> Result<CheckMeta, PolicyProblem> {
    let problem = |line: Option<usize>, message: String| PolicyProblem {
        location: Location {
            path: path.to_string(),
            line,
            column: None,
        },
        kind: PolicyProblemKind::Metadata,
        message,
    };
    let Some((_, package_line)) = package_of(text) else {
        return Err(problem(None, "no `package` line".to_string()));
    };
    let lines: Vec<&str> = text.lines().collect();
    // Walk up from the package line over the comment block to its `# METADATA` marker.
    let mut start = None;
    let mut index = package_line.saturating_sub(1);
    while index > 0 {
        index -= 1;
        let line = lines.get(index).map_or("", |l| l.trim());
        if line == "# METADATA" {
            start = Some(index);
            break;
        }
        if !line.starts_with('#') {
            break;
        }
    }
    let Some(start) = start else {
        return Err(problem(Some(package_line), "the package has no `# METADATA` block; a check needs `custom.id`, `title`, `custom.severity` and `custom.sources`".to_string()));
    };
    let yaml: String = lines
        .get(start + 1..package_line - 1)
        .unwrap_or_default()
        .iter()
        .map(|line| {
            let body = line.trim_start().strip_prefix('#').unwrap_or_default();
            format!("{}\n", body.strip_prefix(' ').unwrap_or(body))
        })
        .collect();
    let annotation: Annotation = yaml_serde::from_str(&yaml).map_err(|error| {
        let line = error.location().map(|l| start + 1 + l.line());
        problem(
            line.or(Some(start + 1)),
            format!(
                "METADATA is not valid: {}",
                crate::sources::files::yaml_problem(&error).message
            ),
        )
    })?;
    let block_line = Some(start + 1);
    let custom = annotation.custom.ok_or_else(|| {
        problem(
            block_line,
            "METADATA has no `custom` section with the check's `id`".to_string(),
        )
    })?;
    let id = custom
        .id
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| problem(block_line, "METADATA has no `custom.id`".to_string()))?;
    let title = annotation
        .title
        .ok_or_else(|| problem(block_line, format!("check `{id}` has no `title`")))?;
    let severity = custom.severity.ok_or_else(|| {
        problem(
            block_line,
            format!("check `{id}` has no `custom.severity` (low, medium, high or critical)"),
        )
    })?;
    if custom.sources.is_empty() {
        // The list is the vocabulary's, so it cannot fall behind a new source.
        let known: Vec<&str> = SourceKind::ALL.iter().map(|kind| kind.as_str()).collect();
        return Err(problem(
            block_line,
            format!(
                "check `{id}` has no `custom.sources` (one or more of {})",
                known.join(", ")
            ),
        ));
    }
    let mut sources = custom.sources;
    sources.sort();
    sources.dedup();
    let mut resource_types = custom.resource_types;
    resource_types.sort();
    resource_types.dedup();
    Ok(CheckMeta {
        id: id.into(),
        title,
        description: annotation.description,
        severity,
        sources,
        evidence: custom.evidence,
        judges: custom.judges.filter(|j| !j.trim().is_empty()),
        resource_types,
        family: custom.family,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECK: &str = "# a comment\n# METADATA\n# title: Storage is encrypted\n# custom:\n#   id: TF-ENC-001\n#   severity: high\n#   sources: [terraform]\npackage dspt.checks.terraform.enc\n\ndeny contains 1 if false\n";

    #[test]
    fn a_check_without_sources_is_told_every_source() {
        let text = CHECK.replace("#   sources: [terraform]\n", "");
        let problem = parse_check_meta("enc.rego", &text).unwrap_err();
        for kind in SourceKind::ALL {
            assert!(
                problem.message.contains(kind.as_str()),
                "{}",
                problem.message
            );
        }
    }

    #[test]
    fn metadata_attached_to_the_package_is_read() {
        let meta = parse_check_meta("enc.rego", CHECK).unwrap();
        assert_eq!(meta.id, "TF-ENC-001");
        assert_eq!(meta.severity, Severity::High);
        assert_eq!(meta.sources, [SourceKind::Terraform]);
        assert_eq!(
            package_of(CHECK),
            Some(("dspt.checks.terraform.enc".to_string(), 8))
        );
    }

    #[test]
    fn missing_id_is_reported_at_the_block() {
        let text = CHECK.replace("#   id: TF-ENC-001\n", "");
        let error = parse_check_meta("enc.rego", &text).unwrap_err();
        assert_eq!(error.to_string(), "enc.rego:2: METADATA has no `custom.id`");
    }

    #[test]
    fn invalid_yaml_is_reported_at_its_line() {
        let text = CHECK.replace("#   severity: high", "#   severity: [high");
        let error = parse_check_meta("enc.rego", &text).unwrap_err();
        assert!(error.to_string().starts_with("enc.rego:"), "{error}");
        assert!(error.message.contains("not valid"), "{error}");
    }

    #[test]
    fn unknown_severity_is_refused() {
        let text = CHECK.replace("severity: high", "severity: huge");
        assert!(parse_check_meta("enc.rego", &text).is_err());
    }

    #[test]
    fn a_package_without_metadata_is_refused() {
        let error = parse_check_meta("x.rego", "package dspt.checks.x\n").unwrap_err();
        assert_eq!(error.location.line, Some(1));
    }
}
