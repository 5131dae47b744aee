//! Comparing two loaded revisions: checks, mapping, parameters, waivers and attestations.
//!
//! Whether a parameter change weakens a control is never guessed: each parameter's defaults
//! file declares which way is weaker ([`Weakening`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{
    AttestationChange, AttestationChangeKind, AutomationChange, CheckChange, CheckChangeKind,
    DIFF_SCHEMA, DisabledChange, ExceptionChange, ItemRef, MappingChange, ParamChange,
    ParamVerdict, PolicyDiff, Presence, RevisionLabel, WaiverChange, WaiverChangeKind,
};
use crate::catalogue::{Catalogue, CatalogueItem};
use crate::config::Config;
use crate::model::{Automation, CheckId, ItemId, OrganisationType};
use crate::policy::bundle::{Check, Origin, PolicyBundle};
use crate::policy::params::{Weakening, referenced_params};

/// One revision, loaded.
#[derive(Clone, Copy)]
pub struct RevisionSide<'a> {
    /// How reports name it.
    pub label: &'a RevisionLabel,
    /// Its config.
    pub config: &'a Config,
    /// Its compiled bundle (built-in library, organisation policies, its parameters).
    pub bundle: &'a PolicyBundle,
    /// Its effective catalogue.
    pub catalogue: &'a Catalogue,
}

/// Everything that changed from `base` to `head`; `directions` says which way each parameter
/// weakens. The impact on outcomes is left for the caller to add.
pub fn diff_policies(
    base: RevisionSide<'_>,
    head: RevisionSide<'_>,
    directions: &BTreeMap<String, Weakening>,
) -> PolicyDiff {
    let scope = Scope::of(base.config, head.config);
    let items_of = ItemsOfCheck::new(&[base.catalogue, head.catalogue], &scope);
    let checks = check_changes(base.bundle, head.bundle, &items_of);
    // An added or removed check's mapping is said by the check's own change.
    let whole: BTreeSet<&str> = checks
        .iter()
        .filter(|c| matches!(c.kind, CheckChangeKind::Added | CheckChangeKind::Removed))
        .map(|c| c.id.as_str())
        .collect();
    let mapping: Vec<MappingChange> = mapping_changes(base.catalogue, head.catalogue, &scope)
        .into_iter()
        .filter(|m| !whole.contains(m.check.as_str()))
        .collect();
    let automation = automation_changes(base, head, &scope);
    let disabled = disabled_changes(base.config, head.config, &items_of);
    let params = param_changes(base.bundle, head.bundle, directions, &items_of);
    let waivers = waiver_changes(base.config, head.config, &items_of);
    let exceptions = exception_changes(base.config, head.config);
    let attestations = attestation_changes(base.config, head.config);

    let mut touched: BTreeSet<String> = BTreeSet::new();
    let mut weakened: BTreeSet<String> = BTreeSet::new();
    let mut weakened_unscoped = 0;
    let mut note = |items: &[String], weakens: bool| {
        if weakens && items.is_empty() {
            weakened_unscoped += 1;
        }
        for item in items {
            touched.insert(item.clone());
            if weakens {
                weakened.insert(item.clone());
            }
        }
    };
    for change in &checks {
        note(&change.items, change.weakens);
    }
    for change in &mapping {
        note(&[change.item.to_string()], change.weakens);
    }
    for change in &automation {
        note(&[change.item.to_string()], change.weakens);
    }
    for change in &disabled {
        note(&change.items, change.weakens);
    }
    for change in &params {
        note(&change.items, change.weakens);
    }
    for change in &waivers {
        note(&change.items, change.weakens);
    }
    for change in &exceptions {
        note(&[change.item.to_string()], change.weakens);
    }
    for change in &attestations {
        note(&[change.item.to_string()], false);
    }

    let items: Vec<ItemRef> = catalogue_order(base.catalogue, head.catalogue, &scope)
        .into_iter()
        .filter(|item| touched.contains(item.id.as_str()))
        .map(|item| ItemRef {
            id: item.id.to_string(),
            title: item.title.clone(),
            mandatory: scope.mandatory(&item),
            weakened: weakened.contains(item.id.as_str()),
        })
        .collect();
    let weakened_mandatory = items
        .iter()
        .filter(|item| item.mandatory && item.weakened)
        .map(|item| item.id.clone())
        .collect();
    PolicyDiff {
        schema: DIFF_SCHEMA,
        base: base.label.clone(),
        head: head.label.clone(),
        framework: head.catalogue.framework.id.clone(),
        items,
        checks,
        mapping,
        automation,
        disabled,
        params,
        waivers,
        exceptions,
        attestations,
        weakened_mandatory,
        weakened_unscoped,
        impact: None,
    }
}

