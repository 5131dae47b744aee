//! The Markdown form, for a pull-request comment on a policy change: a section per evidence item,
//! each change a list entry, diffs folded in `<details>`.

use std::fmt::Write;

use super::super::PolicyDiff;
use super::super::outcome::OutcomeComparison;
use super::{
    comparison_counts, describe, finding_sections, outcome_word, status_sections, status_word,
    weakening_line,
};
use crate::model::OverallStatus;
use crate::report::markdown::{code, text};

/// Findings listed per kind before the rest is counted: a comment must stay readable.
const MAX_FINDINGS: usize = 30;

/// Renders a policy diff.
pub fn render_diff(diff: &PolicyDiff) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    writeln!(
        out,
        "## dspt diff {} → {}\n",
        code(&diff.base.label),
        code(&diff.head.label)
    )?;
    let marker = if diff.weakens_mandatory() {
        "⚠️ "
    } else {
        ""
    };
    writeln!(out, "{marker}**{}**\n", text(&weakening_line(diff)))?;
    if diff.is_empty() {
        writeln!(
            out,
            "No change to checks, mapping, parameters, waivers or attestations.\n"
        )?;
    }
    for group in diff.by_item() {
        match group.item {
            Some(item) => {
                let mandatory = if item.mandatory { " (mandatory)" } else { "" };
                let weakened = if item.weakened {
                    " — **weakened**"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "### {} {}{mandatory}{weakened}\n",
                    code(&item.id),
                    text(&item.title)
                )?;
            }
            None => {
                writeln!(out, "### Not tied to an evidence item\n")?;
            }
        }
        let lines = describe(&group);
        for line in &lines {
            let flag = if line.weakens { " — **weakens**" } else { "" };
            writeln!(out, "- {}{flag}", text(&line.text))?;
        }
        for line in &lines {
            for (caption, diff_text) in &line.diffs {
                let fence = fence_for(diff_text);
                writeln!(
                    out,
                    "\n<details><summary>{}</summary>\n\n{fence}diff\n{}{fence}\n\n</details>",
                    text(caption),
                    diff_text
                )?;
            }
        }
        out.push('\n');
    }
    if let Some(impact) = &diff.impact {
        writeln!(
            out,
            "### Impact on the same evidence (as of {})\n",
            impact.head.as_of
        )?;
        write_outcome(&mut out, impact)?;
    }
    Ok(out)
}

/// Renders an outcome comparison.
pub fn render_comparison(comparison: &OutcomeComparison) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    let side = |label: &super::super::outcome::AssessmentLabel| {
        format!(
            "{} ({}, {})",
            code(&label.label),
            label.as_of,
            label
                .overall
                .map_or("no overall status", OverallStatus::as_str)
        )
    };
    writeln!(
        out,
        "## dspt compare {} → {}\n",
        side(&comparison.base),
        side(&comparison.head)
    )?;
    write_outcome(&mut out, comparison)?;
    Ok(out)
}

fn write_outcome(out: &mut String, comparison: &OutcomeComparison) -> std::fmt::Result {
    writeln!(out, "{}\n", comparison_counts(comparison))?;
    for (title, changes) in status_sections(comparison) {
        if changes.is_empty() {
            continue;
        }
        writeln!(
            out,
            "| {title} | before | after | change |\n| --- | --- | --- | --- |"
        )?;
        for change in changes {
            let mandatory = if change.mandatory == Some(true) {
                " (mandatory)"
            } else {
                ""
            };
            writeln!(
                out,
                "| {} {}{mandatory} | {} | {} | {} |",
                code(&change.id),
                text(&change.title),
                status_word(change.before),
                status_word(change.after),
                outcome_word(change.change)
            )?;
        }
        out.push('\n');
    }
    for (title, list) in finding_sections(comparison) {
        if list.is_empty() {
            continue;
        }
        writeln!(
            out,
            "<details><summary>{title} ({})</summary>\n",
            list.len()
        )?;
        for finding in list.iter().take(MAX_FINDINGS) {
            let place = finding.place();
            let place = if place.is_empty() {
                String::new()
            } else {
                format!("{}: ", code(&place))
            };
            writeln!(
                out,
                "- {place}{} {}",
                code(&finding.check),
                text(&finding.msg)
            )?;
        }
        if list.len() > MAX_FINDINGS {
            writeln!(out, "- … and {} more", list.len() - MAX_FINDINGS)?;
        }
        writeln!(out, "\n</details>\n")?;
    }
    Ok(())
}

/// A code fence longer than any run of backticks in the text, so the text cannot close it.
fn fence_for(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outlast_the_content() {
        assert_eq!(fence_for("plain"), "```");
        assert_eq!(fence_for("a ```` b"), "`````");
    }
}
