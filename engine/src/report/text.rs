//! The text report: what failed first, one grep-able line per finding
//! (`path:line:column: CHECK-ID message`), then what passed and what it judged, the manual items by
//! id, the sources, diagnostics and a one-line verdict.

use std::fmt::Write;

use crate::model::{
    AchievementLevel, Automation, CheckStatus, FindingLevel, ItemStatus, WaiverState,
};
use crate::results::{Assessment, CheckResult, Finding, ItemResult};

struct Palette {
    color: bool,
}

impl Palette {
    fn paint(&self, code: &str, text: &str) -> String {
        super::paint(self.color, code, text)
    }

    fn item(&self, status: ItemStatus) -> String {
        let (code, word) = match status {
            ItemStatus::Pass => ("32", "PASS"),
            ItemStatus::Fail => ("1;31", "FAIL"),
            ItemStatus::Manual => ("36", "MANUAL"),
            ItemStatus::Attested => ("32", "ATTESTED"),
            ItemStatus::NotAssessed => ("33", "NOT ASSESSED"),
            ItemStatus::Error => ("1;35", "ERROR"),
            ItemStatus::Waived => ("36", "WAIVED"),
        };
        self.paint(code, word)
    }

    fn check(&self, status: CheckStatus) -> String {
        let code = match status {
            CheckStatus::Pass => "32",
            CheckStatus::Fail => "31",
            CheckStatus::Warn | CheckStatus::NotAssessed => "33",
            CheckStatus::Error => "35",
            CheckStatus::Skipped | CheckStatus::NotApplicable | CheckStatus::Waived => "36",
        };
        self.paint(code, &status.as_str().replace('_', " "))
    }
}

/// Renders the text report for the person whose job failed: failures and errors first, then
/// warnings and missing evidence, then one line per passing item with what its checks judged,
/// the checks that judged nothing, the manual items by id (their guidance with `verbose`), and a
/// one-line verdict last.
pub fn render(
    assessment: &Assessment,
    color: bool,
    verbose: bool,
) -> Result<String, std::fmt::Error> {
    let palette = Palette { color };
    let mut out = String::new();
    let facts = &assessment.assessment;
    let organisation = facts.organisation.name.as_deref().unwrap_or("organisation");
    let kind = facts
        .organisation
        .organisation_type
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    writeln!(
        out,
        "dspt check: {organisation}{kind}, framework {}, as of {}",
        facts.framework, facts.as_of
    )?;
    let items = |wanted: &dyn Fn(&ItemResult) -> bool| -> Vec<&ItemResult> {
        assessment.items.iter().filter(|i| wanted(i)).collect()
    };
    let broken =
        |check: &&CheckResult| matches!(check.status, CheckStatus::Fail | CheckStatus::Error);
    let failing = items(&|i| matches!(i.status, ItemStatus::Fail | ItemStatus::Error));
    let failing_unmapped: Vec<&CheckResult> =
        assessment.unmapped_checks.iter().filter(broken).collect();
    if !failing.is_empty() || !failing_unmapped.is_empty() {
        writeln!(out, "\n{}", palette.paint("1", "failures and errors:"))?;
        write_items(&mut out, &failing, &palette, verbose)?;
        write_unmapped(&mut out, assessment, &failing_unmapped, &palette)?;
    }
    let warning = items(&|i| {
        matches!(
            i.status,
            ItemStatus::Pass | ItemStatus::Waived | ItemStatus::Manual | ItemStatus::Attested
        ) && i.checks.iter().any(|c| c.status == CheckStatus::Warn)
    });
    let warning_unmapped: Vec<&CheckResult> = assessment
        .unmapped_checks
        .iter()
        .filter(|c| c.status == CheckStatus::Warn)
        .collect();
    if !warning.is_empty() || !warning_unmapped.is_empty() {
        writeln!(out, "\n{}", palette.paint("1", "warnings:"))?;
        write_items(&mut out, &warning, &palette, verbose)?;
        write_unmapped(&mut out, assessment, &warning_unmapped, &palette)?;
    }
    let missing = items(&|i| i.status == ItemStatus::NotAssessed);
    if !missing.is_empty() {
        writeln!(
            out,
            "\n{}",
            palette.paint("1", "not assessed (evidence not given):")
        )?;
        write_items(&mut out, &missing, &palette, verbose)?;
    }
    let waived = items(&|i| i.status == ItemStatus::Waived);
    if !waived.is_empty() {
        writeln!(out, "\n{}", palette.paint("1", "waived:"))?;
        write_items(&mut out, &waived, &palette, verbose)?;
    }
    let passed = items(&|i| i.status == ItemStatus::Pass);
    if !passed.is_empty() {
        writeln!(
            out,
            "\n{}",
            palette.paint("1", "passed (what each check judged):")
        )?;
        for item in passed {
            write_item_line(&mut out, item, &palette)?;
        }
    }
    write_not_applicable(&mut out, assessment)?;
    write_manual(&mut out, assessment, &palette, verbose)?;
    out.push('\n');
    let exceptions = super::exception_lines(assessment);
    if !exceptions.is_empty() {
        writeln!(out, "exceptions (approved as the toolkit allows):")?;
        for line in exceptions {
            writeln!(out, "  {line}")?;
        }
        out.push('\n');
    }
    write_waivers(&mut out, assessment)?;
    write_inventories(&mut out, assessment)?;
    write_sources(&mut out, assessment)?;
    if !assessment.diagnostics.is_empty() {
        writeln!(
            out,
            "diagnostics (files that could not be read; checks that need them report an error):"
        )?;
        for diagnostic in &assessment.diagnostics {
            writeln!(out, "  {}: {}", diagnostic.location, diagnostic.message)?;
        }
    }
    write_summary(&mut out, assessment, &palette)?;
    Ok(out)
}

