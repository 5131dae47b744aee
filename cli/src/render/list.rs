//! `dspt list`'s text output.

use std::fmt::Write as _;

use dspt_engine::catalogue::{Catalogue, PerType};
use dspt_engine::model::Automation;

/// `yes`, `no`, or the organisation types the flag holds for.
fn per_type_word(flag: &PerType) -> String {
    match flag {
        PerType::All(true) => "yes".to_string(),
        PerType::All(false) => "no".to_string(),
        PerType::ByType(types) => {
            let on: Vec<&str> = types
                .iter()
                .filter(|(_, on)| **on)
                .map(|(kind, _)| kind.as_str())
                .collect();
            if on.is_empty() {
                "no".to_string()
            } else {
                on.join(",")
            }
        }
    }
}

/// The catalogues as a table, one line per item.
pub fn text(catalogues: &[Catalogue]) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    for (index, catalogue) in catalogues.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let framework = &catalogue.framework;
        writeln!(
            out,
            "{}: {} ({})",
            framework.id, framework.title, framework.version
        )?;
        let id_width = catalogue
            .items
            .iter()
            .map(|i| i.id.len())
            .max()
            .unwrap_or(2)
            .max(2);
        writeln!(
            out,
            "{:id_width$}  {:9}  {:10}  TITLE / CHECKS / SOURCE",
            "ID", "MANDATORY", "EVIDENCE"
        )?;
        for item in &catalogue.items {
            let mandatory = per_type_word(&item.mandatory);
            let provisional = if item.provisional.is_some() {
                " (provisional)"
            } else {
                ""
            };
            writeln!(
                out,
                "{:id_width$}  {mandatory:9}  {:10}  {}{provisional}",
                item.id,
                item.automation().as_str(),
                item.title
            )?;
            let indent = " ".repeat(id_width + 25);
            if !item.checks.is_empty() {
                writeln!(out, "{indent}checks: {}", item.checks.join(", "))?;
            }
            if let Some(reason) = &item.provisional {
                writeln!(out, "{indent}provisional: {reason}")?;
            }
            if let Some(approaching) = &item.approaching {
                writeln!(
                    out,
                    "{indent}approaching standards: {}",
                    per_type_word(approaching)
                )?;
            }
            if item.exceptions_allowed.is_some() {
                writeln!(
                    out,
                    "{indent}exceptions: allowed when approved (`exceptions:` in dspt.yaml)"
                )?;
            }
            writeln!(out, "{indent}source: {}", item.source)?;
        }
        let automated = catalogue
            .items
            .iter()
            .filter(|i| i.automation() != Automation::Manual)
            .count();
        let mandatory: Vec<String> = framework
            .organisation_types
            .iter()
            .map(|kind| {
                let count = catalogue
                    .items
                    .iter()
                    .filter(|i| i.applies_to(Some(kind)) && i.mandatory_for(Some(kind)))
                    .count();
                format!("{count} mandatory for {kind}")
            })
            .collect();
        let mandatory = if mandatory.is_empty() {
            let count = catalogue.items.iter().filter(|i| i.mandatory.any()).count();
            format!("{count} mandatory")
        } else {
            mandatory.join(", ")
        };
        let provisional = catalogue
            .items
            .iter()
            .filter(|i| i.provisional.is_some())
            .count();
        writeln!(
            out,
            "{} items ({mandatory}; {provisional} provisional), {automated} evidenced by checks",
            catalogue.items.len()
        )?;
    }
    Ok(out)
}
