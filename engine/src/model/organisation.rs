//! Who is assessed, and the facts every check and report share about the assessment.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::ids::string_id;

string_id! {
    /// A DSPT organisation type (`it-supplier`, `company`), as the catalogue names it.
    OrganisationType
}

/// Who is being assessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Name shown in reports.
    #[serde(default)]
    pub name: Option<String>,
    /// DSPT organisation type, e.g. `it-supplier`.
    #[serde(default, rename = "type")]
    pub organisation_type: Option<OrganisationType>,
}

/// `input.assessment`, and the head of every report.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct AssessmentFacts {
    /// The date the assessment speaks for.
    pub as_of: Date,
    /// Catalogue id.
    pub framework: String,
    /// Who is assessed.
    pub organisation: Organisation,
}
