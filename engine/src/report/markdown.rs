//! A compact Markdown summary for a pull-request comment or a GitHub job summary: the overall
//! status, a table of the items that fail or are in error, each failing check's open findings in a
//! collapsed block, what each check judged, then counts, waivers that need attention and what each source contributed.

use std::fmt::Write;

use super::{escape_markup, finding_place, open_findings};
use crate::model::{CheckStatus, FindingLevel, ItemStatus, WaiverState};
use crate::results::{Assessment, CheckResult};

/// Findings listed per check before the rest are counted, so a comment stays readable (GitHub
/// also caps a comment's length).
const MAX_FINDINGS_PER_CHECK: usize = 20;

/// Renders the summary.
pub fn render(assessment: &Assessment) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    let facts = &assessment.assessment;
    writeln!(out, "## dspt: {}\n", super::overall_word(assessment))?;
    let organisation = facts.organisation.name.as_deref().unwrap_or("organisation");
    let kind = facts
        .organisation
        .organisation_type
        .as_deref()
        .map(|t| format!(" ({})", text(t)))
        .unwrap_or_default();
    writeln!(
        out,
        "{}{kind}, framework {}, as of {}.",
        text(organisation),
        code(&facts.framework),
        facts.as_of
    )?;
    let summary = &assessment.summary;
    if !summary.mandatory_outstanding.is_empty() {
        writeln!(
            out,
            "Mandatory items outstanding: {}.",
            summary.mandatory_outstanding.join(", ")
        )?;
    }
    for note in super::status_notes(summary) {
        writeln!(out, "{}.", text(&note))?;
    }
    if !summary.below_profile.is_empty() {
        writeln!(
            out,
            "Outcomes below the profile: {}.",
            summary.below_profile.join(", ")
        )?;
    }
    out.push('\n');
    write_failing_items(&mut out, assessment)?;
    write_failing_checks(&mut out, assessment)?;
    write_judged(&mut out, assessment)?;
    write_counts(&mut out, assessment)?;
    let exceptions = super::exception_lines(assessment);
    if !exceptions.is_empty() {
        writeln!(
            out,
            "- Exceptions: {}.",
            exceptions
                .iter()
                .map(|line| text(line))
                .collect::<Vec<_>>()
                .join("; ")
        )?;
    }
    write_waivers(&mut out, assessment)?;
    write_sources(&mut out, assessment)?;
    Ok(out)
}

fn write_failing_items(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    let failing: Vec<_> = assessment
        .items
        .iter()
        .filter(|i| matches!(i.status, ItemStatus::Fail | ItemStatus::Error))
        .collect();
    if failing.is_empty() {
        out.push_str("No item fails or is in error.\n\n");
        return Ok(());
    }
    out.push_str("| Item | Title | Status | Checks | Open findings |\n");
    out.push_str("| --- | --- | --- | --- | --- |\n");
    for item in failing {
        let checks: Vec<String> = item
            .checks
            .iter()
            .filter(|c| matches!(c.status, CheckStatus::Fail | CheckStatus::Error))
            .map(|c| text(&c.id))
            .collect();
        let open: usize = item.checks.iter().map(|c| open_findings(c).count()).sum();
        let mandatory = if item.mandatory { " (mandatory)" } else { "" };
        writeln!(
            out,
            "| {} | {}{mandatory} | {} | {} | {open} |",
            text(&item.id),
            text(&item.title),
            item.status.as_str(),
            checks.join(", ")
        )?;
    }
    out.push('\n');
    Ok(())
}

/// Every check that ran, collapsed: its status and how many subjects it judged, so a pass can
/// be read as "verified on N resources", and a check that judged nothing shows as such.
fn write_judged(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    let checks: Vec<&CheckResult> = assessment
        .check_results()
        .into_iter()
        .filter(|c| c.judged.is_some())
        .collect();
    if checks.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<details>\n<summary>What each check judged ({} checks)</summary>\n",
        checks.len()
    )?;
    out.push_str("| Check | Status | Judged |\n| --- | --- | --- |\n");
    for check in checks {
        writeln!(
            out,
            "| {} | {} | {} |",
            text(&check.id),
            check.status.as_str(),
            check.judged.unwrap_or_default()
        )?;
    }
    out.push_str("\n</details>\n\n");
    Ok(())
}

/// A collapsed block per failing or errored check (each once, by id) with its open findings.
fn write_failing_checks(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    for check in assessment
        .check_results()
        .into_iter()
        .filter(|c| matches!(c.status, CheckStatus::Fail | CheckStatus::Error))
    {
        write_check(out, check)?;
    }
    Ok(())
}

