//! The organisation view (`dspt aggregate`): text for the person reading a CI log, JSON
//! (`dspt/organisation-assessment/v1`) for tools, Markdown for a job summary, HTML for an
//! assessor; SARIF and JUnit are in `organisation_ci.rs`.

use std::fmt::Write as _;

use crate::aggregate::{OrganisationAssessment, OrganisationItem};
use crate::error::RenderError;
use crate::model::ItemStatus;

/// Formats of the organisation view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganisationFormat {
    /// For a terminal or a CI log.
    Text,
    /// `dspt/organisation-assessment/v1`.
    Json,
    /// For a job summary or a pull-request comment.
    Markdown,
    /// One self-contained page: the organisation first (items × reports heat map), then each
    /// failing item's findings by report.
    Html,
    /// SARIF 2.1.0: a result per open finding, located in its report.
    Sarif,
    /// JUnit XML: a test case per item.
    Junit,
}

/// Renders the organisation view.
pub fn render(
    format: OrganisationFormat,
    view: &OrganisationAssessment,
) -> Result<String, RenderError> {
    match format {
        OrganisationFormat::Text => Ok(text(view)?),
        OrganisationFormat::Json => {
            let mut out = serde_json::to_string_pretty(view)?;
            out.push('\n');
            Ok(out)
        }
        OrganisationFormat::Markdown => Ok(markdown(view)?),
        OrganisationFormat::Html => Ok(html(view)?),
        OrganisationFormat::Sarif => super::organisation_ci::sarif(view),
        OrganisationFormat::Junit => super::organisation_ci::junit(view),
    }
}

