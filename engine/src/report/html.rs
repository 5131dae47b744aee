//! The HTML evidence report for assessors: one self-contained page (inline CSS; no scripts, fonts,
//! images or other requests, so it opens offline and can be archived as evidence) with the
//! overall status, counts, a table per standard or principle, the inventories, the sources, the
//! diagnostics and the waivers. Every status is a word as well as a colour, and all text from the
//! evidence or the config is escaped.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{escape_markup as esc, finding_place};

use crate::model::{AchievementLevel, FindingLevel, OverallStatus, WaiverState};
use crate::results::{Assessment, CheckResult, Finding, ItemResult};

const STYLE: &str = "\
:root{color-scheme:light;--ink:#1b1b1b;--muted:#505a5f;--line:#b1b4b6;--pass:#00703c;--fail:#d4351c;--warn:#8a4b00;--info:#1d70b8;--note:#4c2c92}
body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:80rem;padding:1rem 1.5rem;line-height:1.45}
h1{font-size:1.8rem;margin:.5rem 0}h2{margin-top:2.5rem;border-bottom:2px solid var(--ink)}h3{margin-top:2rem}
.facts{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;margin:0}.facts dt{font-weight:700}.facts dd{margin:0}
.overall{font-size:1.2rem;margin:1rem 0}#overall-status{display:inline-block;font-size:2.4rem;font-weight:800;padding:.2rem .8rem;border:4px solid currentColor}
.overall-met{color:var(--pass)}.overall-not-met{color:var(--fail)}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:left;font-weight:700;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{background:#f3f2f1}tbody th{font-weight:400}.item-id{font-weight:700}
.items td:nth-child(4){width:36%}.items td:nth-child(6){width:18%}
ul{margin:0;padding-left:1.1rem}code{font-size:.92em;overflow-wrap:anywhere}.place{color:var(--muted);overflow-wrap:anywhere}
.status{font-weight:700;text-transform:uppercase;font-size:.85em;letter-spacing:.02em;white-space:nowrap}
.status-pass,.status-attested{color:var(--pass)}.status-fail,.status-expired{color:var(--fail)}.status-error{color:var(--note)}
.status-warn,.status-not_assessed,.status-expiring{color:var(--warn)}.status-manual,.status-waived,.status-skipped,.status-active,.status-unused{color:var(--info)}
.marker{display:inline-block;border:1px solid currentColor;border-radius:.2rem;padding:0 .3rem;font-size:.85em;margin-left:.3rem}
.marker-waived{color:var(--info)}.marker-known{color:var(--muted)}.flag{color:var(--fail);font-weight:700}
.mandatory{font-size:.8em;font-weight:700;color:var(--muted);margin-left:.3rem}.reason{color:var(--muted)}.judged{color:var(--muted);font-size:.85em}
footer{margin-top:3rem;color:var(--muted);font-size:.9em}
@media print{body{max-width:none}a{color:inherit}}
";

/// Renders the page.
pub fn render(assessment: &Assessment) -> Result<String, std::fmt::Error> {
    let facts = &assessment.assessment;
    let organisation = facts.organisation.name.as_deref().unwrap_or("Organisation");
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    writeln!(
        out,
        "<title>DSPT evidence report: {}, {}, as of {}</title>",
        esc(organisation),
        esc(&facts.framework),
        facts.as_of
    )?;
    writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>")?;
    write_header(&mut out, assessment)?;
    write_contents(&mut out, assessment)?;
    out.push_str("<main>\n");
    write_summary(&mut out, assessment)?;
    write_items(&mut out, assessment)?;
    write_unmapped(&mut out, assessment)?;
    write_inventories(&mut out, assessment)?;
    write_sources(&mut out, assessment)?;
    write_diagnostics(&mut out, assessment)?;
    let exceptions = super::exception_lines(assessment);
    if !exceptions.is_empty() {
        out.push_str("<section aria-labelledby=\"exceptions\">\n<h2 id=\"exceptions\">Exceptions</h2>\n<p>Approved by the board or senior management, as the toolkit allows for these items; excepted findings stay listed and do not fail their checks.</p>\n<ul>\n");
        for line in exceptions {
            writeln!(out, "<li>{}</li>", esc(&line))?;
        }
        out.push_str("</ul>\n</section>\n");
    }
    write_waivers(&mut out, assessment)?;
    out.push_str("</main>\n");
    writeln!(
        out,
        "<footer>\n<p>Written by dspt {} from the evidence as of {}. The same evidence and date give the same report.</p>\n</footer>",
        env!("CARGO_PKG_VERSION"),
        facts.as_of
    )?;
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

fn write_header(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    let facts = &assessment.assessment;
    out.push_str("<header>\n<h1>DSPT evidence report</h1>\n<dl class=\"facts\">\n");
    let organisation = facts.organisation.name.as_deref().unwrap_or("not named");
    writeln!(out, "<dt>Organisation</dt><dd>{}</dd>", esc(organisation))?;
    if let Some(kind) = &facts.organisation.organisation_type {
        writeln!(out, "<dt>Organisation type</dt><dd>{}</dd>", esc(kind))?;
    }
    writeln!(out, "<dt>Framework</dt><dd>{}</dd>", esc(&facts.framework))?;
    writeln!(out, "<dt>As of</dt><dd>{}</dd>", facts.as_of)?;
    out.push_str("</dl>\n");
    let class = match assessment.summary.overall {
        Some(OverallStatus::StandardsMet) => "overall-met",
        Some(OverallStatus::ApproachingStandards) => "overall-approaching",
        Some(OverallStatus::StandardsNotMet) | None => "overall-not-met",
    };
    writeln!(
        out,
        "<p class=\"overall\">Overall status: <strong id=\"overall-status\" class=\"{class}\">{}</strong></p>",
        super::overall_word(assessment)
    )?;
    let summary = &assessment.summary;
    if !summary.mandatory_outstanding.is_empty() {
        writeln!(
            out,
            "<p>Mandatory items outstanding: {}</p>",
            item_links(&summary.mandatory_outstanding)
        )?;
    }
    for note in super::status_notes(summary) {
        writeln!(out, "<p class=\"note\">{}</p>", esc(&note))?;
    }
    if !summary.below_profile.is_empty() {
        writeln!(
            out,
            "<p>Outcomes below the profile's expected level: {}</p>",
            item_links(&summary.below_profile)
        )?;
    }
    out.push_str("</header>\n");
    Ok(())
}

fn item_links(ids: &[crate::model::ItemId]) -> String {
    ids.iter()
        .map(|id| format!("<a href=\"#item-{0}\">{0}</a>", esc(id)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_contents(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    out.push_str("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ul>\n");
    out.push_str("<li><a href=\"#summary\">Summary</a></li>\n");
    out.push_str("<li><a href=\"#items\">Evidence items</a><ul>\n");
    for (group, _) in super::grouped_items(assessment) {
        writeln!(
            out,
            "<li><a href=\"#group-{}\">{}</a></li>",
            esc(group),
            esc(&super::group_label(group))
        )?;
    }
    out.push_str("</ul></li>\n");
    if !assessment.unmapped_checks.is_empty() {
        out.push_str("<li><a href=\"#unmapped\">Checks that evidence no item</a></li>\n");
    }
    for name in assessment.inventories.keys() {
        writeln!(
            out,
            "<li><a href=\"#inventory-{}\">{}</a></li>",
            esc(name),
            esc(&inventory_title(name))
        )?;
    }
    out.push_str("<li><a href=\"#sources\">Evidence sources</a></li>\n");
    if !assessment.diagnostics.is_empty() {
        out.push_str("<li><a href=\"#diagnostics\">Diagnostics</a></li>\n");
    }
    if !assessment.waivers.is_empty() {
        out.push_str("<li><a href=\"#waivers\">Waivers</a></li>\n");
    }
    out.push_str("</ul>\n</nav>\n");
    Ok(())
}

fn write_summary(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    out.push_str("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n");
    let summary = &assessment.summary;
    out.push_str("<table>\n<caption>Evidence items by status</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Items</th></tr></thead>\n<tbody>\n");
    for (status, count) in &summary.items {
        let word = status.as_str();
        writeln!(
            out,
            "<tr><th scope=\"row\"><span class=\"status status-{word}\">{}</span></th><td>{count}</td></tr>",
            word.replace('_', " ")
        )?;
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str("<table>\n<caption>Checks by status (a check serving several items counted once)</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Checks</th></tr></thead>\n<tbody>\n");
    for (status, count) in &summary.checks {
        let word = status.as_str();
        writeln!(
            out,
            "<tr><th scope=\"row\"><span class=\"status status-{word}\">{}</span></th><td>{count}</td></tr>",
            word.replace('_', " ")
        )?;
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    Ok(())
}

fn write_items(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    out.push_str("<section aria-labelledby=\"items\">\n<h2 id=\"items\">Evidence items</h2>\n");
    for (group, items) in super::grouped_items(assessment) {
        let label = super::group_label(group);
        writeln!(
            out,
            "<h3 id=\"group-{}\">{}</h3>\n<table class=\"items\">\n<caption>{} of {}: items, their checks and findings</caption>",
            esc(group),
            esc(&label),
            esc(&label),
            esc(&assessment.assessment.framework)
        )?;
        out.push_str("<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Status</th><th scope=\"col\">Checks</th><th scope=\"col\">Findings</th><th scope=\"col\">Attestation</th><th scope=\"col\">Guidance</th></tr></thead>\n<tbody>\n");
        for item in items {
            write_item(out, item)?;
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
    Ok(())
}

fn write_item(out: &mut String, item: &ItemResult) -> std::fmt::Result {
    let mandatory = if item.mandatory {
        "<span class=\"mandatory\">mandatory</span>"
    } else {
        ""
    };
    write!(
        out,
        "<tr id=\"item-{}\"><th scope=\"row\"><span class=\"item-id\">{}</span> {}{mandatory}</th>",
        esc(&item.id),
        esc(&item.id),
        esc(&item.title)
    )?;
    let word = item.status.as_str();
    write!(
        out,
        "<td><span class=\"status status-{word}\">{}</span>{}</td>",
        word.replace('_', " "),
        level_note(item)
    )?;
    out.push_str("<td>");
    write_checks(out, &item.checks)?;
    out.push_str("</td><td>");
    let findings: Vec<(&str, &Finding)> = item
        .checks
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| (c.id.as_str(), f)))
        .collect();
    write_findings(out, &findings)?;
    out.push_str("</td><td>");
    if let Some(attestation) = &item.attestation {
        let evidence = attestation
            .evidence
            .as_deref()
            .map(|link| format!(", evidence {}", evidence_link(link)))
            .unwrap_or_default();
        let verdict = if attestation.accepted {
            "<span class=\"status status-pass\">accepted</span>".to_string()
        } else {
            format!(
                "<span class=\"status status-fail\">not accepted</span> <span class=\"reason\">{}</span>",
                esc(attestation.reason.as_deref().unwrap_or_default())
            )
        };
        let note = attestation
            .note
            .as_deref()
            .map(|note| format!(" <span class=\"reason\">{}</span>", esc(note)))
            .unwrap_or_default();
        write!(
            out,
            "by {} on {}{evidence}: {verdict}{note}",
            esc(&attestation.by),
            esc(&attestation.date)
        )?;
    }
    out.push_str("</td><td>");
    if let Some(guidance) = &item.guidance {
        out.push_str(&esc(guidance));
    }
    out.push_str("</td></tr>\n");
    Ok(())
}

/// The achievement level of a CAF outcome against its profile, when either is known.
fn level_note(item: &ItemResult) -> String {
    let name = |level: AchievementLevel| match level {
        AchievementLevel::NotAchieved => "not achieved",
        AchievementLevel::PartiallyAchieved => "partially achieved",
        AchievementLevel::Achieved => "achieved",
    };
    match (item.level, item.expected_level) {
        (Some(level), Some(expected)) => {
            format!("<br>level: {} (profile: {})", name(level), name(expected))
        }
        (Some(level), None) => format!("<br>level: {}", name(level)),
        (None, Some(expected)) => format!(
            "<br>level: not decided by the evidence (profile: {})",
            name(expected)
        ),
        (None, None) => String::new(),
    }
}

/// An evidence link is a link only when it is http(s): a `javascript:` or `file:` link in a
/// config must not become something an assessor can click.
fn evidence_link(link: &str) -> String {
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!("<a href=\"{0}\">{0}</a>", esc(link))
    } else {
        format!("<code>{}</code>", esc(link))
    }
}

fn write_checks(out: &mut String, checks: &[CheckResult]) -> std::fmt::Result {
    if checks.is_empty() {
        out.push_str("no automated check");
        return Ok(());
    }
    out.push_str("<ul>");
    for check in checks {
        let word = check.status.as_str();
        write!(
            out,
            "<li><code>{}</code> <span class=\"status status-{word}\">{}</span> {}",
            esc(&check.id),
            word.replace('_', " "),
            esc(&check.title)
        )?;
        if let Some(judged) = check.judged {
            write!(out, " <span class=\"judged\">judged {judged}</span>")?;
        }
        if let Some(reason) = &check.reason {
            write!(out, " <span class=\"reason\">({})</span>", esc(reason))?;
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    Ok(())
}

fn write_findings(out: &mut String, findings: &[(&str, &Finding)]) -> std::fmt::Result {
    if findings.is_empty() {
        return Ok(());
    }
    out.push_str("<ul>");
    for (check_id, finding) in findings {
        let place = finding_place(finding);
        let place = if place.is_empty() {
            String::new()
        } else {
            format!("<span class=\"place\">{}</span> ", esc(&place))
        };
        let level = match finding.level {
            FindingLevel::Deny => "",
            FindingLevel::Warn => "<span class=\"status status-warn\">warning</span> ",
            FindingLevel::Error => "<span class=\"status status-error\">error</span> ",
        };
        let marker = match (&finding.waiver, finding.known) {
            (Some(waiver), _) => format!(
                "<span class=\"marker marker-waived\">waived until {} by {}: {}</span>",
                esc(&waiver.expires),
                esc(&waiver.approver),
                esc(&waiver.reason)
            ),
            (None, true) => {
                "<span class=\"marker marker-known\">known: in the baseline</span>".to_string()
            }
            (None, false) => String::new(),
        };
        write!(
            out,
            "<li>{place}<code>{}</code> {level}{}{marker}</li>",
            esc(check_id),
            esc(&finding.msg)
        )?;
    }
    out.push_str("</ul>");
    Ok(())
}

fn write_unmapped(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    if assessment.unmapped_checks.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section aria-labelledby=\"unmapped\">\n<h2 id=\"unmapped\">Checks that evidence no item</h2>\n<p>These checks evidence no item of {} that applies to this organisation.</p>",
        esc(&assessment.assessment.framework)
    )?;
    out.push_str("<table>\n<caption>Unmapped checks and their findings</caption>\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>\n");
    for check in &assessment.unmapped_checks {
        out.push_str("<tr><td>");
        write_checks(out, std::slice::from_ref(check))?;
        out.push_str("</td><td>");
        let findings: Vec<(&str, &Finding)> = check
            .findings
            .iter()
            .map(|f| (check.id.as_str(), f))
            .collect();
        write_findings(out, &findings)?;
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    Ok(())
}

/// `patient_data` → `Patient data inventory`.
fn inventory_title(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    let capitalised = chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    format!("{capitalised} inventory")
}

/// Each inventory as a table: where each resource is, then one column per protection (the union
/// over its entries, so a missing one shows as blank rather than shifting the columns).
fn write_inventories(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    for (name, value) in &assessment.inventories {
        let title = inventory_title(name);
        writeln!(
            out,
            "<section aria-labelledby=\"inventory-{0}\">\n<h2 id=\"inventory-{0}\">{1}</h2>",
            esc(name),
            esc(&title)
        )?;
        let Some(entries) = value.as_array() else {
            // An organisation's own inventory may have any shape: show it as it is.
            let text = serde_json::to_string_pretty(value).unwrap_or_default();
            writeln!(out, "<pre>{}</pre>\n</section>", esc(&text))?;
            continue;
        };
        let protections: BTreeSet<&str> = entries
            .iter()
            .filter_map(|e| e.get("protections").and_then(|p| p.as_object()))
            .flat_map(|p| p.keys().map(String::as_str))
            .collect();
        writeln!(
            out,
            "<table>\n<caption>{} ({} resource{})</caption>",
            esc(&title),
            entries.len(),
            if entries.len() == 1 { "" } else { "s" }
        )?;
        out.push_str("<thead><tr><th scope=\"col\">Address</th><th scope=\"col\">Type</th><th scope=\"col\">Region</th><th scope=\"col\">Plan</th>");
        for protection in &protections {
            write!(
                out,
                "<th scope=\"col\">{}</th>",
                esc(&protection.replace('_', " "))
            )?;
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for entry in entries {
            let field = |key: &str| match entry.get(key) {
                Some(serde_json::Value::String(text)) => esc(text),
                Some(serde_json::Value::Null) | None => "unknown".to_string(),
                Some(other) => esc(&other.to_string()),
            };
            write!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td>",
                field("address"),
                field("type"),
                field("region"),
                field("plan")
            )?;
            for protection in &protections {
                let value = entry.get("protections").and_then(|p| p.get(*protection));
                let cell = match value {
                    Some(serde_json::Value::Bool(true)) => {
                        "<span class=\"status status-pass\">yes</span>".to_string()
                    }
                    Some(serde_json::Value::Bool(false)) => {
                        "<span class=\"status status-fail\">no</span>".to_string()
                    }
                    Some(serde_json::Value::String(text)) => esc(text),
                    Some(other) => esc(&other.to_string()),
                    None => String::new(),
                };
                write!(out, "<td>{cell}</td>")?;
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    Ok(())
}

fn write_sources(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    out.push_str(
        "<section aria-labelledby=\"sources\">\n<h2 id=\"sources\">Evidence sources</h2>\n",
    );
    if assessment.sources.is_empty() {
        out.push_str(
            "<p>No source was given: every automated check is not assessed.</p>\n</section>\n",
        );
        return Ok(());
    }
    out.push_str("<table>\n<caption>What each source contributed (a count of 0 is a red flag, not a pass)</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Evaluated</th><th scope=\"col\">Files and digests</th></tr></thead>\n<tbody>\n");
    for source in &assessment.sources {
        let flag = if source.count == 0 {
            " <span class=\"flag\">nothing to evaluate: check the input</span>"
        } else {
            ""
        };
        // Each file with the digest of the bytes assessed, so a reviewer can match the export.
        let files: Vec<String> = source
            .files
            .iter()
            .enumerate()
            .map(|(index, f)| {
                let digest = source.digests.get(index).map_or_else(String::new, |d| {
                    format!(" <code class=\"digest\">{}</code>", esc(d))
                });
                format!("<code>{}</code>{digest}", esc(f))
            })
            .collect();
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{} {}{flag}</td><td>{}</td></tr>",
            source.source.section(),
            source.count,
            esc(&source.unit),
            files.join(", ")
        )?;
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    Ok(())
}

fn write_diagnostics(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    if assessment.diagnostics.is_empty() {
        return Ok(());
    }
    out.push_str("<section aria-labelledby=\"diagnostics\">\n<h2 id=\"diagnostics\">Diagnostics</h2>\n<p>Files that could not be read; checks that need them report an error.</p>\n<ul>\n");
    for diagnostic in &assessment.diagnostics {
        writeln!(
            out,
            "<li><code>{}</code>: {}</li>",
            esc(&diagnostic.location.to_string()),
            esc(&diagnostic.message)
        )?;
    }
    out.push_str("</ul>\n</section>\n");
    Ok(())
}

fn write_waivers(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    if assessment.waivers.is_empty() {
        return Ok(());
    }
    out.push_str("<section aria-labelledby=\"waivers\">\n<h2 id=\"waivers\">Waivers</h2>\n");
    out.push_str("<table>\n<caption>Every waiver in the configuration and what it did</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Subject</th><th scope=\"col\">State</th><th scope=\"col\">Expires</th><th scope=\"col\">Findings waived</th><th scope=\"col\">Reason</th><th scope=\"col\">Approver</th></tr></thead>\n<tbody>\n");
    for waiver in &assessment.waivers {
        let (class, state) = match waiver.state {
            WaiverState::Active => ("active", "active"),
            WaiverState::Expiring => ("expiring", "expiring within 30 days"),
            WaiverState::Expired => ("expired", "expired: it waives nothing and fails the gate"),
            WaiverState::Unused => ("unused", "unused: it matched no finding"),
        };
        let subject = waiver
            .subject
            .as_deref()
            .map(|s| format!("<code>{}</code>", esc(s)))
            .unwrap_or_else(|| "every finding of the check".to_string());
        writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{subject}</td><td><span class=\"status status-{class}\">{state}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&waiver.check),
            esc(&waiver.expires),
            waiver.matched,
            esc(&waiver.reason),
            esc(&waiver.approver)
        )?;
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_assessment() {
        insta::assert_snapshot!(super::render(&super::super::sample::assessment()).unwrap());
    }

    #[test]
    fn the_page_is_self_contained_and_escaped() {
        let mut sample = super::super::sample::assessment();
        sample.items[2].checks[0].findings[0].msg = "<script>alert(1)</script>".into();
        if let Some(attestation) = sample.items[4].attestation.as_mut() {
            attestation.evidence = Some("javascript:alert(1)".into());
        }
        let html = super::render(&sample).unwrap();
        assert!(!html.contains("<script"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("href=\"javascript:"));
        for request in ["src=", "@import", "url(", "<link", "@font-face"] {
            assert!(!html.contains(request), "{request}");
        }
        assert!(html.contains(
            "<strong id=\"overall-status\" class=\"overall-not-met\">standards-not-met</strong>"
        ));
    }
}
