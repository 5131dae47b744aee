//! Catalogues: every evidence item of a framework, automated or not, with the checks that evidence
//! it. The mapping lives here, not in the checks, so one check can serve items of several
//! frameworks.

use serde::{Deserialize, Serialize};

use crate::error::{CatalogueError, Location};
use crate::model::{AchievementLevel, Automation, CheckId, ItemId};
use crate::policy::bundle::{PolicyBundle, builtin_data_files};

/// Framework used when neither the config nor the command line names one.
pub const DEFAULT_FRAMEWORK: &str = "dspt-supplier";

/// One framework's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// About the framework.
    pub framework: FrameworkInfo,
    /// Standards and assertions, or objectives and principles, for display.
    #[serde(default)]
    pub groups: Vec<CatalogueGroup>,
    /// Items in catalogue order.
    pub items: Vec<CatalogueItem>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: String,
    /// Ids of the items of every catalogue of the run (this one's and other frameworks'), so a
    /// configuration written for several frameworks is not refused under one of them.
    #[serde(skip)]
    pub known_items: std::collections::BTreeSet<ItemId>,
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
    /// Organisation types that answer this toolkit (`it-supplier`, `company`).
    #[serde(default)]
    pub organisation_types: Vec<String>,
    /// Achievement levels, lowest first, for outcome-based frameworks (the CAF).
    #[serde(default)]
    pub levels: Vec<AchievementLevel>,
    /// Per organisation type, why Approaching Standards is not computed (not available to it,
    /// with the source), when it is not.
    #[serde(default)]
    pub approaching_standards: std::collections::BTreeMap<String, String>,
}

/// A standard, assertion, objective or principle.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueGroup {
    /// Id (`4`, `4.2`, `B`, `B2`).
    pub id: String,
    /// Title.
    pub title: String,
    /// `standard`, `assertion`, `objective` or `principle`.
    pub kind: String,
    /// The group it belongs to.
    #[serde(default)]
    pub parent: Option<String>,
    /// Organisation types whose independent audit must cover it.
    #[serde(default)]
    pub audited_for: Vec<String>,
}

/// One evidence item (or CAF contributing outcome).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueItem {
    /// Id as the toolkit numbers it.
    pub id: ItemId,
    /// The assertion or principle it belongs to.
    #[serde(default)]
    pub group: Option<String>,
    /// Paraphrased requirement.
    pub title: String,
    /// Whether Standards Met needs it (for the CAF: in the audit scope), for every organisation
    /// type or per type.
    pub mandatory: PerType,
    /// Where the mandatory flag comes from, when not from `source`.
    #[serde(default)]
    pub mandatory_source: Option<String>,
    /// Organisation types it applies to; empty means every type of the framework.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// Checks that evidence it.
    #[serde(default)]
    pub checks: Vec<CheckId>,
    /// What an assessor expects to see.
    #[serde(default)]
    pub guidance: Option<String>,
    /// Public source of the item: a URL.
    pub source: String,
    /// The document `source` stands for, when the item comes from one (a spreadsheet, say).
    #[serde(default)]
    pub source_title: Option<String>,
    /// Whether the item counts towards Approaching Standards, where the toolkit defines it.
    #[serde(default)]
    pub approaching: Option<PerType>,
    /// The toolkit's wording that lets the board or senior management approve exceptions to the
    /// item; only items with it accept `exceptions:` in dspt.yaml.
    #[serde(default)]
    pub exceptions_allowed: Option<String>,
    /// CAF: which of its checks evidence the achieved and the partially achieved indicators of
    /// good practice.
    #[serde(default)]
    pub indicators: Option<Indicators>,
    /// Why the id or wording is not confirmed, when it is not.
    #[serde(default)]
    pub provisional: Option<String>,
    /// The profile's expected achievement level (CAF).
    #[serde(default)]
    pub expected_level: Option<AchievementLevel>,
    /// Levels this outcome can take, when not every level of the framework (CAF).
    #[serde(default)]
    pub levels: Vec<AchievementLevel>,
    /// Organisation types whose independent audit must cover it.
    #[serde(default)]
    pub audited_for: Vec<String>,
    /// `partly` when the checks evidence only part of the item and an assessor reviews the rest.
    #[serde(default)]
    pub automation: Option<Automation>,
}

