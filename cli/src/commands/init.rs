//! `dspt init`: scaffold a commented `dspt.yaml` and an organisation policy folder with one
//! example check mapped to an evidence item and its passing tests. Existing files are never
//! overwritten unless `--force` is given.

use dspt_engine::model::ExitStatus;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::args::InitArgs;

const FILES: [(&str, &str); 3] = [
    ("dspt.yaml", include_str!("../templates/dspt.yaml")),
    (
        "policies/org/asset_register.rego",
        include_str!("../templates/asset_register.rego"),
    ),
    (
        "policies/org/asset_register_test.rego",
        include_str!("../templates/asset_register_test.rego"),
    ),
];

/// Writes the files; exit 0.
pub fn run(args: InitArgs) -> anyhow::Result<ExitStatus> {
    let root = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let existing: Vec<&str> = FILES
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| root.join(path).exists())
        .collect();
    if !existing.is_empty() && !args.force {
        bail!(
            "not overwriting {}; pass `--force` to replace them",
            existing
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for (path, content) in FILES {
        write(&root.join(path), content)?;
    }
    let mut out = String::from(
        "created dspt.yaml and policies/org/ (an example check mapped to item 7.1.1, and its tests)\n\nnext:\n",
    );
    out.push_str("  dspt test policies/org     run the example check's tests\n");
    out.push_str("  dspt check .               assess this repository (add plans and exports in dspt.yaml)\n");
    out.push_str("  dspt explain ORG-AST-001   see what the example check reads\n");
    crate::output::write_stdout(&out)?;
    Ok(ExitStatus::Pass)
}

fn write(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    std::fs::write(path, content).with_context(|| format!("cannot write `{}`", path.display()))
}

#[cfg(test)]
mod tests {
    use dspt_engine::config::Config;
    use dspt_engine::model::SourceKind;

    /// The `sources:` block of the template with every commented mapping line uncommented.
    fn uncommented_sources() -> String {
        let template = super::FILES[0].1;
        let mut out = String::new();
        let mut in_sources = false;
        for line in template.lines() {
            if line.starts_with("sources:") {
                in_sources = true;
            } else if !line.starts_with(' ') && !line.is_empty() {
                in_sources = false;
            }
            if !in_sources {
                continue;
            }
            // `  #   key: value` and `  #   - item` are mapping lines; `  # Prose.` is not.
            let uncommented = line.strip_prefix("  # ").filter(|rest| {
                let key = rest.trim_start();
                key.starts_with("- ")
                    || key.split(':').next().is_some_and(|k| {
                        !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    }) && key.contains(':')
            });
            match uncommented {
                Some(rest) => out.push_str(&format!("  {rest}\n")),
                None => out.push_str(&format!("{line}\n")),
            }
        }
        out
    }

    #[test]
    fn every_commented_source_mapping_in_the_template_is_valid() {
        let text = uncommented_sources();
        let config = Config::parse("dspt.yaml", &text, std::path::Path::new("/org"))
            .unwrap_or_else(|error| panic!("{error}\n{text}"));
        for register in [
            SourceKind::Assets,
            SourceKind::Suppliers,
            SourceKind::Incidents,
            SourceKind::Devices,
        ] {
            assert!(config.register(register).is_some(), "{register}\n{text}");
        }
        assert!(config.hr_mapping.is_some() && config.identity_columns.is_some());
        assert_eq!(config.scan_files.len(), 1);
        assert_eq!(config.document_folders.len(), 1);
    }
}