/// The organisation types the two configs give: an item counts when it applies to either (an
/// item of another type is not assessed, so its changes touch nothing).
struct Scope(Vec<Option<OrganisationType>>);

impl Scope {
    fn of(base: &Config, head: &Config) -> Scope {
        Scope(vec![
            base.organisation.organisation_type.clone(),
            head.organisation.organisation_type.clone(),
        ])
    }

    fn covers(&self, item: &CatalogueItem) -> bool {
        self.0.iter().any(|kind| item.applies_to(kind.as_deref()))
    }

    /// Mandatory for the organisation's type at either revision.
    fn mandatory(&self, item: &CatalogueItem) -> bool {
        self.0
            .iter()
            .any(|kind| item.mandatory_for(kind.as_deref()))
    }
}

/// Head's items in its order, then items only base has, those of the scope only. An item
/// mandatory at either revision counts as mandatory: dropping the flag must not hide a weakening.
fn catalogue_order(base: &Catalogue, head: &Catalogue, scope: &Scope) -> Vec<CatalogueItem> {
    let mut items: Vec<CatalogueItem> = head.items.clone();
    for item in &mut items {
        if let Some(old) = base.items.iter().find(|i| i.id == item.id) {
            item.mandatory = item.mandatory.or(&old.mandatory);
        }
    }
    for item in &base.items {
        if !items.iter().any(|i| i.id == item.id) {
            items.push(item.clone());
        }
    }
    items.retain(|item| scope.covers(item));
    items
}

/// The items each check evidences, at either revision.
struct ItemsOfCheck(BTreeMap<String, BTreeSet<String>>);

impl ItemsOfCheck {
    fn new(catalogues: &[&Catalogue], scope: &Scope) -> ItemsOfCheck {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for catalogue in catalogues {
            for item in catalogue.items.iter().filter(|i| scope.covers(i)) {
                for check in &item.checks {
                    map.entry(check.to_string())
                        .or_default()
                        .insert(item.id.to_string());
                }
            }
        }
        ItemsOfCheck(map)
    }

    fn of(&self, check: &str) -> Vec<String> {
        self.0
            .get(check)
            .map(|items| items.iter().cloned().collect())
            .unwrap_or_default()
    }

    fn of_all<'a>(&self, checks: impl IntoIterator<Item = &'a String>) -> Vec<String> {
        let items: BTreeSet<String> = checks.into_iter().flat_map(|c| self.of(c)).collect();
        items.into_iter().collect()
    }
}