/// A flag the same for every organisation type, or given per type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum PerType {
    /// The same for every type.
    All(bool),
    /// Per organisation type; a type not listed is `false`.
    ByType(std::collections::BTreeMap<String, bool>),
}

impl PerType {
    /// The flag for an organisation type; with no type known, true when true for any type (so
    /// nothing mandatory for someone is treated as optional).
    pub fn for_type(&self, organisation_type: Option<&str>) -> bool {
        match (self, organisation_type) {
            (PerType::All(flag), _) => *flag,
            (PerType::ByType(flags), Some(kind)) => flags.get(kind).copied().unwrap_or(false),
            (PerType::ByType(flags), None) => flags.values().any(|flag| *flag),
        }
    }

    /// True for some type.
    pub fn any(&self) -> bool {
        self.for_type(None)
    }

    /// True wherever either is (the flag of an item at two revisions).
    pub fn or(&self, other: &PerType) -> PerType {
        match (self, other) {
            (PerType::All(a), PerType::All(b)) => PerType::All(*a || *b),
            (PerType::All(true), _) | (_, PerType::All(true)) => PerType::All(true),
            (PerType::All(false), other) | (other, PerType::All(false)) => other.clone(),
            (PerType::ByType(a), PerType::ByType(b)) => {
                let mut merged = a.clone();
                for (kind, flag) in b {
                    *merged.entry(kind.clone()).or_default() |= *flag;
                }
                PerType::ByType(merged)
            }
        }
    }
}

impl From<bool> for PerType {
    fn from(flag: bool) -> Self {
        PerType::All(flag)
    }
}

/// CAF indicators of good practice an outcome's checks evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    /// Checks evidencing the achieved indicators.
    #[serde(default)]
    pub achieved: Vec<CheckId>,
    /// Checks evidencing the partially achieved indicators: all must pass for partial achievement.
    #[serde(default)]
    pub partially_achieved: Vec<CheckId>,
}

impl CatalogueItem {
    /// Whether Standards Met needs it for an organisation type.
    pub fn mandatory_for(&self, organisation_type: Option<&str>) -> bool {
        self.mandatory.for_type(organisation_type)
    }

    /// Whether it counts towards Approaching Standards for an organisation type.
    pub fn approaching_for(&self, organisation_type: Option<&str>) -> bool {
        self.approaching
            .as_ref()
            .is_some_and(|flag| flag.for_type(organisation_type))
    }

    /// Whether it applies to an organisation type (`None`: the type is not known, so it does).
    pub fn applies_to(&self, organisation_type: Option<&str>) -> bool {
        match organisation_type {
            Some(kind) if !self.applies_to.is_empty() => self.applies_to.iter().any(|t| t == kind),
            _ => true,
        }
    }

    /// How far its evidence is automated: as declared, else automated when checks serve it.
    pub fn automation(&self) -> Automation {
        match (self.automation, self.checks.is_empty()) {
            (_, true) => Automation::Manual,
            (Some(declared), false) => declared,
            (None, false) => Automation::Automated,
        }
    }
}

/// An organisation's additions to a built-in catalogue (`catalogues:` in dspt.yaml): its own
/// items, usually evidenced by its own checks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueOverlay {
    /// The framework it extends.
    pub framework: String,
    /// Extra groups.
    #[serde(default)]
    pub groups: Vec<CatalogueGroup>,
    /// Extra items.
    pub items: Vec<CatalogueItem>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: String,
}

impl CatalogueOverlay {
    /// Reads an overlay file.
    pub fn load(path: &std::path::Path) -> Result<CatalogueOverlay, CatalogueError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| CatalogueError::Invalid {
            location: Location::file(&file),
            message: format!("cannot read: {error}"),
        })?;
        CatalogueOverlay::parse(&file, &text)
    }

    /// Parses an overlay's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<CatalogueOverlay, CatalogueError> {
        let mut overlay: CatalogueOverlay = yaml_serde::from_str(text).map_err(|error| {
            let problem = crate::sources::files::yaml_problem(&error);
            CatalogueError::Invalid {
                location: problem.location(file),
                message: problem.message,
            }
        })?;
        overlay.file = file.to_string();
        Ok(overlay)
    }
}

