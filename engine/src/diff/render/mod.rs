//! Writing a [`PolicyDiff`] or an [`OutcomeComparison`] for people or machines. Pure functions:
//! the same diff always renders to the same bytes.

mod html;
mod markdown;
#[cfg(test)]
mod sample;
mod text;

use super::outcome::{FindingRef, OutcomeChangeKind, OutcomeComparison, StatusChange};
use super::{
    AttestationChangeKind, CheckChangeKind, ParamChange, ParamVerdict, PolicyDiff, WaiverChangeKind,
};
use crate::error::RenderError;
use crate::model::{Automation, Status};

/// Output formats of `dspt diff` and `dspt compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// Grouped by evidence item, with unified diffs; optionally coloured.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// `dspt/diff/v1` or `dspt/comparison/v1`.
    Json,
    /// A reviewer's page with side-by-side diffs.
    Html,
}

/// Renders a policy diff.
pub fn render_diff(
    format: DiffFormat,
    diff: &PolicyDiff,
    color: bool,
) -> Result<String, RenderError> {
    Ok(match format {
        DiffFormat::Text => text::render_diff(diff, color)?,
        DiffFormat::Markdown => markdown::render_diff(diff)?,
        DiffFormat::Json => json(diff)?,
        DiffFormat::Html => html::render_diff(diff)?,
    })
}

/// Renders an outcome comparison.
pub fn render_comparison(
    format: DiffFormat,
    comparison: &OutcomeComparison,
    color: bool,
) -> Result<String, RenderError> {
    Ok(match format {
        DiffFormat::Text => text::render_comparison(comparison, color)?,
        DiffFormat::Markdown => markdown::render_comparison(comparison)?,
        DiffFormat::Json => json(comparison)?,
        DiffFormat::Html => html::render_comparison(comparison)?,
    })
}

fn json(value: &impl serde::Serialize) -> Result<String, RenderError> {
    let mut out = serde_json::to_string_pretty(value)?;
    out.push('\n');
    Ok(out)
}

fn check_kind_word(kind: CheckChangeKind) -> &'static str {
    match kind {
        CheckChangeKind::Added => "added",
        CheckChangeKind::Removed => "removed",
        CheckChangeKind::Renamed => "moved",
        CheckChangeKind::Replaced => "replaced by an organisation check",
        CheckChangeKind::Restored => "back to the built-in check",
        CheckChangeKind::Changed => "changed",
    }
}

fn waiver_kind_word(kind: WaiverChangeKind) -> &'static str {
    match kind {
        WaiverChangeKind::Added => "added",
        WaiverChangeKind::Removed => "removed",
        WaiverChangeKind::Extended => "extended",
        WaiverChangeKind::Shortened => "shortened",
        WaiverChangeKind::Changed => "reworded",
    }
}

fn attestation_kind_word(kind: AttestationChangeKind) -> &'static str {
    match kind {
        AttestationChangeKind::Added => "added",
        AttestationChangeKind::Removed => "removed",
        AttestationChangeKind::Renewed => "renewed",
        AttestationChangeKind::Changed => "changed",
    }
}

fn automation_word(automation: Option<Automation>) -> &'static str {
    match automation {
        Some(Automation::Automated) => "automated",
        Some(Automation::Partly) => "partly automated",
        Some(Automation::Manual) => "manual",
        None => "not in the catalogue",
    }
}

fn verdict_word(change: &ParamChange) -> String {
    let declared = change
        .weakening
        .map(|w| {
            let word = match w {
                crate::policy::params::Weakening::Lower => "lower",
                crate::policy::params::Weakening::Higher => "higher",
                crate::policy::params::Weakening::More => "more entries",
                crate::policy::params::Weakening::Fewer => "fewer entries",
                crate::policy::params::Weakening::Disabled => "off",
                crate::policy::params::Weakening::Any => "any change",
            };
            format!(" ({word} weakens)")
        })
        .unwrap_or_else(|| " (no direction declared)".to_string());
    let verdict = match change.verdict {
        ParamVerdict::Weaker => "weaker",
        ParamVerdict::Stricter => "stricter",
        ParamVerdict::Changed => "changed",
    };
    format!("{verdict}{declared}")
}

/// A parameter value in one line: scalars as written, lists and maps as compact JSON.
fn param_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "(unset)".to_string(),
        other => other.to_string(),
    }
}

/// Lists and maps show what entered and left; scalars show old → new.
fn param_movement(change: &ParamChange) -> String {
    if change.added.is_empty() && change.removed.is_empty() {
        return format!(
            "{} → {}",
            param_value(&change.base),
            param_value(&change.head)
        );
    }
    let mut parts = Vec::new();
    if !change.added.is_empty() {
        parts.push(format!("+ {}", change.added.join(", ")));
    }
    if !change.removed.is_empty() {
        parts.push(format!("− {}", change.removed.join(", ")));
    }
    parts.join("; ")
}