fn check_changes(
    base: &PolicyBundle,
    head: &PolicyBundle,
    items_of: &ItemsOfCheck,
) -> Vec<CheckChange> {
    let by_id = |bundle: &PolicyBundle| -> BTreeMap<CheckId, Check> {
        bundle
            .checks()
            .iter()
            .map(|check| (check.meta.id.clone(), check.clone()))
            .collect()
    };
    let (old, new) = (by_id(base), by_id(head));
    let ids: BTreeSet<&CheckId> = old.keys().chain(new.keys()).collect();
    let mut changes = Vec::new();
    for id in ids {
        let (before, after) = (old.get(id), new.get(id));
        let kind = match (before, after) {
            (None, Some(_)) => CheckChangeKind::Added,
            (Some(_), None) => CheckChangeKind::Removed,
            (Some(b), Some(a)) if b.file == a.file && b.source == a.source => continue,
            (Some(b), Some(a)) => match (&b.origin, &a.origin) {
                (Origin::Builtin, Origin::Directory(_)) => CheckChangeKind::Replaced,
                (Origin::Directory(_), Origin::Builtin) => CheckChangeKind::Restored,
                _ if b.file != a.file => CheckChangeKind::Renamed,
                _ => CheckChangeKind::Changed,
            },
            (None, None) => continue,
        };
        let title = after.or(before).map(|c| c.meta.title.clone());
        let (rego_diff, metadata_diff) = match (before, after) {
            (Some(b), Some(a)) => (
                unified(&b.source, &a.source, &b.file, &a.file),
                unified(&metadata_text(b), &metadata_text(a), &b.file, &a.file),
            ),
            _ => (None, None),
        };
        changes.push(CheckChange {
            id: id.clone(),
            kind,
            title: title.unwrap_or_default(),
            base_path: before.map(|c| c.file.clone()),
            head_path: after.map(|c| c.file.clone()),
            items: items_of.of(id),
            rego_diff,
            metadata_diff,
            base_source: before.map(|c| c.source.clone()),
            head_source: after.map(|c| c.source.clone()),
            weakens: kind == CheckChangeKind::Removed,
        });
    }
    changes
}

/// The METADATA as the engine reads it, one field per line, so a diff shows meaning, not layout.
fn metadata_text(check: &Check) -> String {
    yaml_serde::to_string(&check.meta).unwrap_or_default()
}

/// A unified diff with three lines of context, `None` when the texts are equal.
pub(crate) fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> Option<String> {
    if old == new {
        return None;
    }
    Some(
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{old_name}"), &format!("b/{new_name}"))
            .to_string(),
    )
}

fn item_checks(catalogue: &Catalogue) -> BTreeMap<&str, BTreeSet<&str>> {
    catalogue
        .items
        .iter()
        .map(|item| {
            (
                item.id.as_str(),
                item.checks.iter().map(|check| check.as_str()).collect(),
            )
        })
        .collect()
}

fn mapping_changes(base: &Catalogue, head: &Catalogue, scope: &Scope) -> Vec<MappingChange> {
    let (old, new) = (item_checks(base), item_checks(head));
    let mut changes = Vec::new();
    for item in catalogue_order(base, head, scope) {
        // An item entering or leaving the catalogue is an automation change, not a mapping one.
        let (Some(before), Some(after)) = (old.get(item.id.as_str()), new.get(item.id.as_str()))
        else {
            continue;
        };
        for check in before.difference(after).chain(after.difference(before)) {
            let removed = before.contains(check);
            changes.push(MappingChange {
                item: item.id.to_string(),
                check: (*check).to_string(),
                change: if removed {
                    Presence::Removed
                } else {
                    Presence::Added
                },
                weakens: removed,
            });
        }
    }
    changes
}

/// An item's automation once disabled checks are set aside: every check off means manual.
fn effective_automation(item: &CatalogueItem, disabled: &BTreeSet<&str>) -> Automation {
    if item.checks.iter().all(|c| disabled.contains(c.as_str())) {
        Automation::Manual
    } else {
        item.automation()
    }
}

fn automation_rank(automation: Option<Automation>) -> u8 {
    match automation {
        Some(Automation::Automated) => 3,
        Some(Automation::Partly) => 2,
        Some(Automation::Manual) => 1,
        None => 0,
    }
}

fn automation_changes(
    base: RevisionSide<'_>,
    head: RevisionSide<'_>,
    scope: &Scope,
) -> Vec<AutomationChange> {
    let disabled =
        |config: &'_ Config| -> BTreeSet<String> { config.disable.iter().cloned().collect() };
    let (old_off, new_off) = (disabled(base.config), disabled(head.config));
    let old_off: BTreeSet<&str> = old_off.iter().map(String::as_str).collect();
    let new_off: BTreeSet<&str> = new_off.iter().map(String::as_str).collect();
    let mut changes = Vec::new();
    for item in catalogue_order(base.catalogue, head.catalogue, scope) {
        let at = |catalogue: &Catalogue, off: &BTreeSet<&str>| {
            catalogue
                .items
                .iter()
                .find(|i| i.id == item.id)
                .map(|i| effective_automation(i, off))
        };
        let (before, after) = (at(base.catalogue, &old_off), at(head.catalogue, &new_off));
        if before == after {
            continue;
        }
        changes.push(AutomationChange {
            item: item.id.to_string(),
            before,
            after,
            weakens: automation_rank(after) < automation_rank(before),
        });
    }
    changes
}

