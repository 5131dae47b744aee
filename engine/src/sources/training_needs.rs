//! The training needs analysis (TNA): which roles need which courses, how often. The toolkit
//! judges IT suppliers' training (3.1.1, 3.1.2) and the CAF's B6.b against the organisation's own
//! analysis rather than a flat 95%, so the HR checks read it as `input.hr.training_needs`.
//!
//! A YAML file, named by `sources.hr.training_needs` in dspt.yaml:
//!
//! ```yaml
//! reviewed_on: 2026-04-01
//! approved_by: Head of People
//! roles:
//!   - role: "Developer*"        # a glob over the HR export's role, case-insensitive
//!     courses:
//!       - {course: data_security, every_days: 365}
//!       - {course: secure_coding, every_days: 730}
//!   - role: "*"
//!     courses: [{course: data_security, every_days: 365}]
//! ```
//!
//! Course keys are those of `sources.hr.courses`: a course the export cannot show would make
//! every record fail, so naming one is an error at its line.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Location, SourceError};

/// `input.hr.training_needs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingNeeds {
    /// The file as given.
    pub file: String,
    /// When the analysis was last reviewed (ISO), if it says.
    pub reviewed_on: Option<String>,
    /// Who approved it, if it says.
    pub approved_by: Option<String>,
    /// Role patterns and what each needs, in file order (the first matching pattern wins).
    pub roles: Vec<RoleNeeds>,
}

/// What one role pattern needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleNeeds {
    /// A glob over the role (`Developer*`, `*`), matched without regard to case.
    pub role: String,
    /// Courses the role needs.
    #[serde(default)]
    pub courses: Vec<CourseNeed>,
}

/// One course a role needs, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CourseNeed {
    /// Course key, as in `sources.hr.courses`.
    pub course: String,
    /// Days a completion counts for.
    pub every_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrainingNeedsFile {
    #[serde(default)]
    reviewed_on: Option<String>,
    #[serde(default)]
    approved_by: Option<String>,
    roles: Vec<RoleNeeds>,
}

/// Parses a TNA file; `courses` are the course keys the HR mapping knows.
pub fn parse_training_needs(
    file: &str,
    bytes: &[u8],
    courses: &BTreeMap<String, String>,
) -> Result<TrainingNeeds, SourceError> {
    let invalid = |line: Option<usize>, message: String| SourceError::InvalidTrainingNeeds {
        location: Location {
            path: file.to_string(),
            line,
            column: None,
        },
        message,
    };
    let text = super::text::decode_input(file, bytes)?;
    let parsed: TrainingNeedsFile = yaml_serde::from_str(&text).map_err(|error| {
        let problem = super::files::yaml_problem(&error);
        invalid(
            problem.line,
            format!("not a training needs analysis: {}", problem.message),
        )
    })?;
    if parsed.roles.is_empty() {
        return Err(invalid(
            None,
            "the training needs analysis lists no role".to_string(),
        ));
    }
    for role in &parsed.roles {
        if globset::Glob::new(&role.role).is_err() {
            return Err(invalid(
                line_of(&text, &role.role),
                format!("role pattern `{}` is not a valid glob", role.role),
            ));
        }
        for need in &role.courses {
            if !courses.contains_key(&need.course) {
                let known: Vec<&str> = courses.keys().map(String::as_str).collect();
                return Err(invalid(
                    line_of(&text, &need.course),
                    format!(
                        "course `{}` is not one sources.hr.courses maps to a column ({}), so no record could show it",
                        need.course,
                        if known.is_empty() {
                            "none mapped".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
            if need.every_days == 0 {
                return Err(invalid(
                    line_of(&text, &need.course),
                    format!("course `{}` has `every_days: 0`", need.course),
                ));
            }
        }
    }
    let reviewed_on = match &parsed.reviewed_on {
        None => None,
        Some(value) => Some(
            crate::model::Date::parse(value)
                .filter(|_| value.contains('-'))
                .ok_or_else(|| {
                    invalid(
                        line_of(&text, value),
                        format!("`reviewed_on: {value}` is not a date; write yyyy-mm-dd"),
                    )
                })?
                .iso(),
        ),
    };
    Ok(TrainingNeeds {
        file: file.to_string(),
        reviewed_on,
        approved_by: parsed.approved_by,
        roles: parsed.roles,
    })
}

/// The first line mentioning `needle`, for errors about a value serde has already taken apart.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn courses() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("data_security".to_string(), "DSA completed".to_string()),
            ("secure_coding".to_string(), "Secure coding".to_string()),
        ])
    }

    #[test]
    fn roles_and_courses_are_read() {
        let needs = parse_training_needs(
            "tna.yaml",
            b"reviewed_on: 2026-04-01\napproved_by: Head of People\nroles:\n  - role: Developer*\n    courses: [{course: secure_coding, every_days: 730}]\n  - role: '*'\n    courses: [{course: data_security, every_days: 365}]\n",
            &courses(),
        )
        .unwrap();
        assert_eq!(needs.reviewed_on.as_deref(), Some("2026-04-01"));
        assert_eq!(needs.roles.len(), 2);
        assert_eq!(needs.roles[0].courses[0].every_days, 730);
    }

    #[test]
    fn an_unmapped_course_or_a_bad_shape_is_an_error_at_its_line() {
        let error = parse_training_needs(
            "tna.yaml",
            b"roles:\n  - role: '*'\n    courses:\n      - {course: fire_safety, every_days: 365}\n",
            &courses(),
        )
        .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("fire_safety") && text.contains("tna.yaml:4"),
            "{text}"
        );
        let error =
            parse_training_needs("tna.yaml", b"roles:\n  - job: x\n", &courses()).unwrap_err();
        assert!(error.to_string().contains("tna.yaml:2"), "{error}");
        assert!(parse_training_needs("tna.yaml", b"roles: []\n", &courses()).is_err());
    }
}