/// The catalogue of `framework` as a run uses it: the built-in one, with the organisation's
/// overlays and the items its checks claim, verified against the loaded checks.
pub fn effective_catalogue(
    framework: &str,
    overlay_paths: &[std::path::PathBuf],
    bundle: &PolicyBundle,
) -> Result<Catalogue, CatalogueError> {
    let overlays = overlay_paths
        .iter()
        .map(|path| CatalogueOverlay::load(path))
        .collect::<Result<Vec<_>, _>>()?;
    catalogue_with_overlays(framework, &overlays, bundle)
}

/// [`effective_catalogue`] with overlays already read (from a git revision, say).
pub fn catalogue_with_overlays(
    framework: &str,
    overlays: &[CatalogueOverlay],
    bundle: &PolicyBundle,
) -> Result<Catalogue, CatalogueError> {
    let all = Catalogue::builtin()?
        .iter()
        .map(|c| c.with_overlays(overlays))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(overlay) = overlays
        .iter()
        .find(|o| !all.iter().any(|c| c.framework.id == o.framework))
    {
        return Err(CatalogueError::Invalid {
            location: Location::file(&overlay.file),
            message: format!(
                "no catalogue has framework `{}` to extend",
                overlay.framework
            ),
        });
    }
    let known = all
        .iter()
        .map(|c| format!("`{}`", c.framework.id))
        .collect::<Vec<_>>()
        .join(", ");
    let base = all
        .iter()
        .find(|c| c.framework.id == framework)
        .ok_or_else(|| CatalogueError::UnknownFramework {
            framework: framework.to_string(),
            known,
        })?;
    let mut catalogue = base.with_claimed_checks(bundle, &all)?;
    catalogue.verify_against(bundle)?;
    catalogue.known_items = all
        .iter()
        .flat_map(|c| c.items.iter().map(|i| i.id.clone()))
        .collect();
    Ok(catalogue)
}

impl Catalogue {
    /// The catalogue with the overlays for its framework added; an item id already present is an error.
    pub fn with_overlays(
        &self,
        overlays: &[CatalogueOverlay],
    ) -> Result<Catalogue, CatalogueError> {
        let mut catalogue = self.clone();
        for overlay in overlays.iter().filter(|o| o.framework == self.framework.id) {
            for item in &overlay.items {
                if catalogue.items.iter().any(|i| i.id == item.id) {
                    return Err(CatalogueError::Invalid {
                        location: Location::file(&overlay.file),
                        message: format!(
                            "item `{}` is already in catalogue `{}`",
                            item.id, self.framework.id
                        ),
                    });
                }
                catalogue.items.push(item.clone());
            }
            catalogue.groups.extend(overlay.groups.iter().cloned());
        }
        Ok(catalogue)
    }

