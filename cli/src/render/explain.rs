//! `dspt explain`'s output: an evidence item (requirement, checks, guidance, source) or a check
//! (metadata, the items it evidences, the parameters it reads with their effective values, and
//! its Rego source).

use std::fmt::Write as _;

use dspt_engine::catalogue::{Catalogue, CatalogueItem, PerType};
use dspt_engine::policy::bundle::{Check, Origin, PolicyBundle};
use dspt_engine::policy::params::referenced_params;

pub fn item(
    out: &mut String,
    catalogue: &Catalogue,
    item: &CatalogueItem,
    bundle: &PolicyBundle,
) -> std::fmt::Result {
    writeln!(
        out,
        "{} {} ({})",
        catalogue.framework.id, item.id, catalogue.framework.title
    )?;
    writeln!(out, "  {}", item.title)?;
    if let Some(group) = item
        .group
        .as_ref()
        .and_then(|g| catalogue.groups.iter().find(|x| &x.id == g))
    {
        let audited = if group.audited_for.is_empty() {
            String::new()
        } else {
            format!(" (independent audit: {})", group.audited_for.join(", "))
        };
        writeln!(
            out,
            "  {} {}: {}{audited}",
            group.kind, group.id, group.title
        )?;
    }
    writeln!(
        out,
        "  mandatory: {}",
        match &item.mandatory {
            PerType::All(true) => "yes".to_string(),
            PerType::All(false) => "no".to_string(),
            PerType::ByType(types) => types
                .iter()
                .map(|(kind, on)| format!("{kind}: {}", if *on { "yes" } else { "no" }))
                .collect::<Vec<_>>()
                .join(", "),
        }
    )?;
    if let Some(reason) = &item.provisional {
        writeln!(out, "  provisional: {reason}")?;
    }
    if let Some(wording) = &item.exceptions_allowed {
        writeln!(
            out,
            "  exceptions: allowed when approved by the board or senior management ({wording})"
        )?;
    }
    if !item.applies_to.is_empty() {
        writeln!(out, "  applies to: {}", item.applies_to.join(", "))?;
    }
    if !item.audited_for.is_empty() {
        writeln!(out, "  independent audit: {}", item.audited_for.join(", "))?;
    }
    if let Some(level) = item.expected_level {
        writeln!(
            out,
            "  expected level: {}",
            serde_json::to_value(level)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        )?;
    }
    if item.checks.is_empty() {
        writeln!(
            out,
            "  evidence: manual; attest it under `attestations:` in dspt.yaml (item, by, date, evidence link)"
        )?;
    } else {
        writeln!(out, "  checks:")?;
        for id in &item.checks {
            let title = bundle
                .check(id)
                .map_or("(not loaded)", |c| c.meta.title.as_str());
            writeln!(out, "    {id}  {title}")?;
        }
    }
    if let Some(guidance) = &item.guidance {
        writeln!(out, "  guidance: {guidance}")?;
    }
    writeln!(out, "  source: {}", item.source)?;
    if let Some(reason) = &item.provisional {
        writeln!(out, "  provisional: {reason}")?;
    }
    out.push('\n');
    Ok(())
}

pub fn check(
    out: &mut String,
    check: &Check,
    bundle: &PolicyBundle,
    catalogues: &[Catalogue],
) -> std::fmt::Result {
    let meta = &check.meta;
    writeln!(out, "{}  {}", meta.id, meta.title)?;
    if let Some(description) = &meta.description {
        writeln!(out, "  {}", description.trim())?;
    }
    let severity = serde_json::to_value(meta.severity)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let sources: Vec<&str> = meta.sources.iter().map(|s| s.section()).collect();
    writeln!(out, "  severity: {severity}; needs: {}", sources.join(", "))?;
    let origin = match &check.origin {
        Origin::Builtin => "built-in".to_string(),
        Origin::Directory(dir) => format!("organisation policies in `{}`", dir.display()),
    };
    writeln!(
        out,
        "  defined in {} ({origin}), package {}",
        check.file, check.package
    )?;
    if matches!(check.origin, Origin::Directory(_))
        && dspt_engine::policy::bundle::builtin_files()
            .iter()
            .any(|f| f.text.contains(&format!("id: {}\n", meta.id)))
    {
        writeln!(out, "  replaces the built-in check with the same id")?;
    }
    writeln!(out, "  rules: {}", check.rules.join(", "))?;
    let mut evidences = Vec::new();
    for catalogue in catalogues {
        for item in catalogue
            .items
            .iter()
            .filter(|i| i.checks.contains(&meta.id))
        {
            evidences.push(format!("{} {}", catalogue.framework.id, item.id));
        }
    }
    for claim in &meta.evidence {
        evidences.push(format!("{claim} (claimed in its METADATA)"));
    }
    writeln!(
        out,
        "  evidences: {}",
        if evidences.is_empty() {
            "no catalogue item".to_string()
        } else {
            evidences.join(", ")
        }
    )?;
    let params = referenced_params(&check.source);
    if !params.is_empty() {
        writeln!(out, "  parameters (effective values):")?;
        for keys in params {
            let effective = keys
                .iter()
                .try_fold(bundle.params(), |node, key| node.get(key));
            let shown = effective.map_or_else(|| "(not set)".to_string(), |v| v.to_string());
            writeln!(out, "    {} = {shown}", keys.join("."))?;
        }
    }
    writeln!(out, "\n--- {} ---", check.file)?;
    out.push_str(&check.source);
    if !check.source.ends_with('\n') {
        out.push('\n');
    }
    Ok(())
}
