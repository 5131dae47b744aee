//! JUnit XML as GitLab and Jenkins read it: a `<testsuite>` per standard (or CAF principle), a
//! `<testcase>` per evidence item. A failing item carries its open findings, an item in error the
//! checks that could not run, manual and not-assessed items are skipped with the reason, and
//! waived or attested items pass with a note. No timestamps, durations or host names, so the same
//! assessment gives the same bytes.

use std::fmt::Write;

use super::{escape_markup as esc, finding_place, open_findings};
use crate::model::{CheckStatus, FindingLevel, ItemStatus};
use crate::results::{Assessment, Finding, ItemResult};

/// What a test case reports.
enum Outcome {
    Passed(Option<String>),
    Failed { message: String, body: String },
    Errored { message: String, body: String },
    Skipped(String),
}

/// Renders the JUnit document.
pub fn render(assessment: &Assessment) -> Result<String, std::fmt::Error> {
    let framework = &assessment.assessment.framework;
    let classname = format!("dspt.{framework}");
    let groups = super::grouped_items(assessment);
    let mut suites = String::new();
    let mut totals = Counts::default();
    for (group, items) in groups {
        let mut cases = String::new();
        let mut counts = Counts::default();
        for item in items {
            let outcome = outcome(item);
            counts.add(&outcome);
            write_case(&mut cases, item, &classname, &outcome)?;
        }
        writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            esc(&super::group_label(group)),
            counts.tests,
            counts.failures,
            counts.errors,
            counts.skipped
        )?;
        suites.push_str(&cases);
        suites.push_str("  </testsuite>\n");
        totals.merge(&counts);
    }
    let facts = &assessment.assessment;
    let organisation = facts
        .organisation
        .name
        .as_deref()
        .map(|name| format!(" for {name}"))
        .unwrap_or_default();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        esc(&format!(
            "dspt {framework}{organisation} as of {}: {}",
            facts.as_of,
            super::overall_word(assessment)
        )),
        totals.tests,
        totals.failures,
        totals.errors,
        totals.skipped
    )?;
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    Ok(out)
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, outcome: &Outcome) {
        self.tests += 1;
        match outcome {
            Outcome::Passed(_) => {}
            Outcome::Failed { .. } => self.failures += 1,
            Outcome::Errored { .. } => self.errors += 1,
            Outcome::Skipped(_) => self.skipped += 1,
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }
}

/// `location: CHECK-ID message`, as the text report writes a finding.
fn finding_line(check_id: &str, finding: &Finding) -> String {
    let place = finding_place(finding);
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{place}: ")
    };
    let level = match finding.level {
        FindingLevel::Deny => "",
        FindingLevel::Warn => "warning: ",
        FindingLevel::Error => "error: ",
    };
    format!("{place}{check_id} {level}{}", finding.msg)
}

