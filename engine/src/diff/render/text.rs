//! The text form: a block per evidence item, each change on one line, unified diffs indented.

use std::fmt::Write;

use super::super::PolicyDiff;
use super::super::outcome::{FindingRef, OutcomeChangeKind, OutcomeComparison};
use super::{
    comparison_counts, describe, finding_sections, outcome_word, status_sections, status_word,
    weakening_line,
};
use crate::model::OverallStatus;

struct Palette {
    color: bool,
}

impl Palette {
    fn paint(&self, code: &str, text: &str) -> String {
        crate::report::paint(self.color, code, text)
    }

    /// A unified diff line by line: additions green, removals red, hunk headers cyan.
    fn diff_line(&self, line: &str) -> String {
        let code = if line.starts_with("+++") || line.starts_with("---") {
            "1"
        } else if line.starts_with('+') {
            "32"
        } else if line.starts_with('-') {
            "31"
        } else if line.starts_with("@@") {
            "36"
        } else {
            return line.to_string();
        };
        self.paint(code, line)
    }
}

/// Renders a policy diff.
pub fn render_diff(diff: &PolicyDiff, color: bool) -> Result<String, std::fmt::Error> {
    let palette = Palette { color };
    let mut out = String::new();
    writeln!(
        out,
        "dspt diff {} → {} ({})",
        diff.base.label, diff.head.label, diff.framework
    )?;
    if diff.is_empty() {
        writeln!(
            out,
            "\nNo change to checks, mapping, parameters, waivers or attestations."
        )?;
    }
    for group in diff.by_item() {
        let heading = match group.item {
            Some(item) => {
                let mut heading = format!("{}  {}", item.id, item.title);
                if item.mandatory {
                    heading.push_str("  [mandatory]");
                }
                if item.weakened {
                    heading.push_str(&format!("  {}", palette.paint("1;31", "WEAKENED")));
                }
                heading
            }
            None => "Not tied to an evidence item".to_string(),
        };
        writeln!(out, "\n{}", palette.paint("1", &heading))?;
        for line in describe(&group) {
            let mark = if line.weakens {
                palette.paint("31", "weakens")
            } else {
                String::new()
            };
            writeln!(
                out,
                "  - {}{}{}",
                line.text,
                if mark.is_empty() { "" } else { "  " },
                mark
            )?;
            for (caption, text) in &line.diffs {
                writeln!(out, "    {caption}:")?;
                for diff_line in text.lines() {
                    writeln!(out, "      {}", palette.diff_line(diff_line))?;
                }
            }
        }
    }
    if let Some(impact) = &diff.impact {
        writeln!(
            out,
            "\n{}",
            palette.paint(
                "1",
                &format!("Impact on the same evidence (as of {})", impact.head.as_of)
            )
        )?;
        write_outcome(&mut out, impact, &palette)?;
    }
    let headline = weakening_line(diff);
    let painted = if diff.weakens_mandatory() {
        palette.paint("1;31", &headline)
    } else {
        palette.paint("32", &headline)
    };
    writeln!(out, "\n{painted}")?;
    Ok(out)
}

/// Renders an outcome comparison.
pub fn render_comparison(
    comparison: &OutcomeComparison,
    color: bool,
) -> Result<String, std::fmt::Error> {
    let palette = Palette { color };
    let mut out = String::new();
    let side = |label: &super::super::outcome::AssessmentLabel| {
        format!(
            "{} ({}, {})",
            label.label,
            label.as_of,
            label
                .overall
                .map_or("no overall status", OverallStatus::as_str)
        )
    };
    writeln!(
        out,
        "dspt compare {} → {}",
        side(&comparison.base),
        side(&comparison.head)
    )?;
    write_outcome(&mut out, comparison, &palette)?;
    Ok(out)
}

fn write_outcome(
    out: &mut String,
    comparison: &OutcomeComparison,
    palette: &Palette,
) -> std::fmt::Result {
    let paint_change = |kind: OutcomeChangeKind| {
        let code = match kind {
            OutcomeChangeKind::Regressed => "1;31",
            OutcomeChangeKind::Fixed => "32",
            OutcomeChangeKind::NewlyNotAssessed => "33",
            _ => "36",
        };
        palette.paint(code, outcome_word(kind))
    };
    for (title, changes) in status_sections(comparison) {
        if changes.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for change in changes {
            let mandatory = if change.mandatory == Some(true) {
                "  [mandatory]"
            } else {
                ""
            };
            writeln!(
                out,
                "  {:<12} {} → {}  {}  {}{mandatory}",
                change.id,
                status_word(change.before),
                status_word(change.after),
                paint_change(change.change),
                change.title
            )?;
        }
    }
    for (title, list) in finding_sections(comparison) {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n{title} ({}):", list.len())?;
        for finding in list {
            writeln!(out, "  {}", finding_line(finding))?;
        }
    }
    writeln!(out, "\n{}", comparison_counts(comparison))?;
    Ok(())
}

fn finding_line(finding: &FindingRef) -> String {
    let place = finding.place();
    if place.is_empty() {
        format!("{} [{}] {}", finding.check, finding.level, finding.msg)
    } else {
        format!(
            "{place}: {} [{}] {}",
            finding.check, finding.level, finding.msg
        )
    }
}
