//! Reporters: pure functions from an [`Assessment`] to bytes, one per format.
//! They never recompute statuses and never see sources.

pub mod json;
pub mod text;

use crate::results::Assessment;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table per evidence item, for people.
    Text,
    /// `dspt/assessment/v1` JSON.
    Json,
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// ANSI colour (text only).
    pub color: bool,
}

/// Renders the assessment in `format`.
pub fn render(format: Format, assessment: &Assessment, options: RenderOptions) -> String {
    match format {
        Format::Text => text::render(assessment, options.color),
        Format::Json => json::render(assessment),
    }
}

#[cfg(test)]
pub(crate) mod sample;