fn write_items(
    out: &mut String,
    items: &[&ItemResult],
    palette: &Palette,
    verbose: bool,
) -> std::fmt::Result {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        write_item(out, item, palette, verbose)?;
    }
    Ok(())
}

fn write_unmapped(
    out: &mut String,
    assessment: &Assessment,
    checks: &[&CheckResult],
    palette: &Palette,
) -> std::fmt::Result {
    if checks.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "checks that evidence no item of {} for this organisation:",
        assessment.assessment.framework
    )?;
    for check in checks {
        write_check(out, check, palette)?;
    }
    Ok(())
}

/// `PASS 9.5.1  title [mandatory]  (TF-ENC-001 judged 12; TF-CMK-001 judged 3)`.
fn write_item_line(out: &mut String, item: &ItemResult, palette: &Palette) -> std::fmt::Result {
    let mandatory = if item.mandatory { " [mandatory]" } else { "" };
    let judged: Vec<String> = item
        .checks
        .iter()
        .map(|check| match (check.status, check.judged) {
            (CheckStatus::Pass, Some(judged)) => format!("{} judged {judged}", check.id),
            (status, _) => format!("{} {}", check.id, palette.check(status)),
        })
        .collect();
    writeln!(
        out,
        "{} {}  {}{mandatory}  ({})",
        palette.item(item.status),
        item.id,
        item.title,
        judged.join("; ")
    )?;
    // An assessor must see what an approved exception covers, even on a passing item.
    for check in &item.checks {
        for finding in check.findings.iter().filter(|f| f.exception.is_some()) {
            writeln!(out, "    {}", finding_line(&check.id, finding, palette))?;
        }
    }
    Ok(())
}

/// Checks that judged nothing, once each: they are no evidence either way.
fn write_not_applicable(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    let checks: Vec<&CheckResult> = assessment
        .check_results()
        .into_iter()
        .filter(|c| c.status == CheckStatus::NotApplicable)
        .collect();
    if checks.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\nnot applicable (judged nothing, so no evidence either way; {} check{}):",
        checks.len(),
        if checks.len() == 1 { "" } else { "s" }
    )?;
    for check in checks {
        let reason = check.reason.as_deref().unwrap_or("nothing to judge");
        writeln!(out, "  {}  {reason}", check.id)?;
    }
    Ok(())
}