fn write_check(out: &mut String, check: &CheckResult) -> std::fmt::Result {
    let open: Vec<_> = open_findings(check).collect();
    // The summary line is HTML: GitHub does not render Markdown inside `<summary>`.
    writeln!(
        out,
        "<details>\n<summary><code>{}</code> {}: {} ({} open finding{}{})</summary>\n",
        escape_markup(&check.id),
        check.status.as_str(),
        escape_markup(&check.title),
        open.len(),
        if open.len() == 1 { "" } else { "s" },
        check
            .judged
            .map(|judged| format!("; judged {judged}"))
            .unwrap_or_default()
    )?;
    if let Some(reason) = &check.reason {
        writeln!(out, "{}\n", text(reason))?;
    }
    for finding in open.iter().take(MAX_FINDINGS_PER_CHECK) {
        let place = finding_place(finding);
        let place = if place.is_empty() {
            String::new()
        } else {
            format!("{}: ", code(&place))
        };
        let level = match finding.level {
            FindingLevel::Deny => "",
            FindingLevel::Warn => "warning: ",
            FindingLevel::Error => "error: ",
        };
        writeln!(out, "- {place}{level}{}", text(&finding.msg))?;
    }
    if open.len() > MAX_FINDINGS_PER_CHECK {
        writeln!(out, "- and {} more", open.len() - MAX_FINDINGS_PER_CHECK)?;
    }
    let waived = check.findings.iter().filter(|f| f.waiver.is_some()).count();
    let known = check
        .findings
        .iter()
        .filter(|f| f.waiver.is_none() && f.known)
        .count();
    if waived + known > 0 {
        writeln!(
            out,
            "\nNot listed: {waived} waived, {known} known from the baseline."
        )?;
    }
    out.push_str("\n</details>\n\n");
    Ok(())
}

fn write_counts(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    let counts: Vec<String> = assessment
        .summary
        .items
        .iter()
        .map(|(status, count)| format!("{count} {}", status.as_str().replace('_', " ")))
        .collect();
    if !counts.is_empty() {
        writeln!(out, "- Items: {}.", counts.join(", "))?;
    }
    Ok(())
}

fn write_waivers(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    let attention: Vec<String> = assessment
        .waivers
        .iter()
        .filter_map(|waiver| {
            let state = match waiver.state {
                WaiverState::Expiring => "expiring",
                WaiverState::Expired => "expired: it waives nothing and fails the gate",
                WaiverState::Active | WaiverState::Unused => return None,
            };
            let subject = waiver
                .subject
                .as_deref()
                .map(|s| format!(" {}", code(s)))
                .unwrap_or_default();
            Some(format!(
                "{}{subject} until {} ({state})",
                code(&waiver.check),
                waiver.expires
            ))
        })
        .collect();
    if !attention.is_empty() {
        writeln!(out, "- Waivers: {}.", attention.join("; "))?;
    }
    Ok(())
}

fn write_sources(out: &mut String, assessment: &Assessment) -> std::fmt::Result {
    if assessment.sources.is_empty() {
        out.push_str("- Sources: none given; every automated check is not assessed.\n");
        return Ok(());
    }
    let sources: Vec<String> = assessment
        .sources
        .iter()
        .map(|source| {
            // A count of 0 is a red flag, not a pass.
            let flag = if source.count == 0 {
                " (nothing to evaluate: check the input)"
            } else {
                ""
            };
            format!(
                "{} {} {}{flag}",
                source.source.section(),
                source.count,
                text(&source.unit)
            )
        })
        .collect();
    writeln!(out, "- Sources: {}.", sources.join("; "))?;
    Ok(())
}

/// Evidence text as Markdown that renders as written: punctuation that could start emphasis,
/// links, HTML or a table cell is backslash-escaped, and line breaks become spaces so a message
/// cannot end a table row or a list item.
pub(crate) fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span, or escaped text when the value holds a backtick or a line break (a span could not
/// hold it safely).
pub(crate) fn code(raw: &str) -> String {
    if raw.contains(['`', '\n', '\r', '|']) {
        text(raw)
    } else {
        format!("`{raw}`")
    }
}

#[cfg(test)]
mod tests {
    use crate::results::Finding;

    #[test]
    fn sample_assessment() {
        insta::assert_snapshot!(super::render(&super::super::sample::assessment()).unwrap());
    }

    #[test]
    fn long_checks_are_cut_at_twenty_findings() {
        let mut sample = super::super::sample::assessment();
        let check = &mut sample.items[2].checks[0];
        let template = check.findings[0].clone();
        check.findings = (0..25)
            .map(|n| Finding {
                resource: Some(format!("aws_s3_bucket.b{n:02}")),
                ..template.clone()
            })
            .collect();
        let markdown = super::render(&sample).unwrap();
        assert!(markdown.contains("aws_s3_bucket.b19"));
        assert!(!markdown.contains("aws_s3_bucket.b20"));
        assert!(markdown.contains("- and 5 more\n"));
    }

    #[test]
    fn evidence_text_cannot_break_the_markup() {
        assert_eq!(super::text("a|b <x> *y*\nz"), "a\\|b \\<x\\> \\*y\\* z");
        assert_eq!(super::code("plan.json"), "`plan.json`");
        assert_eq!(super::code("a`b"), "a\\`b");
    }
}
