//! The `dspt/assessment/v1` JSON report (schema in docs/assessment.schema.json).

use crate::error::RenderError;
use crate::results::Assessment;

/// Pretty JSON with a trailing newline; keys in a fixed order, so output is byte-stable.
pub fn render(assessment: &Assessment) -> Result<String, RenderError> {
    let mut text = serde_json::to_string_pretty(assessment)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_assessment() {
        insta::assert_snapshot!(super::render(&super::super::sample::assessment()).unwrap());
    }
}