/// The items an assessor reviews by hand, by id; their guidance with `verbose`.
fn write_manual(
    out: &mut String,
    assessment: &Assessment,
    palette: &Palette,
    verbose: bool,
) -> std::fmt::Result {
    let manual: Vec<&ItemResult> = assessment
        .items
        .iter()
        .filter(|i| i.status == ItemStatus::Manual)
        .collect();
    let attested: Vec<&ItemResult> = assessment
        .items
        .iter()
        .filter(|i| i.status == ItemStatus::Attested)
        .collect();
    if !manual.is_empty() {
        let ids = |mandatory: bool| -> Vec<&str> {
            manual
                .iter()
                .filter(|i| i.mandatory == mandatory)
                .map(|i| i.id.as_str())
                .collect()
        };
        writeln!(
            out,
            "\n{} (attest them in dspt.yaml `attestations:`; guidance in `dspt list`{}):",
            palette.paint(
                "1",
                &format!(
                    "manual, to attest ({} item{})",
                    manual.len(),
                    if manual.len() == 1 { "" } else { "s" }
                )
            ),
            if verbose { "" } else { " or with --verbose" }
        )?;
        for (label, ids) in [("mandatory", ids(true)), ("other", ids(false))] {
            if !ids.is_empty() {
                writeln!(out, "  {label}: {}", ids.join(", "))?;
            }
        }
        // Items whose checks ran but cover only part of them (or judged nothing): what the checks
        // found, so a pass on part of an item is still read as evidence.
        for item in manual.iter().filter(|i| !i.checks.is_empty()) {
            let checks: Vec<String> = item
                .checks
                .iter()
                .map(|check| match check.judged {
                    Some(judged) => format!(
                        "{} {} (judged {judged})",
                        check.id,
                        palette.check(check.status)
                    ),
                    None => format!("{} {}", check.id, palette.check(check.status)),
                })
                .collect();
            let rest = if item.automation == Automation::Partly {
                "attest the rest"
            } else {
                "no check judged anything: attest it"
            };
            writeln!(out, "  {}: {}; {rest}", item.id, checks.join(", "))?;
        }
        for item in manual.iter().filter(|i| i.attestation.is_some()) {
            if let Some(attestation) = &item.attestation {
                writeln!(
                    out,
                    "  {}: attestation by {} on {} not accepted: {}",
                    item.id,
                    attestation.by,
                    attestation.date,
                    attestation.reason.as_deref().unwrap_or_default()
                )?;
            }
        }
        if verbose {
            for item in &manual {
                write_item(out, item, palette, verbose)?;
            }
        }
    }
    if !attested.is_empty() {
        let ids: Vec<&str> = attested.iter().map(|i| i.id.as_str()).collect();
        writeln!(out, "\nattested: {}", ids.join(", "))?;
        if verbose {
            for item in &attested {
                write_item(out, item, palette, verbose)?;
            }
        }
    }
    Ok(())
}

