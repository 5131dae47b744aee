//! GitHub Actions workflow commands: one `::error` or `::warning` line per open finding, which
//! GitHub shows as an annotation on the file and line. Waived findings and findings known from the
//! baseline are not annotated (they do not fail the gate); nothing else is written, because every
//! line of a step's output is read as a possible command.

use std::fmt::Write;

use crate::model::FindingLevel;
use crate::results::Assessment;

/// Renders one workflow command per open finding, checks by id, findings in their sorted order.
pub fn render(assessment: &Assessment) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    for check in assessment.check_results() {
        for finding in super::open_findings(check) {
            let command = match finding.level {
                FindingLevel::Deny | FindingLevel::Error => "error",
                FindingLevel::Warn => "warning",
            };
            let mut properties = Vec::new();
            if let Some(file) = &finding.file {
                properties.push(format!(
                    "file={}",
                    escape_property(&file.replace('\\', "/"))
                ));
                if let Some(line) = finding.line.filter(|line| *line >= 1) {
                    properties.push(format!("line={line}"));
                    if let Some(column) = finding.column.filter(|column| *column >= 1) {
                        properties.push(format!("col={column}"));
                    }
                }
            }
            properties.push(format!("title={}", escape_property(&check.id)));
            let message = super::message_with_subject(finding);
            writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            )?;
        }
    }
    Ok(out)
}

/// The toolkit's `escapeData`: `%` first, so the escapes it adds are not escaped again.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The toolkit's `escapeProperty`: as data, plus the `:` and `,` that separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_assessment() {
        insta::assert_snapshot!(super::render(&super::super::sample::assessment()).unwrap());
    }

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(
            super::escape_data("100%\r\nnext: a,b"),
            "100%25%0D%0Anext: a,b"
        );
        assert_eq!(super::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
