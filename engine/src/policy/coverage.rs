//! What the built-in Terraform checks judge, on which cloud: `docs/coverage.md` is rendered from
//! each check's `custom.family` and `custom.resource_types`, and a test keeps the file equal to it.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::bundle::builtin_files;
use super::metadata::{CheckMeta, parse_check_meta};

/// The clouds, by resource type prefix, in column order.
const CLOUDS: [(&str, &[&str]); 3] = [
    ("AWS", &["aws_"]),
    ("Azure", &["azurerm_", "azuread_", "azapi_"]),
    ("Google Cloud", &["google_"]),
];

/// The cloud a resource type belongs to, if one of [`CLOUDS`].
pub fn cloud_of(resource_type: &str) -> Option<&'static str> {
    CLOUDS
        .iter()
        .find(|(_, prefixes)| prefixes.iter().any(|p| resource_type.starts_with(p)))
        .map(|(cloud, _)| *cloud)
}

/// The built-in checks' metadata with their policy paths, in path order.
pub fn builtin_check_metadata() -> Vec<(String, CheckMeta)> {
    builtin_files()
        .into_iter()
        .filter(|f| f.path.starts_with("policies/checks/") && !f.is_test())
        .filter_map(|f| {
            parse_check_meta(&f.path, &f.text)
                .ok()
                .map(|meta| (f.path, meta))
        })
        .collect()
}

/// `docs/coverage.md`: control family × cloud, each cell the checks and the resource types they
/// judge there; then each Terraform check's types.
pub fn coverage_markdown(checks: &[(String, CheckMeta)]) -> Result<String, std::fmt::Error> {
    // family → cloud → check id → types
    let mut table: BTreeMap<&str, BTreeMap<&str, BTreeMap<&str, Vec<&str>>>> = BTreeMap::new();
    for (_, meta) in checks {
        let family = meta.family.as_deref().unwrap_or("(no family)");
        for resource_type in &meta.resource_types {
            let cloud = cloud_of(resource_type).unwrap_or("other");
            table
                .entry(family)
                .or_default()
                .entry(cloud)
                .or_default()
                .entry(meta.id.as_str())
                .or_default()
                .push(resource_type);
        }
    }
    let mut out = String::new();
    out.push_str("# Coverage: control families by cloud\n\n");
    out.push_str("<!-- Generated from each check's METADATA (`custom.family`, `custom.resource_types`) by `engine/src/policy/coverage.rs`; `cargo test` fails when this file differs. Regenerate with `DSPT_UPDATE_DOCS=1 cargo test -p dspt-engine coverage`. -->\n\n");
    out.push_str("What the built-in Terraform checks judge, per control family and cloud.\n");
    out.push_str("A resource type listed here is judged by the check named beside it, and the check's own Rego tests exercise it (a test fails otherwise).\n");
    out.push_str("A check that finds none of its types in the plans reports `not_applicable`, never `pass`.\n");
    out.push_str("An empty cell is a gap: nothing of that family is judged on that cloud.\n\n");
    write!(out, "| Control family |")?;
    for (cloud, _) in CLOUDS {
        write!(out, " {cloud} |")?;
    }
    out.push_str("\n| --- |");
    for _ in CLOUDS {
        out.push_str(" --- |");
    }
    out.push('\n');
    for (family, clouds) in &table {
        write!(out, "| {family} |")?;
        for (cloud, _) in CLOUDS {
            let cell: Vec<String> = clouds
                .get(cloud)
                .into_iter()
                .flatten()
                .map(|(id, types)| {
                    let types: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
                    format!("**{id}**: {}", types.join(", "))
                })
                .collect();
            write!(out, " {} |", cell.join("<br>"))?;
        }
        out.push('\n');
    }
    out.push_str(
        "\n## By check\n\n| Check | Family | Title | Resource types |\n| --- | --- | --- | --- |\n",
    );
    let mut terraform: Vec<&(String, CheckMeta)> = checks
        .iter()
        .filter(|(_, meta)| !meta.resource_types.is_empty())
        .collect();
    terraform.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    for (_, meta) in terraform {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            meta.id,
            meta.family.as_deref().unwrap_or(""),
            meta.title.replace('|', "\\|"),
            meta.resource_types.len()
        )?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    fn docs_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/coverage.md")
    }

    #[test]
    fn docs_coverage_is_generated_from_the_checks() {
        let rendered = coverage_markdown(&builtin_check_metadata()).unwrap();
        let path = docs_path();
        if std::env::var_os("DSPT_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &rendered).expect("write docs/coverage.md");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == rendered,
            "docs/coverage.md is out of date: run `DSPT_UPDATE_DOCS=1 cargo test -p dspt-engine coverage`"
        );
    }

    #[test]
    fn every_builtin_check_says_what_it_judges() {
        let checks = builtin_check_metadata();
        assert!(checks.len() >= 44, "only {} checks read", checks.len());
        let mut problems = Vec::new();
        for (path, meta) in &checks {
            if meta.judges.is_none() {
                problems.push(format!("{path}: no `custom.judges`"));
            }
            // A check that reads only the plans is a cloud control of the coverage matrix; one
            // that joins the plans to a register (AST-TF-001) judges whatever the register must
            // hold, of any type, and is not.
            let terraform_only = meta.sources == [SourceKind::Terraform];
            if terraform_only && (meta.resource_types.is_empty() || meta.family.is_none()) {
                problems.push(format!(
                    "{path}: a Terraform check needs `custom.resource_types` and `custom.family`"
                ));
            }
            for resource_type in &meta.resource_types {
                if cloud_of(resource_type).is_none() {
                    problems.push(format!("{path}: `{resource_type}` is of no known cloud"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_declared_resource_type_is_exercised_by_the_checks_tests() {
        let files = builtin_files();
        let mut problems = Vec::new();
        for (path, meta) in builtin_check_metadata() {
            let test_path = path.replace(".rego", "_test.rego");
            let Some(test) = files.iter().find(|f| f.path == test_path) else {
                problems.push(format!("{path}: no {test_path}"));
                continue;
            };
            for resource_type in &meta.resource_types {
                if !test.text.contains(&format!("\"{resource_type}\"")) {
                    problems.push(format!(
                        "{} declares `{resource_type}` but {test_path} never uses it",
                        meta.id
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