fn write_item(
    out: &mut String,
    item: &ItemResult,
    palette: &Palette,
    verbose: bool,
) -> std::fmt::Result {
    let mandatory = if item.mandatory { " [mandatory]" } else { "" };
    writeln!(
        out,
        "{} {}  {}{mandatory}",
        palette.item(item.status),
        item.id,
        item.title
    )?;
    if let Some(level) = item.level {
        let expected = item
            .expected_level
            .map(|e| format!(" (profile: {})", level_name(e)))
            .unwrap_or_default();
        writeln!(out, "  level: {}{expected}", level_name(level))?;
    } else if let Some(expected) = item.expected_level {
        writeln!(
            out,
            "  level: not decided by the evidence (profile: {})",
            level_name(expected)
        )?;
    }
    match &item.attestation {
        Some(attestation) if attestation.accepted => {
            let evidence = attestation.evidence.as_deref().unwrap_or_default();
            writeln!(
                out,
                "  attested by {} on {}: {evidence}",
                attestation.by, attestation.date
            )?;
        }
        Some(attestation) => {
            let reason = attestation.reason.as_deref().unwrap_or_default();
            writeln!(
                out,
                "  attestation by {} on {} not accepted: {reason}",
                attestation.by, attestation.date
            )?;
        }
        None if item.checks.is_empty() => {
            writeln!(
                out,
                "  no automated check: attest it in dspt.yaml (`attestations:`) for an assessor to review"
            )?;
        }
        None if item.automation == Automation::Partly => {
            writeln!(
                out,
                "  checks cover part of this item: attest the rest in dspt.yaml (`attestations:`) for an assessor to review"
            )?;
        }
        None => {}
    }
    if verbose
        && matches!(item.status, ItemStatus::Manual | ItemStatus::Attested)
        && let Some(guidance) = &item.guidance
    {
        writeln!(out, "  guidance: {}", guidance.trim())?;
    }
    for check in &item.checks {
        write_check(out, check, palette)?;
    }
    Ok(())
}

fn write_check(out: &mut String, check: &CheckResult, palette: &Palette) -> std::fmt::Result {
    let judged = check
        .judged
        .map(|judged| format!(" (judged {judged})"))
        .unwrap_or_default();
    writeln!(
        out,
        "  {} {}{judged}  {}",
        check.id,
        palette.check(check.status),
        check.title
    )?;
    if let Some(reason) = &check.reason {
        writeln!(out, "    {reason}")?;
    }
    if let Some(join) = &check.join {
        writeln!(
            out,
            "    joined {}: {} matched, {} with no match, {} with no key",
            join.between, join.matched, join.unmatched, join.unjoinable
        )?;
    }
    for finding in &check.findings {
        writeln!(out, "    {}", finding_line(&check.id, finding, palette))?;
    }
    Ok(())
}

/// `path:line: [resource] CHECK-ID message`, grep-able and clickable in editors.
fn finding_line(check_id: &str, finding: &Finding, palette: &Palette) -> String {
    let mut place = String::new();
    if let Some(file) = &finding.file {
        place.push_str(file);
        if let Some(line) = finding.line {
            place.push_str(&format!(":{line}"));
            if let Some(column) = finding.column {
                place.push_str(&format!(":{column}"));
            }
        }
        place.push_str(": ");
    }
    for subject in [&finding.resource, &finding.record].into_iter().flatten() {
        place.push_str(&format!("{subject}: "));
    }
    let level = match finding.level {
        FindingLevel::Deny => String::new(),
        FindingLevel::Warn => format!("{} ", palette.paint("33", "warning:")),
        FindingLevel::Error => format!("{} ", palette.paint("35", "error:")),
    };
    let status = match (&finding.waiver, finding.known) {
        _ if finding.exception.is_some() => finding
            .exception
            .as_ref()
            .map(|e| {
                format!(
                    " [excepted for {}: approved by {}, review by {}]",
                    e.item, e.approved_by, e.review_by
                )
            })
            .unwrap_or_default(),
        (Some(waiver), _) => format!(
            " [waived until {} by {}: {}]",
            waiver.expires, waiver.approver, waiver.reason
        ),
        (None, true) => " [known: in the baseline]".to_string(),
        (None, false) => String::new(),
    };
    format!("{place}{check_id} {level}{}{status}", finding.msg)
}

fn level_name(level: AchievementLevel) -> &'static str {
    match level {
        AchievementLevel::NotAchieved => "not-achieved",
        AchievementLevel::PartiallyAchieved => "partially-achieved",
        AchievementLevel::Achieved => "achieved",
    }
}