fn open_lines(item: &ItemResult) -> Vec<String> {
    item.checks
        .iter()
        .flat_map(|check| open_findings(check).map(|f| finding_line(&check.id, f)))
        .collect()
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

fn outcome(item: &ItemResult) -> Outcome {
    match item.status {
        ItemStatus::Pass => {
            let warnings = open_lines(item);
            Outcome::Passed((!warnings.is_empty()).then(|| warnings.join("\n")))
        }
        ItemStatus::Fail => {
            let lines = open_lines(item);
            let body = if lines.is_empty() {
                "every failing finding is waived or known from the baseline".to_string()
            } else {
                lines.join("\n")
            };
            Outcome::Failed {
                message: plural(lines.len(), "open finding"),
                body,
            }
        }
        ItemStatus::Error => {
            let mut lines = Vec::new();
            for check in item
                .checks
                .iter()
                .filter(|c| c.status == CheckStatus::Error)
            {
                if let Some(reason) = &check.reason {
                    lines.push(format!("{}: {reason}", check.id));
                }
            }
            lines.extend(open_lines(item));
            Outcome::Errored {
                message: "a check could not be evaluated: the evidence it needs could not be read"
                    .to_string(),
                body: lines.join("\n"),
            }
        }
        ItemStatus::Manual => {
            let mut message = manual_reason(item);
            if let Some(attestation) = &item.attestation {
                let reason = attestation.reason.as_deref().unwrap_or("not accepted");
                message.push_str(&format!(
                    "; the attestation by {} on {} is not accepted: {reason}",
                    attestation.by, attestation.date
                ));
            }
            Outcome::Skipped(message)
        }
        ItemStatus::NotAssessed => {
            let reasons: Vec<String> = item
                .checks
                .iter()
                .filter(|c| c.status == CheckStatus::NotAssessed)
                .map(|c| match &c.reason {
                    Some(reason) => format!("{}: {reason}", c.id),
                    None => c.id.to_string(),
                })
                .collect();
            Outcome::Skipped(format!("not assessed: {}", reasons.join("; ")))
        }
        ItemStatus::Attested => {
            let note = item.attestation.as_ref().map(|a| {
                let evidence = a.evidence.as_deref().unwrap_or_default();
                format!("attested by {} on {}: {evidence}", a.by, a.date)
            });
            Outcome::Passed(Some(note.unwrap_or_else(|| "attested".to_string())))
        }
        ItemStatus::Waived => {
            let mut lines =
                vec!["waived: every failing finding is covered by a waiver".to_string()];
            for check in &item.checks {
                for finding in &check.findings {
                    if let Some(waiver) = &finding.waiver {
                        lines.push(format!(
                            "{} [waived until {} by {}: {}]",
                            finding_line(&check.id, finding),
                            waiver.expires,
                            waiver.approver,
                            waiver.reason
                        ));
                    }
                }
            }
            Outcome::Passed(Some(lines.join("\n")))
        }
    }
}

/// Each check's status and how many subjects it judged, as testcase properties.
fn check_properties(item: &ItemResult) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    if item.checks.is_empty() {
        return Ok(out);
    }
    out.push_str("      <properties>\n");
    for check in &item.checks {
        writeln!(
            out,
            "        <property name=\"{}.status\" value=\"{}\"/>",
            esc(&check.id),
            check.status.as_str()
        )?;
        if let Some(join) = &check.join {
            for (what, count) in [
                ("matched", join.matched),
                ("unmatched", join.unmatched),
                ("unjoinable", join.unjoinable),
            ] {
                writeln!(
                    out,
                    "        <property name=\"{}.join.{what}\" value=\"{count}\"/>",
                    esc(&check.id)
                )?;
            }
        }
        if let Some(judged) = check.judged {
            writeln!(
                out,
                "        <property name=\"{}.judged\" value=\"{judged}\"/>",
                esc(&check.id)
            )?;
        }
    }
    out.push_str("      </properties>\n");
    Ok(out)
}

/// Why a manual item is manual: it has no check, or its checks judged nothing.
fn manual_reason(item: &ItemResult) -> String {
    let not_applicable: Vec<String> = item
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::NotApplicable)
        .map(|c| {
            format!(
                "{}: {}",
                c.id,
                c.reason.as_deref().unwrap_or("not applicable")
            )
        })
        .collect();
    if item.checks.is_empty() || not_applicable.is_empty() {
        "manual: no automated check; an assessor reviews the evidence".to_string()
    } else {
        format!(
            "manual: its checks judged nothing ({}); an assessor reviews the evidence",
            not_applicable.join("; ")
        )
    }
}

fn write_case(
    out: &mut String,
    item: &ItemResult,
    classname: &str,
    outcome: &Outcome,
) -> std::fmt::Result {
    write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        esc(&format!("{} {}", item.id, item.title)),
        esc(classname)
    )?;
    let properties = check_properties(item)?;
    if properties.is_empty() && matches!(outcome, Outcome::Passed(None)) {
        out.push_str("/>\n");
        return Ok(());
    }
    out.push_str(">\n");
    out.push_str(&properties);
    match outcome {
        Outcome::Passed(None) => out.push_str("    </testcase>\n"),
        Outcome::Passed(Some(note)) => {
            writeln!(out, "      <system-out>{}</system-out>", esc(note))?;
            out.push_str("    </testcase>\n");
        }
        Outcome::Failed { message, body } => {
            writeln!(
                out,
                "      <failure message=\"{}\" type=\"fail\">{}</failure>",
                esc(message),
                esc(body)
            )?;
            out.push_str("    </testcase>\n");
        }
        Outcome::Errored { message, body } => {
            writeln!(
                out,
                "      <error message=\"{}\" type=\"error\">{}</error>",
                esc(message),
                esc(body)
            )?;
            out.push_str("    </testcase>\n");
        }
        Outcome::Skipped(message) => {
            writeln!(out, "      <skipped message=\"{}\"/>", esc(message))?;
            out.push_str("    </testcase>\n");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_assessment() {
        insta::assert_snapshot!(super::render(&super::super::sample::assessment()).unwrap());
    }

    #[test]
    fn counts_add_up_and_text_is_escaped() {
        let mut sample = super::super::sample::assessment();
        sample.items[0].title = "Breaches <& \"leaks\"> are reported".into();
        let xml = super::render(&sample).unwrap();
        assert!(
            xml.contains("name=\"6.1.1 Breaches &lt;&amp; &quot;leaks&quot;&gt; are reported\"")
        );
        assert!(xml.contains("<testsuites name=\"dspt dspt-supplier for Example Ltd as of 2026-06-30: standards-not-met\" tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"2\">"));
    }
}