fn counts(view: &OrganisationAssessment) -> String {
    view.summary
        .items
        .iter()
        .map(|(status, n)| format!("{n} {}", status.as_str().replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn organisation_name(view: &OrganisationAssessment) -> String {
    let organisation = &view.assessment.organisation;
    let kind = organisation
        .organisation_type
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    format!(
        "{}{kind}",
        organisation
            .name
            .as_deref()
            .unwrap_or("(unnamed organisation)")
    )
}

fn text(view: &OrganisationAssessment) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    writeln!(
        out,
        "dspt aggregate: {}, framework {}, as of {}, {} reports",
        organisation_name(view),
        view.assessment.framework,
        view.assessment.as_of,
        view.parts.len()
    )?;
    let broken = view.failing_items();
    if !broken.is_empty() {
        writeln!(out, "\nfailures and errors:")?;
        for item in broken {
            writeln!(
                out,
                "  {} {}{}  {}",
                item.id,
                item.status.as_str().to_uppercase(),
                if item.mandatory { " (mandatory)" } else { "" },
                item.title
            )?;
            writeln!(out, "      {}", item.parts_line())?;
            for finding in &item.findings {
                let place = if finding.place.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", finding.place)
                };
                writeln!(
                    out,
                    "      {}: {} {place}{}",
                    finding.part, finding.check, finding.msg
                )?;
            }
        }
    }
    let passed: Vec<&OrganisationItem> = view
        .items
        .iter()
        .filter(|i| i.status == ItemStatus::Pass)
        .collect();
    if !passed.is_empty() {
        writeln!(out, "\npassed (every report that judged it):")?;
        for item in passed {
            writeln!(out, "  {} {}  ({})", item.id, item.title, item.parts_line())?;
        }
    }
    if !view.summary.most_failures.is_empty() {
        let most: Vec<String> = view
            .summary
            .most_failures
            .iter()
            .map(|(part, n)| format!("{part} ({n})"))
            .collect();
        writeln!(
            out,
            "\nreports with the most failing items: {}",
            most.join(", ")
        )?;
    }
    writeln!(out, "\nreports:")?;
    for part in &view.parts {
        writeln!(
            out,
            "  {}  as of {}  {}  {}{}",
            part.name,
            part.as_of,
            part.overall.map_or("unknown", |o| o.as_str()),
            part.digest,
            part.revision
                .as_deref()
                .map(|r| format!("  {r}"))
                .unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "\nitems: {}; overall: {}",
        counts(view),
        view.summary.overall
    )?;
    if !view.summary.mandatory_outstanding.is_empty() {
        let ids: Vec<&str> = view
            .summary
            .mandatory_outstanding
            .iter()
            .map(|id| id.as_str())
            .collect();
        writeln!(out, "mandatory items outstanding: {}", ids.join(", "))?;
    }
    Ok(out)
}

fn markdown(view: &OrganisationAssessment) -> Result<String, std::fmt::Error> {
    use super::markdown::{code, text};
    let mut out = String::new();
    writeln!(out, "## dspt aggregate: {}\n", view.summary.overall)?;
    writeln!(
        out,
        "{}, framework {}, as of {}, {} reports. Items: {}.\n",
        text(&organisation_name(view)),
        code(&view.assessment.framework),
        view.assessment.as_of,
        view.parts.len(),
        counts(view)
    )?;
    let broken = view.failing_items();
    if !broken.is_empty() {
        writeln!(out, "| item | status | reports |\n| --- | --- | --- |")?;
        for item in broken {
            writeln!(
                out,
                "| {} {} | {} | {} |",
                code(&item.id),
                text(&item.title),
                item.status,
                text(&item.parts_line())
            )?;
        }
        out.push('\n');
    }
    if !view.summary.mandatory_outstanding.is_empty() {
        let ids: Vec<String> = view
            .summary
            .mandatory_outstanding
            .iter()
            .map(|id| code(id))
            .collect();
        writeln!(out, "- Mandatory items outstanding: {}.", ids.join(", "))?;
    }
    for part in &view.parts {
        writeln!(
            out,
            "- Report {}: as of {}, {}, {}.",
            code(&part.name),
            part.as_of,
            part.overall.map_or("unknown", |o| o.as_str()),
            code(&part.digest)
        )?;
    }
    Ok(out)
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;color:#1b1b1b;margin:0 auto;max-width:90rem;padding:1rem 1.5rem;line-height:1.45}
h2{margin-top:2.5rem;border-bottom:2px solid #1b1b1b}
#overall-status{display:inline-block;font-size:2rem;font-weight:800;padding:.2rem .8rem;border:4px solid currentColor}
.standards-met{color:#00703c}.standards-not-met,.approaching-standards{color:#d4351c}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #b1b4b6;padding:.25rem .5rem;text-align:left;vertical-align:top}
#heat-map td.cell{text-align:center;font-weight:700;min-width:2.5rem}
.s-pass{background:#cce2d8;color:#005a30}.s-fail{background:#f6d7d2;color:#942514}.s-error{background:#e9d5f5;color:#4c2c92}
.s-waived,.s-attested{background:#fff7bf;color:#594d00}.s-not_assessed,.s-manual{background:#f3f2f1;color:#505a5f}
.mandatory{font-weight:700}code{font-size:.95em}
";

/// One status as a heat map cell: a mark a colour-blind reader can tell apart, and its word.
fn cell_mark(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Pass => "✓",
        ItemStatus::Fail => "✗",
        ItemStatus::Error => "!",
        ItemStatus::Waived => "W",
        ItemStatus::Attested => "A",
        ItemStatus::NotAssessed => "–",
        ItemStatus::Manual => "M",
    }
}

fn html(view: &OrganisationAssessment) -> Result<String, std::fmt::Error> {
    use super::escape_markup as esc;
    let mut out = String::new();
    let name = organisation_name(view);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>DSPT organisation view: {}, as of {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>",
        esc(&name),
        view.assessment.as_of
    )?;
    writeln!(out, "<h1>DSPT organisation view: {}</h1>", esc(&name))?;
    writeln!(
        out,
        "<p>Framework <code>{}</code>, as of {}, from {} reports. Overall: <strong id=\"overall-status\" class=\"{}\">{}</strong></p>",
        esc(&view.assessment.framework),
        view.assessment.as_of,
        view.parts.len(),
        view.summary.overall,
        view.summary.overall
    )?;
    writeln!(out, "<p>Items: {}.</p>", esc(&counts(view)))?;
    if !view.summary.mandatory_outstanding.is_empty() {
        let ids: Vec<String> = view
            .summary
            .mandatory_outstanding
            .iter()
            .map(|id| format!("<a href=\"#item-{0}\">{0}</a>", esc(id)))
            .collect();
        writeln!(
            out,
            "<p>Mandatory items outstanding: {}</p>",
            ids.join(", ")
        )?;
    }
    if !view.summary.most_failures.is_empty() {
        let most: Vec<String> = view
            .summary
            .most_failures
            .iter()
            .map(|(part, n)| format!("{} ({n})", esc(part)))
            .collect();
        writeln!(
            out,
            "<p>Reports with the most failing items: {}</p>",
            most.join(", ")
        )?;
    }
    writeln!(out, "<h2>Items × reports</h2>")?;
    writeln!(
        out,
        "<p>✓ pass, ✗ fail, ! error, W waived, A attested, – not assessed (evidence not given), M manual.</p>"
    )?;
    writeln!(
        out,
        "<table id=\"heat-map\">\n<thead><tr><th>item</th><th>across the organisation</th>"
    )?;
    for part in &view.parts {
        write!(out, "<th>{}</th>", esc(&part.name))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for item in &view.items {
        write!(
            out,
            "<tr id=\"item-{}\"><td class=\"{}\">{} {}</td><td class=\"cell s-{}\" title=\"{}\">{}</td>",
            esc(&item.id),
            if item.mandatory { "mandatory" } else { "" },
            esc(&item.id),
            esc(&item.title),
            item.status,
            item.status,
            cell_mark(item.status)
        )?;
        for part in &view.parts {
            let status = item
                .parts
                .iter()
                .find(|(_, names)| names.contains(&part.name))
                .map(|(status, _)| *status);
            match status {
                Some(status) => write!(
                    out,
                    "<td class=\"cell s-{status}\" title=\"{}: {status}\">{}</td>",
                    esc(&part.name),
                    cell_mark(status)
                )?,
                None => write!(out, "<td class=\"cell\" title=\"not in this report\"></td>")?,
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    let broken = view.failing_items();
    if !broken.is_empty() {
        writeln!(out, "<h2>Failing items, by report</h2>")?;
        for item in broken {
            writeln!(
                out,
                "<h3>{} {} <span class=\"s-{}\">{}</span></h3>\n<p>{}</p>",
                esc(&item.id),
                esc(&item.title),
                item.status,
                item.status,
                esc(&item.parts_line())
            )?;
            if !item.findings.is_empty() {
                writeln!(
                    out,
                    "<table>\n<thead><tr><th>report</th><th>check</th><th>where</th><th>finding</th></tr></thead>\n<tbody>"
                )?;
                for finding in &item.findings {
                    writeln!(
                        out,
                        "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
                        esc(&finding.part),
                        esc(&finding.check),
                        esc(&finding.place),
                        esc(&finding.msg)
                    )?;
                }
                writeln!(out, "</tbody>\n</table>")?;
            }
        }
    }
    writeln!(
        out,
        "<h2>Reports</h2>\n<table>\n<thead><tr><th>report</th><th>as of</th><th>overall</th><th>digest</th><th>revision</th></tr></thead>\n<tbody>"
    )?;
    for part in &view.parts {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
            esc(&part.name),
            part.as_of,
            part.overall.map_or("unknown", |o| o.as_str()),
            esc(&part.digest),
            esc(part.revision.as_deref().unwrap_or("—"))
        )?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    writeln!(
        out,
        "<footer><p>Written by dspt {} from {} reports; waivers, exceptions and attestations stay with the report that declared them.</p></footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        view.parts.len()
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{DEFAULT_MAX_AS_OF_SPREAD_DAYS, Part, aggregate};

    fn view() -> OrganisationAssessment {
        let sample = super::super::sample::assessment();
        let mut passing = sample.clone();
        // Another repository: another commit.
        for source in &mut passing.sources {
            for digest in &mut source.digests {
                *digest = digest.replace("git:", "git:b");
            }
        }
        for item in &mut passing.items {
            if item.status == ItemStatus::Fail {
                item.status = ItemStatus::Pass;
                for check in &mut item.checks {
                    check.findings.clear();
                }
            }
        }
        let parts = [
            Part {
                name: "api".to_string(),
                file: "api.json".to_string(),
                digest: "sha256:aa".to_string(),
                assessment: sample,
            },
            Part {
                name: "web".to_string(),
                file: "web.json".to_string(),
                digest: "sha256:bb".to_string(),
                assessment: passing,
            },
        ];
        aggregate(&parts, DEFAULT_MAX_AS_OF_SPREAD_DAYS).unwrap()
    }

    #[test]
    fn text() {
        insta::assert_snapshot!(render(OrganisationFormat::Text, &view()).unwrap());
    }

    #[test]
    fn json() {
        insta::assert_snapshot!(render(OrganisationFormat::Json, &view()).unwrap());
    }

    #[test]
    fn html() {
        insta::assert_snapshot!(render(OrganisationFormat::Html, &view()).unwrap());
    }

    #[test]
    fn markdown() {
        insta::assert_snapshot!(render(OrganisationFormat::Markdown, &view()).unwrap());
    }
}