/// Each inventory entry on one line: its address, type and region, then its other facts.
/// Every waiver and what it did; expired ones fail the gate, unused ones are likely stale.
fn write_waivers(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    if assessment.waivers.is_empty() {
        return Ok(());
    }
    writeln!(out, "waivers:")?;
    for waiver in &assessment.waivers {
        let state = match waiver.state {
            WaiverState::Active => "active",
            WaiverState::Expiring => "expiring within 30 days",
            WaiverState::Expired => "EXPIRED: it waives nothing and fails the gate",
            WaiverState::Unused => "unused: it matched no finding",
        };
        let subject = waiver
            .subject
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}{subject} until {} ({}; {} finding{}): {}, approved by {}",
            waiver.check,
            waiver.expires,
            state,
            waiver.matched,
            if waiver.matched == 1 { "" } else { "s" },
            waiver.reason,
            waiver.approver
        )?;
    }
    out.push('\n');
    Ok(())
}

fn write_inventories(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    for (name, entries) in &assessment.inventories {
        let entries = entries.as_array().map(Vec::as_slice).unwrap_or_default();
        writeln!(
            out,
            "{} ({} resources):",
            name.replace('_', " "),
            entries.len()
        )?;
        for entry in entries {
            let text = |key: &str| entry.get(key).and_then(|v| v.as_str()).unwrap_or("?");
            let region = entry
                .get("region")
                .and_then(|v| v.as_str())
                .unwrap_or("region unknown");
            let mut facts = Vec::new();
            if let Some(protections) = entry.get("protections").and_then(|v| v.as_object()) {
                for (key, value) in protections {
                    let value = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string);
                    facts.push(format!("{key}={value}"));
                }
            }
            writeln!(
                out,
                "  {}: {} ({}) in {region}: {}",
                text("plan"),
                text("address"),
                text("type"),
                facts.join(", ")
            )?;
        }
        out.push('\n');
    }
    Ok(())
}

fn write_sources(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    if assessment.sources.is_empty() {
        writeln!(
            out,
            "sources: none given; every automated check is not assessed"
        )?;
        return Ok(());
    }
    writeln!(out, "sources:")?;
    for source in &assessment.sources {
        let flag = if source.count == 0 {
            " (nothing to evaluate: check the input)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {}: {} {} from {}{flag}",
            source.source.section(),
            source.count,
            source.unit,
            source.files.join(", ")
        )?;
    }
    Ok(())
}

fn write_summary(out: &mut String, assessment: &Assessment, palette: &Palette) -> std::fmt::Result {
    let summary = &assessment.summary;
    let counts: Vec<String> = summary
        .items
        .iter()
        .map(|(status, count)| format!("{count} {}", palette.item(*status).to_lowercase()))
        .collect();
    let overall = match summary.overall {
        Some(crate::model::OverallStatus::StandardsMet) => palette.paint("1;32", "standards-met"),
        Some(crate::model::OverallStatus::ApproachingStandards) => {
            palette.paint("1;33", "approaching-standards")
        }
        Some(crate::model::OverallStatus::StandardsNotMet) => {
            palette.paint("1;31", "standards-not-met")
        }
        None => "unknown".to_string(),
    };
    let checks: Vec<String> = summary
        .checks
        .iter()
        .map(|(status, count)| format!("{count} {}", palette.check(*status)))
        .collect();
    for note in super::status_notes(summary) {
        writeln!(out, "{note}")?;
    }
    write!(
        out,
        "\nitems: {}; checks: {}; overall: {overall}",
        counts.join(", "),
        checks.join(", ")
    )?;
    if !summary.mandatory_outstanding.is_empty() {
        write!(
            out,
            " (mandatory items outstanding: {})",
            summary.mandatory_outstanding.join(", ")
        )?;
    }
    out.push('\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_assessment() {
        insta::assert_snapshot!(
            super::render(&super::super::sample::assessment(), false, false).unwrap()
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let sample = super::super::sample::assessment();
        assert!(
            !super::render(&sample, false, false)
                .unwrap()
                .contains('\x1b')
        );
        assert!(
            super::render(&sample, true, false)
                .unwrap()
                .contains("\x1b[1;31mFAIL\x1b[0m")
        );
    }
}
