//! `dspt config validate` and `dspt config show`: check a configuration without assessing, and
//! print the effective configuration (paths resolved, parameters merged with the defaults).

use anyhow::bail;
use dspt_engine::catalogue::{DEFAULT_FRAMEWORK, effective_catalogue};
use dspt_engine::config::Config;
use dspt_engine::model::ExitStatus;
use serde_json::{Value, json};

use crate::args::{ConfigArgs, ConfigCommand};

/// Runs the subcommand; exit 0 when the configuration is valid.
pub fn run(args: ConfigArgs) -> anyhow::Result<ExitStatus> {
    let (command, path) = match &args.command {
        ConfigCommand::Validate { config } => ("validate", config.as_deref()),
        ConfigCommand::Show { config } => ("show", config.as_deref()),
    };
    let config = crate::config_file::load(path)?;
    let effective = validate(&config)?;
    let output = if command == "show" {
        let mut text = serde_json::to_string_pretty(&effective)?;
        text.push('\n');
        text
    } else {
        let name = config.path.as_ref().map_or_else(
            || "the default configuration".to_string(),
            |p| format!("`{}`", p.display()),
        );
        format!("{name} is valid\n")
    };
    crate::output::write_stdout(&output)?;
    Ok(ExitStatus::Pass)
}

/// Everything `dspt check` would refuse in the configuration itself, without reading evidence.
fn validate(config: &Config) -> anyhow::Result<Value> {
    let framework = config
        .framework
        .clone()
        .unwrap_or_else(|| DEFAULT_FRAMEWORK.to_string());
    let bundle = dspt_engine::run::load_bundle(config, &config.policies)?;
    let catalogue = effective_catalogue(&framework, &config.catalogues, &bundle)?;
    dspt_engine::run::verify_check_references(config, &bundle)?;
    if let Some(unknown) = config
        .attestations
        .iter()
        .find(|a| !catalogue.known_items.contains(&a.item))
    {
        bail!(
            "attestation for item `{}`, which no catalogue has",
            unknown.item
        );
    }
    let paths = |paths: &[std::path::PathBuf]| -> Vec<String> {
        paths.iter().map(|p| p.display().to_string()).collect()
    };
    Ok(json!({
        "file": config.path.as_ref().map(|p| p.display().to_string()),
        "organisation": {"name": config.organisation.name, "type": config.organisation.organisation_type},
        "framework": framework,
        "pseudonym_key": if config.pseudonym_key.is_some() { "(set in the file)" } else { "(from DSPT_PSEUDONYM_KEY, else the public default)" },
        "sources": {
            "repository": config.repository.as_ref().map(|p| p.display().to_string()),
            "terraform": paths(&config.terraform),
            "hr": {"files": paths(&config.hr_files), "mapping": config.hr_mapping},
            "identity": {"files": paths(&config.identity_files), "columns": config.identity_columns, "exported_on": config.identity_exported_on.map(|d| d.iso())},
        },
        "policies": paths(&config.policies),
        "catalogues": paths(&config.catalogues),
        "checks": bundle.checks().iter().map(|c| c.meta.id.clone()).collect::<Vec<_>>(),
        "disable": config.disable,
        "attestations": config.attestations.iter().map(|a| json!({"item": a.item, "by": a.by, "date": a.date.iso(), "evidence": a.evidence})).collect::<Vec<_>>(),
        "params": bundle.params(),
    }))
}
