//! `dspt explain ID`: an evidence item (requirement, checks, guidance, source) or a check
//! (metadata, the items it evidences, the parameters it reads with their effective values, and
//! its Rego source).

use std::fmt::Write as _;

use anyhow::bail;
use dspt_engine::catalogue::{Catalogue, PerType};
use dspt_engine::policy::bundle::{Check, Origin, PolicyBundle};
use dspt_engine::policy::params::referenced_params;

use crate::args::ExplainArgs;

/// Prints the explanation; exit 0, or an error when nothing has that id.
pub fn run(args: ExplainArgs) -> anyhow::Result<u8> {
    let config = crate::config_file::load(args.config.as_deref())?;
    let policy_dirs: Vec<_> = config
        .policies
        .iter()
        .chain(&args.policies)
        .cloned()
        .collect();
    let bundle = dspt_engine::run::load_bundle(&config, &policy_dirs)?;
    let catalogues = Catalogue::builtin()?;
    let mut out = String::new();
    let items: Vec<(&Catalogue, &dspt_engine::catalogue::CatalogueItem)> = catalogues
        .iter()
        .flat_map(|c| {
            c.items
                .iter()
                .filter(|i| i.id == args.id)
                .map(move |i| (c, i))
        })
        .collect();
    for (catalogue, item) in &items {
        explain_item(&mut out, catalogue, item, &bundle);
    }
    if let Some(check) = bundle.check(&args.id) {
        explain_check(&mut out, check, &bundle, &catalogues);
    }
    if out.is_empty() {
        bail!(
            "no evidence item or check has the id `{}`; `dspt list` shows the items",
            args.id
        );
    }
    crate::output::write_stdout(&out)?;
    Ok(0)
}

fn explain_item(
    out: &mut String,
    catalogue: &Catalogue,
    item: &dspt_engine::catalogue::CatalogueItem,
    bundle: &PolicyBundle,
) {
    let _ = writeln!(
        out,
        "{} {} ({})",
        catalogue.framework.id, item.id, catalogue.framework.title
    );
    let _ = writeln!(out, "  {}", item.title);
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
        let _ = writeln!(
            out,
            "  {} {}: {}{audited}",
            group.kind, group.id, group.title
        );
    }
    let _ = writeln!(
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
    );
    if let Some(reason) = &item.provisional {
        let _ = writeln!(out, "  provisional: {reason}");
    }
    if let Some(wording) = &item.exceptions_allowed {
        let _ = writeln!(
            out,
            "  exceptions: allowed when approved by the board or senior management ({wording})"
        );
    }
    if !item.applies_to.is_empty() {
        let _ = writeln!(out, "  applies to: {}", item.applies_to.join(", "));
    }
    if !item.audited_for.is_empty() {
        let _ = writeln!(out, "  independent audit: {}", item.audited_for.join(", "));
    }
    if let Some(level) = item.expected_level {
        let _ = writeln!(
            out,
            "  expected level: {}",
            serde_json::to_value(level)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        );
    }
    if item.checks.is_empty() {
        let _ = writeln!(
            out,
            "  evidence: manual; attest it under `attestations:` in dspt.yaml (item, by, date, evidence link)"
        );
    } else {
        let _ = writeln!(out, "  checks:");
        for id in &item.checks {
            let title = bundle
                .check(id)
                .map_or("(not loaded)", |c| c.meta.title.as_str());
            let _ = writeln!(out, "    {id}  {title}");
        }
    }
    if let Some(guidance) = &item.guidance {
        let _ = writeln!(out, "  guidance: {guidance}");
    }
    let _ = writeln!(out, "  source: {}", item.source);
    if let Some(reason) = &item.provisional {
        let _ = writeln!(out, "  provisional: {reason}");
    }
    out.push('\n');
}

fn explain_check(out: &mut String, check: &Check, bundle: &PolicyBundle, catalogues: &[Catalogue]) {
    let meta = &check.meta;
    let _ = writeln!(out, "{}  {}", meta.id, meta.title);
    if let Some(description) = &meta.description {
        let _ = writeln!(out, "  {}", description.trim());
    }
    let severity = serde_json::to_value(meta.severity)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let sources: Vec<&str> = meta.sources.iter().map(|s| s.section()).collect();
    let _ = writeln!(out, "  severity: {severity}; needs: {}", sources.join(", "));
    let origin = match &check.origin {
        Origin::Builtin => "built-in".to_string(),
        Origin::Directory(dir) => format!("organisation policies in `{}`", dir.display()),
    };
    let _ = writeln!(
        out,
        "  defined in {} ({origin}), package {}",
        check.file, check.package
    );
    if matches!(check.origin, Origin::Directory(_))
        && dspt_engine::policy::bundle::builtin_files()
            .iter()
            .any(|f| f.text.contains(&format!("id: {}\n", meta.id)))
    {
        let _ = writeln!(out, "  replaces the built-in check with the same id");
    }
    let _ = writeln!(out, "  rules: {}", check.rules.join(", "));
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
    let _ = writeln!(
        out,
        "  evidences: {}",
        if evidences.is_empty() {
            "no catalogue item".to_string()
        } else {
            evidences.join(", ")
        }
    );
    let params = referenced_params(&check.source);
    if !params.is_empty() {
        let _ = writeln!(out, "  parameters (effective values):");
        for keys in params {
            let effective = keys
                .iter()
                .try_fold(bundle.params(), |node, key| node.get(key));
            let shown = effective.map_or_else(|| "(not set)".to_string(), |v| v.to_string());
            let _ = writeln!(out, "    {} = {shown}", keys.join("."));
        }
    }
    let _ = writeln!(out, "\n--- {} ---", check.file);
    out.push_str(&check.source);
    if !check.source.ends_with('\n') {
        out.push('\n');
    }
}