fn disabled_changes(base: &Config, head: &Config, items_of: &ItemsOfCheck) -> Vec<DisabledChange> {
    let old: BTreeSet<&String> = base.disable.iter().collect();
    let new: BTreeSet<&String> = head.disable.iter().collect();
    let mut changes: Vec<DisabledChange> = new
        .difference(&old)
        .map(|check| (check, Presence::Added))
        .chain(old.difference(&new).map(|check| (check, Presence::Removed)))
        .map(|(check, change)| DisabledChange {
            check: (*check).clone(),
            change,
            items: items_of.of(check),
            weakens: change == Presence::Added,
        })
        .collect();
    changes.sort_by(|a, b| a.check.cmp(&b.check));
    changes
}

/// Parameters as `area.key` → value.
fn flatten(params: &Value) -> BTreeMap<String, Value> {
    let mut flat = BTreeMap::new();
    for (area, values) in params.as_object().into_iter().flatten() {
        for (key, value) in values.as_object().into_iter().flatten() {
            flat.insert(format!("{area}.{key}"), value.clone());
        }
    }
    flat
}

/// The entries of a list or map parameter, one string each, for set comparison: a list's
/// elements; a map's `key: element` pairs.
fn entries(value: &Value) -> BTreeSet<String> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        Value::Array(list) => list.iter().map(text).collect(),
        Value::Object(map) => map
            .iter()
            .flat_map(|(key, v)| match v {
                Value::Array(list) => list.iter().map(|e| format!("{key}: {}", text(e))).collect(),
                other => vec![format!("{key}: {}", text(other))],
            })
            .collect(),
        other => BTreeSet::from([text(other)]),
    }
}

fn verdict(
    weakening: Option<Weakening>,
    base: &Value,
    head: &Value,
    added: &[String],
    removed: &[String],
) -> ParamVerdict {
    let numbers = base.as_f64().zip(head.as_f64());
    let by_number = |weaker_when_lower: bool| match numbers {
        Some((old, new)) if (new < old) == weaker_when_lower && new != old => ParamVerdict::Weaker,
        Some((old, new)) if new != old => ParamVerdict::Stricter,
        _ => ParamVerdict::Changed,
    };
    let by_entries = |weaker: &[String], stricter: &[String]| {
        if !weaker.is_empty() {
            ParamVerdict::Weaker
        } else if !stricter.is_empty() {
            ParamVerdict::Stricter
        } else {
            ParamVerdict::Changed
        }
    };
    match weakening {
        Some(Weakening::Lower) => by_number(true),
        Some(Weakening::Higher) => by_number(false),
        Some(Weakening::More) => by_entries(added, removed),
        Some(Weakening::Fewer) => by_entries(removed, added),
        Some(Weakening::Disabled) => match (base.as_bool(), head.as_bool()) {
            (Some(true), Some(false)) => ParamVerdict::Weaker,
            (Some(false), Some(true)) => ParamVerdict::Stricter,
            _ => ParamVerdict::Changed,
        },
        Some(Weakening::Any) => ParamVerdict::Weaker,
        None => ParamVerdict::Changed,
    }
}