    /// Parses a catalogue file.
    pub fn parse(file: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        let mut catalogue: Catalogue = yaml_serde::from_str(text).map_err(|error| {
            let problem = crate::sources::files::yaml_problem(&error);
            CatalogueError::Invalid {
                location: problem.location(file),
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
            if let Some(indicators) = &item.indicators
                && let Some(stray) = indicators
                    .achieved
                    .iter()
                    .chain(&indicators.partially_achieved)
                    .find(|id| !item.checks.contains(id))
            {
                return Err(CatalogueError::Invalid {
                    location: Location::file(file),
                    message: format!(
                        "item `{}` lists `{stray}` under `indicators` but not under `checks`",
                        item.id
                    ),
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

    /// The catalogue with the items checks claim in their METADATA (`custom.evidence`) added to
    /// its own mapping. A claim naming an item no catalogue has is an error at the check.
    pub fn with_claimed_checks(
        &self,
        bundle: &PolicyBundle,
        all: &[Catalogue],
    ) -> Result<Catalogue, CatalogueError> {
        let mut catalogue = self.clone();
        for check in bundle.checks() {
            for claim in &check.meta.evidence {
                let (framework, item_id) = match claim.split_once(':') {
                    Some((framework, item)) => (Some(framework), item),
                    None => (None, claim.as_str()),
                };
                let exists = all
                    .iter()
                    .filter(|c| framework.is_none_or(|f| c.framework.id == f))
                    .any(|c| c.items.iter().any(|i| i.id == item_id));
                if !exists {
                    let line = check
                        .source
                        .lines()
                        .position(|l| l.trim_start().starts_with('#') && l.contains("evidence:"))
                        .map(|index| index + 1);
                    return Err(CatalogueError::UnknownItem {
                        location: Location {
                            path: check.file.clone(),
                            line,
                            column: None,
                        },
                        check: check.meta.id.to_string(),
                        item: claim.clone(),
                    });
                }
                if framework.is_some_and(|f| f != catalogue.framework.id) {
                    continue;
                }
                let item = catalogue.items.iter_mut().find(|i| i.id == item_id);
                if let Some(item) = item.filter(|i| !i.checks.contains(&check.meta.id)) {
                    item.checks.push(check.meta.id.clone());
                }
            }
        }
        Ok(catalogue)
    }

    /// Every check the catalogue names must be loaded.
    pub fn verify_against(&self, bundle: &PolicyBundle) -> Result<(), CatalogueError> {
        for item in &self.items {
            for check in &item.checks {
                if bundle.check(check).is_none() {
                    return Err(CatalogueError::UnknownCheck {
                        location: Location::file(&self.file),
                        item: item.id.to_string(),
                        check: check.to_string(),
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

    /// Every check a catalogue names is a built-in check, and every built-in check evidences at
    /// least one item of the supplier toolkit.
    #[test]
    fn catalogues_and_checks_agree() {
        let params = crate::policy::params::default_params().unwrap();
        let bundle =
            PolicyBundle::compile(&crate::policy::bundle::builtin_files(), params).unwrap();
        let catalogues = Catalogue::builtin().unwrap();
        for catalogue in &catalogues {
            catalogue.verify_against(&bundle).unwrap();
        }
        let supplier = catalogues
            .iter()
            .find(|c| c.framework.id == DEFAULT_FRAMEWORK)
            .unwrap();
        for check in bundle.checks() {
            assert!(
                supplier
                    .items
                    .iter()
                    .any(|i| i.checks.contains(&check.meta.id)),
                "{} evidences no dspt-supplier item",
                check.meta.id
            );
        }
    }

    #[test]
    fn overlays_add_items_and_refuse_duplicates() {
        let base = Catalogue::parse("c.yaml", "framework: {id: f, title: F, version: '1', source: s}\nitems:\n  - {id: a, title: A, mandatory: true, source: s}\n").unwrap();
        let overlay = |id: &str| CatalogueOverlay {
            framework: "f".into(),
            groups: Vec::new(),
            items: vec![CatalogueItem {
                id: id.into(),
                ..base.items[0].clone()
            }],
            file: "org.yaml".into(),
        };
        assert_eq!(
            base.with_overlays(&[overlay("org-1")]).unwrap().items.len(),
            2
        );
        assert!(base.with_overlays(&[overlay("a")]).is_err());
    }

    #[test]
    fn every_builtin_item_names_a_public_source_by_link() {
        for catalogue in Catalogue::builtin().unwrap() {
            for item in &catalogue.items {
                assert!(
                    item.source.starts_with("https://"),
                    "{} {}: source is not a link: {}",
                    catalogue.framework.id,
                    item.id,
                    item.source
                );
                if let Some(source) = &item.mandatory_source {
                    assert!(source.starts_with("https://"), "{}: {source}", item.id);
                }
            }
        }
    }

    #[test]
    fn per_type_flags_and_indicators_are_read_and_checked() {
        let catalogue = Catalogue::parse(
            "c.yaml",
            "framework: {id: f, title: F, version: '1', source: s}\nitems:\n  - {id: a, title: A, mandatory: {it-supplier: true, company: false}, source: s, checks: [X], indicators: {achieved: [X], partially_achieved: [X]}}\n",
        )
        .unwrap();
        let item = &catalogue.items[0];
        assert!(item.mandatory_for(Some("it-supplier")));
        assert!(!item.mandatory_for(Some("company")));
        assert!(
            item.mandatory_for(None),
            "unknown type: mandatory for someone counts"
        );
        let stray = Catalogue::parse(
            "c.yaml",
            "framework: {id: f, title: F, version: '1', source: s}\nitems:\n  - {id: a, title: A, mandatory: true, source: s, checks: [X], indicators: {partially_achieved: [Y]}}\n",
        )
        .unwrap_err();
        assert!(stray.to_string().contains("`Y`"), "{stray}");
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
