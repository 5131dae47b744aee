//! Catalogues: every evidence item of a framework, automated or not, with the checks that evidence
//! it. The mapping lives here, not in the checks, so one check can serve items of several
//! frameworks.

use serde::{Deserialize, Serialize};

use crate::error::{CatalogueError, Location};
use crate::policy::bundle::{PolicyBundle, builtin_data_files};

/// Framework used when neither the config nor the command line names one.
pub const DEFAULT_FRAMEWORK: &str = "dspt-supplier";

/// One framework's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// About the framework.
    pub framework: FrameworkInfo,
    /// Items in catalogue order.
    pub items: Vec<CatalogueItem>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: String,
}

/// About a framework.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    /// Id used by `--framework`.
    pub id: String,
    /// Name.
    pub title: String,
    /// Toolkit year or version.
    pub version: String,
    /// Where the framework is published.
    pub source: String,
}

/// One evidence item (or an assertion, where the toolkit's public material gives no item id).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueItem {
    /// Id as the toolkit numbers it.
    pub id: String,
    /// The assertion it belongs to.
    #[serde(default)]
    pub assertion: Option<String>,
    /// Paraphrased requirement.
    pub title: String,
    /// Whether Standards Met needs it.
    pub mandatory: bool,
    /// Checks that evidence it.
    #[serde(default)]
    pub checks: Vec<String>,
    /// What an assessor expects to see.
    #[serde(default)]
    pub guidance: Option<String>,
    /// Public source of the item.
    pub source: String,
    /// Why the id or wording is not confirmed, when it is not.
    #[serde(default)]
    pub provisional: Option<String>,
}

impl Catalogue {
    /// Parses a catalogue file.
    pub fn parse(file: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        let mut catalogue: Catalogue = yaml_serde::from_str(text).map_err(|error| {
            let problem = crate::sources::files::yaml_problem(&error);
            CatalogueError::Invalid {
                location: Location {
                    path: file.to_string(),
                    line: problem.line,
                    column: problem.column,
                },
                message: problem.message,
            }
        })?;
        catalogue.file = file.to_string();
        let mut seen = std::collections::BTreeSet::new();
        for item in &catalogue.items {
            if !seen.insert(item.id.as_str()) {
                return Err(CatalogueError::Invalid {
                    location: Location::file(file),
                    message: format!("item `{}` appears twice", item.id),
                });
            }
        }
        Ok(catalogue)
    }

    /// Every built-in catalogue, sorted by framework id.
    pub fn builtin() -> Result<Vec<Catalogue>, CatalogueError> {
        let mut catalogues = builtin_data_files("catalogue")
            .into_iter()
            .filter(|(path, _)| path.ends_with(".yaml"))
            .map(|(path, text)| Catalogue::parse(&path, text))
            .collect::<Result<Vec<_>, _>>()?;
        catalogues.sort_by(|a, b| a.framework.id.cmp(&b.framework.id));
        Ok(catalogues)
    }

    /// The built-in catalogue of `framework`.
    pub fn builtin_for(framework: &str) -> Result<Catalogue, CatalogueError> {
        let catalogues = Catalogue::builtin()?;
        let known = catalogues
            .iter()
            .map(|c| format!("`{}`", c.framework.id))
            .collect::<Vec<_>>()
            .join(", ");
        catalogues
            .into_iter()
            .find(|c| c.framework.id == framework)
            .ok_or_else(|| CatalogueError::UnknownFramework {
                framework: framework.to_string(),
                known,
            })
    }

    /// Every check the catalogue names must be loaded.
    pub fn verify_against(&self, bundle: &PolicyBundle) -> Result<(), CatalogueError> {
        for item in &self.items {
            for check in &item.checks {
                if bundle.check(check).is_none() {
                    return Err(CatalogueError::UnknownCheck {
                        location: Location::file(&self.file),
                        item: item.id.clone(),
                        check: check.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogues_parse() {
        let catalogue = Catalogue::builtin_for(DEFAULT_FRAMEWORK).unwrap();
        assert!(!catalogue.items.is_empty());
    }

    #[test]
    fn unknown_frameworks_name_the_known_ones() {
        let error = Catalogue::builtin_for("nope").unwrap_err();
        assert!(error.to_string().contains("`dspt-supplier`"), "{error}");
    }

    #[test]
    fn unknown_keys_and_duplicate_items_are_refused() {
        let head = "framework: {id: f, title: F, version: '1', source: s}\n";
        let error = Catalogue::parse(
            "c.yaml",
            &format!(
                "{head}items:\n  - {{id: a, title: A, mandatory: true, source: s, colour: red}}\n"
            ),
        )
        .unwrap_err();
        assert!(error.to_string().starts_with("c.yaml:3:"), "{error}");
        let item = "  - {id: a, title: A, mandatory: true, source: s}\n";
        let error = Catalogue::parse("c.yaml", &format!("{head}items:\n{item}{item}")).unwrap_err();
        assert!(error.to_string().contains("twice"), "{error}");
    }
}
