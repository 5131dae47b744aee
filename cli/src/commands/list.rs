//! `dspt list`: every evidence item of one or every catalogue, with how it is evidenced.

use std::fmt::Write as _;

use anyhow::Context;
use dspt_engine::catalogue::{Automation, Catalogue};

use crate::args::{ListArgs, ListFormat};

/// Prints the items; exit 0.
pub fn run(args: ListArgs) -> anyhow::Result<u8> {
    let catalogues = match &args.framework {
        Some(framework) => vec![Catalogue::builtin_for(framework)?],
        None => Catalogue::builtin()?,
    };
    let output = match args.format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&catalogues)
                .context("cannot render the catalogues")?;
            text.push('\n');
            text
        }
        ListFormat::Text => render_text(&catalogues),
    };
    crate::output::write_stdout(&output)?;
    Ok(0)
}

fn automation_word(automation: Automation) -> &'static str {
    match automation {
        Automation::Automated => "automated",
        Automation::Partly => "partly",
        Automation::Manual => "manual",
    }
}

fn render_text(catalogues: &[Catalogue]) -> String {
    let mut out = String::new();
    for (index, catalogue) in catalogues.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let framework = &catalogue.framework;
        let _ = writeln!(
            out,
            "{}: {} ({})",
            framework.id, framework.title, framework.version
        );
        let id_width = catalogue
            .items
            .iter()
            .map(|i| i.id.len())
            .max()
            .unwrap_or(2)
            .max(2);
        let _ = writeln!(
            out,
            "{:id_width$}  {:9}  {:10}  TITLE / CHECKS / SOURCE",
            "ID", "MANDATORY", "EVIDENCE"
        );
        for item in &catalogue.items {
            let mandatory = if item.mandatory { "yes" } else { "no" };
            let provisional = if item.provisional.is_some() {
                " (provisional)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{:id_width$}  {mandatory:9}  {:10}  {}{provisional}",
                item.id,
                automation_word(item.automation()),
                item.title
            );
            let indent = " ".repeat(id_width + 25);
            if !item.checks.is_empty() {
                let _ = writeln!(out, "{indent}checks: {}", item.checks.join(", "));
            }
            let _ = writeln!(out, "{indent}source: {}", item.source);
        }
        let automated = catalogue
            .items
            .iter()
            .filter(|i| i.automation() != Automation::Manual)
            .count();
        let mandatory = catalogue.items.iter().filter(|i| i.mandatory).count();
        let _ = writeln!(
            out,
            "{} items ({mandatory} mandatory), {automated} evidenced by checks",
            catalogue.items.len()
        );
    }
    out
}