fn param_changes(
    base: &PolicyBundle,
    head: &PolicyBundle,
    directions: &BTreeMap<String, Weakening>,
    items_of: &ItemsOfCheck,
) -> Vec<ParamChange> {
    let mut readers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for check in base.checks().iter().chain(head.checks()) {
        for keys in referenced_params(&check.source) {
            readers
                .entry(keys.join("."))
                .or_default()
                .insert(check.meta.id.to_string());
        }
    }
    let (old, new) = (flatten(base.params()), flatten(head.params()));
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut changes = Vec::new();
    for key in keys {
        let before = old.get(key).cloned().unwrap_or(Value::Null);
        let after = new.get(key).cloned().unwrap_or(Value::Null);
        if before == after {
            continue;
        }
        let collection = |v: &Value| v.is_array() || v.is_object();
        let (added, removed) = if collection(&before) || collection(&after) {
            let (b, a) = (entries(&before), entries(&after));
            (
                a.difference(&b).cloned().collect::<Vec<_>>(),
                b.difference(&a).cloned().collect::<Vec<_>>(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let weakening = directions.get(key).copied();
        let verdict = verdict(weakening, &before, &after, &added, &removed);
        let checks: Vec<String> = readers
            .get(key)
            .map(|ids| ids.iter().cloned().collect())
            .unwrap_or_default();
        changes.push(ParamChange {
            key: key.clone(),
            items: items_of.of_all(&checks),
            checks,
            base: before,
            head: after,
            added,
            removed,
            weakening,
            verdict,
            weakens: verdict == ParamVerdict::Weaker,
        });
    }
    changes
}

fn waiver_changes(base: &Config, head: &Config, items_of: &ItemsOfCheck) -> Vec<WaiverChange> {
    type Key = (String, Option<String>);
    let group = |config: &Config| -> BTreeMap<Key, Vec<crate::config::WaiverEntry>> {
        let mut map: BTreeMap<Key, Vec<_>> = BTreeMap::new();
        for waiver in &config.waivers {
            map.entry((waiver.check.to_string(), waiver.subject.clone()))
                .or_default()
                .push(waiver.clone());
        }
        map
    };
    let (old, new) = (group(base), group(head));
    let keys: BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
    let mut changes = Vec::new();
    for key in keys {
        let none = Vec::new();
        let (before, after) = (old.get(key).unwrap_or(&none), new.get(key).unwrap_or(&none));
        for index in 0..before.len().max(after.len()) {
            let (b, a) = (before.get(index), after.get(index));
            let kind = match (b, a) {
                (None, Some(_)) => WaiverChangeKind::Added,
                (Some(_), None) => WaiverChangeKind::Removed,
                (Some(b), Some(a)) if a.expires > b.expires => WaiverChangeKind::Extended,
                (Some(b), Some(a)) if a.expires < b.expires => WaiverChangeKind::Shortened,
                (Some(b), Some(a)) if a.reason != b.reason || a.approver != b.approver => {
                    WaiverChangeKind::Changed
                }
                _ => continue,
            };
            let Some(shown) = a.or(b) else { continue };
            changes.push(WaiverChange {
                check: key.0.clone(),
                subject: key.1.clone(),
                kind,
                base_expires: b.map(|w| w.expires.iso()),
                head_expires: a.map(|w| w.expires.iso()),
                reason: shown.reason.clone(),
                approver: shown.approver.clone(),
                items: items_of.of(&key.0),
                weakens: matches!(kind, WaiverChangeKind::Added | WaiverChangeKind::Extended),
            });
        }
    }
    changes
}

fn exception_changes(base: &Config, head: &Config) -> Vec<ExceptionChange> {
    type Key = (ItemId, Option<CheckId>);
    let by_key = |config: &Config| -> BTreeMap<Key, crate::config::ExceptionEntry> {
        config
            .exceptions
            .iter()
            .map(|e| ((e.item.clone(), e.check.clone()), e.clone()))
            .collect()
    };
    let (old, new) = (by_key(base), by_key(head));
    let keys: BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
    let mut changes = Vec::new();
    for key in keys {
        let (b, a) = (old.get(key), new.get(key));
        let subjects = |entry: Option<&crate::config::ExceptionEntry>| -> BTreeSet<String> {
            entry
                .map(|e| e.subjects.iter().cloned().collect())
                .unwrap_or_default()
        };
        let (before, after) = (subjects(b), subjects(a));
        let added: Vec<String> = after.difference(&before).cloned().collect();
        let removed: Vec<String> = before.difference(&after).cloned().collect();
        let kind = match (b, a) {
            (None, Some(_)) => WaiverChangeKind::Added,
            (Some(_), None) => WaiverChangeKind::Removed,
            (Some(b), Some(a)) if a.review_by > b.review_by => WaiverChangeKind::Extended,
            (Some(b), Some(a)) if a.review_by < b.review_by => WaiverChangeKind::Shortened,
            (Some(b), Some(a))
                if !added.is_empty()
                    || !removed.is_empty()
                    || a.reason != b.reason
                    || a.approved_by != b.approved_by =>
            {
                WaiverChangeKind::Changed
            }
            _ => continue,
        };
        let Some(shown) = a.or(b) else { continue };
        let weakens = matches!(kind, WaiverChangeKind::Added | WaiverChangeKind::Extended)
            || (b.is_some() && !added.is_empty());
        changes.push(ExceptionChange {
            item: key.0.clone(),
            check: key.1.clone(),
            kind,
            base_review_by: b.map(|e| e.review_by.iso()),
            head_review_by: a.map(|e| e.review_by.iso()),
            subjects_added: if b.is_some() { added } else { Vec::new() },
            subjects_removed: if a.is_some() { removed } else { Vec::new() },
            reason: shown.reason.clone(),
            approved_by: shown.approved_by.clone(),
            weakens,
        });
    }
    changes
}

fn attestation_changes(base: &Config, head: &Config) -> Vec<AttestationChange> {
    let by_item = |config: &Config| -> BTreeMap<ItemId, crate::config::AttestationEntry> {
        config
            .attestations
            .iter()
            .map(|a| (a.item.clone(), a.clone()))
            .collect()
    };
    let (old, new) = (by_item(base), by_item(head));
    let items: BTreeSet<&ItemId> = old.keys().chain(new.keys()).collect();
    let mut changes = Vec::new();
    for item in items {
        let (b, a) = (old.get(item), new.get(item));
        let kind = match (b, a) {
            (None, Some(_)) => AttestationChangeKind::Added,
            (Some(_), None) => AttestationChangeKind::Removed,
            (Some(b), Some(a)) if a.date > b.date => AttestationChangeKind::Renewed,
            (Some(b), Some(a)) if a != b => AttestationChangeKind::Changed,
            _ => continue,
        };
        let Some(shown) = a.or(b) else { continue };
        changes.push(AttestationChange {
            item: item.clone(),
            kind,
            base_date: b.map(|x| x.date.iso()),
            head_date: a.map(|x| x.date.iso()),
            by: shown.by.clone(),
            evidence: shown.evidence.clone(),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_move_the_declared_way() {
        let lower = Some(Weakening::Lower);
        assert_eq!(
            verdict(lower, &json!(0.95), &json!(0.8), &[], &[]),
            ParamVerdict::Weaker
        );
        assert_eq!(
            verdict(lower, &json!(0.8), &json!(0.95), &[], &[]),
            ParamVerdict::Stricter
        );
        let higher = Some(Weakening::Higher);
        assert_eq!(
            verdict(higher, &json!(365), &json!(400), &[], &[]),
            ParamVerdict::Weaker
        );
        assert_eq!(
            verdict(None, &json!(1), &json!(2), &[], &[]),
            ParamVerdict::Changed
        );
    }

    #[test]
    fn collections_and_flags_move_the_declared_way() {
        let added = vec!["us-east-1".to_string()];
        assert_eq!(
            verdict(Some(Weakening::More), &json!([]), &json!([]), &added, &[]),
            ParamVerdict::Weaker
        );
        assert_eq!(
            verdict(Some(Weakening::Fewer), &json!([]), &json!([]), &added, &[]),
            ParamVerdict::Stricter
        );
        assert_eq!(
            verdict(
                Some(Weakening::Disabled),
                &json!(true),
                &json!(false),
                &[],
                &[]
            ),
            ParamVerdict::Weaker
        );
        assert_eq!(
            verdict(Some(Weakening::Any), &json!("a"), &json!("b"), &[], &[]),
            ParamVerdict::Weaker
        );
    }

    #[test]
    fn map_entries_are_compared_pair_by_pair() {
        let before = entries(&json!({"data_classification": ["patient", "personal"]}));
        let after = entries(&json!({"data_classification": ["patient"]}));
        let removed: Vec<&String> = before.difference(&after).collect();
        assert_eq!(removed, vec!["data_classification: personal"]);
    }
}
