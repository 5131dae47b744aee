//! The layer rule, enforced: the engine's top-level modules import one another without a cycle,
//! and `model` (the shared vocabulary) imports nothing from the rest of the engine.
//!
//! Edges are read from the code itself: every `crate::<module>` path outside `#[cfg(test)]`
//! sections (tests may reach across layers). A module's files are `src/<module>.rs` and
//! `src/<module>/**`.

#![allow(clippy::expect_used, reason = "tests fail loudly")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module of each source file, and the top-level modules it names.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ is readable");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src/");
        let first = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a file name");
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("a source file is UTF-8");
        // Tests sit at the end of a file, after `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let uses = graph.entry(module.clone()).or_default();
        for (index, _) in code.match_indices("crate::") {
            let name: String = code[index + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module && name.chars().all(|c| !c.is_uppercase()) {
                uses.insert(name);
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one.
fn cycle_from(
    graph: &BTreeMap<String, BTreeSet<String>>,
    start: &str,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    let current = path.last().cloned().unwrap_or_else(|| start.to_string());
    for next in graph.get(&current).into_iter().flatten() {
        if next == start {
            let mut cycle = path.clone();
            cycle.push(start.to_string());
            return Some(cycle);
        }
        if !path.contains(next) && graph.contains_key(next) {
            path.push(next.clone());
            if let Some(cycle) = cycle_from(graph, start, path) {
                return Some(cycle);
            }
            path.pop();
        }
    }
    None
}

#[test]
fn the_engine_has_no_import_cycle() {
    let graph = module_graph();
    assert!(graph.len() > 15, "{graph:?}");
    for module in graph.keys() {
        let mut path = vec![module.clone()];
        if let Some(cycle) = cycle_from(&graph, module, &mut path) {
            panic!(
                "import cycle between the engine's modules: {} (ARCHITECTURE.md: each layer imports only the layers below it)",
                cycle.join(" → ")
            );
        }
    }
}

#[test]
fn the_model_imports_nothing_from_the_engine() {
    let graph = module_graph();
    let model = graph.get("model").expect("src/model/ exists");
    assert!(
        model.is_empty(),
        "src/model/ names {model:?}: the shared vocabulary must sit below every other layer"
    );
}

/// Statuses are compared as the model's enums, never as strings: a renamed status would
/// otherwise silently stop matching.
#[test]
fn no_status_is_matched_as_a_string_outside_the_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for dir in [root.join("src"), root.join("../cli/src")] {
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.expect("the sources are readable");
            let path = entry.path();
            let in_model = path.components().any(|c| c.as_os_str() == "model");
            if in_model || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(path).expect("a source file is UTF-8");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (number, line) in code.lines().enumerate() {
                if ["\"fail\"", "\"pass\"", "\"not_assessed\""]
                    .iter()
                    .any(|word| line.contains(word))
                {
                    found.push(format!(
                        "{}:{}: {}",
                        path.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "status words outside the model:\n{}",
        found.join("\n")
    );
}
