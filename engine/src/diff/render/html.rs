//! The HTML form: one self-contained page for a reviewer, changes grouped by evidence item and
//! each edited check shown side by side (base left, head right).

use std::fmt::Write;

use similar::{DiffTag, TextDiff};

use super::super::PolicyDiff;
use super::super::outcome::OutcomeComparison;
use super::{
    comparison_counts, describe, finding_sections, outcome_word, status_sections, status_word,
    weakening_line,
};
use crate::model::OverallStatus;
use crate::report::escape_markup as esc;

const STYLE: &str = "\
:root{color-scheme:light;--ink:#1b1b1b;--muted:#505a5f;--line:#b1b4b6;--pass:#00703c;--fail:#d4351c;--warn:#8a4b00;--info:#1d70b8}
body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:90rem;padding:1rem 1.5rem;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid var(--ink)}h3{margin-top:1.5rem}
.headline{font-size:1.15rem;font-weight:700;padding:.5rem .8rem;border-left:6px solid var(--pass)}.headline.weakened{border-color:var(--fail);color:var(--fail)}
.weakens{color:var(--fail);font-weight:700;margin-left:.4rem}.mandatory{font-size:.8em;font-weight:700;color:var(--muted);margin-left:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}thead th{background:#f3f2f1}
table.sbs{table-layout:fixed;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}table.sbs td{white-space:pre-wrap;overflow-wrap:anywhere;border:none;padding:0 .4rem}
table.sbs td.n{width:3rem;color:var(--muted);text-align:right;user-select:none}table.sbs tr.gap td{background:#f3f2f1;color:var(--muted)}
td.del{background:#fde2dd}td.ins{background:#dcf2e3}details{margin:.3rem 0 .8rem}summary{cursor:pointer;color:var(--info)}
.change-regressed{color:var(--fail);font-weight:700}.change-fixed{color:var(--pass);font-weight:700}.change-newly_not_assessed{color:var(--warn)}
footer{margin-top:3rem;color:var(--muted);font-size:.9em}
";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n<footer>Written by dspt {}.</footer>\n</body>\n</html>\n",
        esc(title),
        env!("CARGO_PKG_VERSION")
    )
}

/// Renders a policy diff.
pub fn render_diff(diff: &PolicyDiff) -> Result<String, std::fmt::Error> {
    let mut body = String::new();
    let title = format!("dspt diff {} → {}", diff.base.label, diff.head.label);
    writeln!(body, "<h1>{}</h1>", esc(&title))?;
    writeln!(
        body,
        "<p>Framework <code>{}</code>.</p>",
        esc(&diff.framework)
    )?;
    let class = if diff.weakens_mandatory() {
        "headline weakened"
    } else {
        "headline"
    };
    writeln!(
        body,
        "<p class=\"{class}\" id=\"weakening\">{}</p>",
        esc(&weakening_line(diff))
    )?;
    if diff.is_empty() {
        writeln!(
            body,
            "<p>No change to checks, mapping, parameters, waivers or attestations.</p>"
        )?;
    }
    for group in diff.by_item() {
        match group.item {
            Some(item) => {
                let mandatory = if item.mandatory {
                    "<span class=\"mandatory\">MANDATORY</span>"
                } else {
                    ""
                };
                let weakened = if item.weakened {
                    "<span class=\"weakens\">weakened</span>"
                } else {
                    ""
                };
                writeln!(
                    body,
                    "<h2 id=\"item-{0}\">{0} {1}{mandatory}{weakened}</h2>",
                    esc(&item.id),
                    esc(&item.title)
                )?;
            }
            None => {
                writeln!(body, "<h2 id=\"no-item\">Not tied to an evidence item</h2>")?;
            }
        }
        let lines = describe(&group);
        body.push_str("<ul>\n");
        for line in &lines {
            let flag = if line.weakens {
                "<span class=\"weakens\">weakens</span>"
            } else {
                ""
            };
            writeln!(body, "<li>{}{flag}</li>", esc(&line.text))?;
        }
        body.push_str("</ul>\n");
        for line in &lines {
            if let Some((base_path, base, head_path, head)) = &line.sources {
                writeln!(body, "<details open><summary>{}</summary>", esc(&line.text))?;
                side_by_side(&mut body, base_path, base, head_path, head)?;
                body.push_str("</details>\n");
            }
            for (caption, text) in &line.diffs {
                if caption.starts_with("METADATA") {
                    writeln!(
                        body,
                        "<details><summary>{}</summary><pre>{}</pre></details>",
                        esc(caption),
                        esc(text)
                    )?;
                }
            }
        }
    }
    if let Some(impact) = &diff.impact {
        writeln!(
            body,
            "<h2 id=\"impact\">Impact on the same evidence (as of {})</h2>",
            impact.head.as_of
        )?;
        write_outcome(&mut body, impact)?;
    }
    Ok(page(&title, &body))
}

/// Base on the left, head on the right, three lines of context around each change.
fn side_by_side(
    out: &mut String,
    base_path: &str,
    base: &str,
    head_path: &str,
    head: &str,
) -> std::fmt::Result {
    let diff = TextDiff::from_lines(base, head);
    // The same tokens `from_lines` diffs: lines with their endings.
    let old: Vec<&str> = base.split_inclusive('\n').collect();
    let new: Vec<&str> = head.split_inclusive('\n').collect();
    writeln!(
        out,
        "<table class=\"sbs\"><thead><tr><th colspan=\"2\">{}</th><th colspan=\"2\">{}</th></tr></thead><tbody>",
        esc(base_path),
        esc(head_path)
    )?;
    let cell = |n: Option<usize>, line: Option<&&str>, class: &str| match (n, line) {
        (Some(n), Some(line)) => format!(
            "<td class=\"n\">{}</td><td class=\"{class}\">{}</td>",
            n + 1,
            esc(line.trim_end_matches(['\n', '\r']))
        ),
        _ => "<td class=\"n\"></td><td></td>".to_string(),
    };
    for (index, group) in diff.grouped_ops(3).iter().enumerate() {
        if index > 0 {
            out.push_str("<tr class=\"gap\"><td colspan=\"4\">…</td></tr>\n");
        }
        for op in group {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            let rows = old_range.len().max(new_range.len());
            let (old_class, new_class) = match op.tag() {
                DiffTag::Equal => ("", ""),
                DiffTag::Delete => ("del", ""),
                DiffTag::Insert => ("", "ins"),
                DiffTag::Replace => ("del", "ins"),
            };
            for row in 0..rows {
                let o = (row < old_range.len()).then(|| old_range.start + row);
                let n = (row < new_range.len()).then(|| new_range.start + row);
                writeln!(
                    out,
                    "<tr>{}{}</tr>",
                    cell(o, o.and_then(|i| old.get(i)), old_class),
                    cell(n, n.and_then(|i| new.get(i)), new_class)
                )?;
            }
        }
    }
    out.push_str("</tbody></table>\n");
    Ok(())
}

/// Renders an outcome comparison.
pub fn render_comparison(comparison: &OutcomeComparison) -> Result<String, std::fmt::Error> {
    let mut body = String::new();
    let title = format!(
        "dspt compare {} → {}",
        comparison.base.label, comparison.head.label
    );
    writeln!(body, "<h1>{}</h1>", esc(&title))?;
    writeln!(
        body,
        "<table><thead><tr><th></th><th>report</th><th>as of</th><th>overall</th></tr></thead><tbody>"
    )?;
    for (name, side) in [("before", &comparison.base), ("after", &comparison.head)] {
        writeln!(
            body,
            "<tr><th>{name}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&side.label),
            side.as_of,
            side.overall.map_or("—", OverallStatus::as_str)
        )?;
    }
    body.push_str("</tbody></table>\n");
    write_outcome(&mut body, comparison)?;
    Ok(page(&title, &body))
}

fn write_outcome(out: &mut String, comparison: &OutcomeComparison) -> std::fmt::Result {
    writeln!(out, "<p>{}</p>", esc(&comparison_counts(comparison)))?;
    for (title, changes) in status_sections(comparison) {
        if changes.is_empty() {
            continue;
        }
        writeln!(
            out,
            "<h3>{title}</h3>\n<table><thead><tr><th>id</th><th>title</th><th>before</th><th>after</th><th>change</th></tr></thead><tbody>"
        )?;
        for change in changes {
            let kind = serde_json::to_value(change.change)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let mandatory = if change.mandatory == Some(true) {
                "<span class=\"mandatory\">MANDATORY</span>"
            } else {
                ""
            };
            writeln!(
                out,
                "<tr><td><code>{}</code>{mandatory}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"change-{kind}\">{}</td></tr>",
                esc(&change.id),
                esc(&change.title),
                status_word(change.before),
                status_word(change.after),
                outcome_word(change.change)
            )?;
        }
        out.push_str("</tbody></table>\n");
    }
    for (title, list) in finding_sections(comparison) {
        if list.is_empty() {
            continue;
        }
        writeln!(
            out,
            "<h3>{title} ({})</h3>\n<table><thead><tr><th>check</th><th>where</th><th>level</th><th>finding</th></tr></thead><tbody>",
            list.len()
        )?;
        for finding in list {
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&finding.check),
                esc(&finding.place()),
                finding.level,
                esc(&finding.msg)
            )?;
        }
        out.push_str("</tbody></table>\n");
    }
    Ok(())
}