fn outcome_word(kind: OutcomeChangeKind) -> &'static str {
    match kind {
        OutcomeChangeKind::Regressed => "regressed",
        OutcomeChangeKind::Fixed => "fixed",
        OutcomeChangeKind::NewlyNotAssessed => "newly not assessed",
        OutcomeChangeKind::Added => "new",
        OutcomeChangeKind::Removed => "gone",
        OutcomeChangeKind::Changed => "changed",
    }
}

fn status_word(status: Option<Status>) -> String {
    status.map_or_else(|| "—".to_string(), |s| s.as_str().replace('_', " "))
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// The headline on weakening.
fn weakening_line(diff: &PolicyDiff) -> String {
    match (diff.weakened_mandatory.is_empty(), diff.weakened_unscoped) {
        (true, 0) => "No mandatory control weakened.".to_string(),
        (false, 0) => format!(
            "Weakens mandatory controls: {}.",
            diff.weakened_mandatory.join(", ")
        ),
        (true, n) => format!(
            "{} tied to no item may weaken any control.",
            plural(n, "weakening change")
        ),
        (false, n) => format!(
            "Weakens mandatory controls: {}; and {} tied to no item may weaken any.",
            diff.weakened_mandatory.join(", "),
            plural(n, "weakening change")
        ),
    }
}

/// One change, described once for every human format.
struct ChangeLine {
    /// Whether it weakens a control.
    weakens: bool,
    /// The sentence.
    text: String,
    /// Unified diffs to show under it: (caption, diff).
    diffs: Vec<(String, String)>,
    /// For side-by-side views: (base path, base text, head path, head text).
    sources: Option<(String, String, String, String)>,
}

impl ChangeLine {
    fn plain(weakens: bool, text: String) -> ChangeLine {
        ChangeLine {
            weakens,
            text,
            diffs: Vec::new(),
            sources: None,
        }
    }
}

/// A group's changes in a fixed order: automation, mapping, checks, disabled, parameters,
/// waivers, attestations.
fn describe(group: &super::ItemChanges<'_>) -> Vec<ChangeLine> {
    let mut lines = Vec::new();
    for change in &group.automation {
        let text = match (change.before, change.after) {
            (None, after) => format!("item added to the catalogue ({})", automation_word(after)),
            (before, None) => format!(
                "item removed from the catalogue (was {})",
                automation_word(before)
            ),
            (before, after) => format!(
                "evidence became {} (was {})",
                automation_word(after),
                automation_word(before)
            ),
        };
        lines.push(ChangeLine::plain(change.weakens, text));
    }
    for change in &group.mapping {
        let text = match change.change {
            super::Presence::Added => format!("check {} now evidences it", change.check),
            super::Presence::Removed => format!("check {} no longer evidences it", change.check),
        };
        lines.push(ChangeLine::plain(change.weakens, text));
    }
    for change in &group.checks {
        let path = match (&change.base_path, &change.head_path) {
            (Some(old), Some(new)) if old != new => format!("{old} → {new}"),
            (_, Some(path)) | (Some(path), None) => path.clone(),
            (None, None) => String::new(),
        };
        let mut diffs = Vec::new();
        if let Some(diff) = &change.metadata_diff {
            diffs.push((format!("METADATA of {}", change.id), diff.clone()));
        }
        if let Some(diff) = &change.rego_diff {
            diffs.push((format!("Rego of {}", change.id), diff.clone()));
        }
        let sources = match (
            &change.base_path,
            &change.base_source,
            &change.head_path,
            &change.head_source,
        ) {
            (Some(bp), Some(bs), Some(hp), Some(hs)) => {
                Some((bp.clone(), bs.clone(), hp.clone(), hs.clone()))
            }
            _ => None,
        };
        lines.push(ChangeLine {
            weakens: change.weakens,
            text: format!(
                "check {} {}: {} ({path})",
                change.id,
                check_kind_word(change.kind),
                change.title
            ),
            diffs,
            sources,
        });
    }
    for change in &group.disabled {
        let word = match change.change {
            super::Presence::Added => "disabled",
            super::Presence::Removed => "enabled again",
        };
        lines.push(ChangeLine::plain(
            change.weakens,
            format!("check {} {word} in the config (disable:)", change.check),
        ));
    }
    for change in &group.params {
        let readers = if change.checks.is_empty() {
            "read by the engine".to_string()
        } else {
            format!("read by {}", change.checks.join(", "))
        };
        lines.push(ChangeLine::plain(
            change.weakens,
            format!(
                "parameter {}: {}, {}; {readers}",
                change.key,
                param_movement(change),
                verdict_word(change)
            ),
        ));
    }
    for change in &group.waivers {
        let subject = change
            .subject
            .as_ref()
            .map(|s| format!(" on {s}"))
            .unwrap_or_default();
        let expiry = match (&change.base_expires, &change.head_expires) {
            (Some(old), Some(new)) if old != new => format!("expires {new} (was {old})"),
            (_, Some(new)) => format!("expires {new}"),
            (Some(old), None) => format!("expired {old}"),
            (None, None) => String::new(),
        };
        lines.push(ChangeLine::plain(
            change.weakens,
            format!(
                "waiver of {}{subject} {}: {expiry}; {} (approved by {})",
                change.check,
                waiver_kind_word(change.kind),
                change.reason,
                change.approver
            ),
        ));
    }
    for change in &group.exceptions {
        let check = change
            .check
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let review = match (&change.base_review_by, &change.head_review_by) {
            (Some(old), Some(new)) if old != new => format!("review by {new} (was {old})"),
            (_, Some(new)) => format!("review by {new}"),
            (Some(old), None) => format!("was to be reviewed by {old}"),
            (None, None) => String::new(),
        };
        let mut subjects = String::new();
        if !change.subjects_added.is_empty() {
            subjects.push_str(&format!(
                "; subjects added: {}",
                change.subjects_added.join(", ")
            ));
        }
        if !change.subjects_removed.is_empty() {
            subjects.push_str(&format!(
                "; subjects removed: {}",
                change.subjects_removed.join(", ")
            ));
        }
        lines.push(ChangeLine::plain(
            change.weakens,
            format!(
                "exception{check} {}: {review}{subjects}; {} (approved by {})",
                waiver_kind_word(change.kind),
                change.reason,
                change.approved_by
            ),
        ));
    }
    for change in &group.attestations {
        let date = match (&change.base_date, &change.head_date) {
            (Some(old), Some(new)) if old != new => format!("{new} (was {old})"),
            (_, Some(date)) | (Some(date), None) => date.clone(),
            (None, None) => String::new(),
        };
        lines.push(ChangeLine::plain(
            false,
            format!(
                "attestation {}: {date} by {}",
                attestation_kind_word(change.kind),
                change.by
            ),
        ));
    }
    lines
}

/// The status tables of a comparison, titled, in the order every format shows them.
fn status_sections(comparison: &OutcomeComparison) -> [(&'static str, &[StatusChange]); 2] {
    [("Items", &comparison.items), ("Checks", &comparison.checks)]
}

/// The finding lists of a comparison, titled, in the order every format shows them.
fn finding_sections(comparison: &OutcomeComparison) -> [(&'static str, &[FindingRef]); 3] {
    let findings = &comparison.findings;
    [
        ("New findings", &findings.new),
        ("Fixed findings", &findings.fixed),
        ("Still open", &findings.still_open),
    ]
}

/// How many changes of each kind a comparison holds, in one sentence.
fn comparison_counts(comparison: &OutcomeComparison) -> String {
    let f = &comparison.findings;
    format!(
        "{} and {} changed status; findings: {} new, {} fixed, {} still open.",
        plural(comparison.items.len(), "item"),
        plural(comparison.checks.len(), "check"),
        f.new.len(),
        f.fixed.len(),
        f.still_open.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_text() {
        insta::assert_snapshot!(render_diff(DiffFormat::Text, &sample::diff(), false).unwrap());
    }

    #[test]
    fn diff_text_in_colour_marks_weakening_and_diff_lines() {
        let text = render_diff(DiffFormat::Text, &sample::diff(), true).unwrap();
        assert!(text.contains("\x1b[1;31mWEAKENED\x1b[0m"), "{text}");
        assert!(text.contains("\x1b[32m+readme_paths"), "{text}");
    }

    #[test]
    fn diff_markdown() {
        insta::assert_snapshot!(render_diff(DiffFormat::Markdown, &sample::diff(), false).unwrap());
    }

    #[test]
    fn diff_json() {
        insta::assert_snapshot!(render_diff(DiffFormat::Json, &sample::diff(), false).unwrap());
    }

    #[test]
    fn diff_html() {
        insta::assert_snapshot!(render_diff(DiffFormat::Html, &sample::diff(), false).unwrap());
    }

    #[test]
    fn comparison_in_every_format() {
        let comparison = sample::comparison();
        insta::assert_snapshot!(
            "comparison_text",
            render_comparison(DiffFormat::Text, &comparison, false).unwrap()
        );
        insta::assert_snapshot!(
            "comparison_markdown",
            render_comparison(DiffFormat::Markdown, &comparison, false).unwrap()
        );
        insta::assert_snapshot!(
            "comparison_json",
            render_comparison(DiffFormat::Json, &comparison, false).unwrap()
        );
        insta::assert_snapshot!(
            "comparison_html",
            render_comparison(DiffFormat::Html, &comparison, false).unwrap()
        );
    }
}
