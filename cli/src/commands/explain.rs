//! `dspt explain ID`: an evidence item (requirement, checks, guidance, source) or a check
//! (metadata, the items it evidences, the parameters it reads with their effective values, and
//! its Rego source).

use anyhow::bail;
use dspt_engine::catalogue::{Catalogue, CatalogueItem};
use dspt_engine::model::ExitStatus;

use crate::args::ExplainArgs;
use crate::render::explain;

/// Prints each explanation in turn, or an error naming every id that matches nothing.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitStatus> {
    let config = crate::config_file::load(args.config.as_deref())?;
    let policy_dirs: Vec<_> = config
        .policies
        .iter()
        .chain(&args.policies)
        .cloned()
        .collect();
    let bundle = dspt_engine::run::load_bundle(&config, &policy_dirs)?;
    let catalogues = Catalogue::builtin()?;
    let mut out = String::new();
    let mut unknown = Vec::new();
    for id in &args.ids {
        let before = out.len();
        let items: Vec<(&Catalogue, &CatalogueItem)> = catalogues
            .iter()
            .flat_map(|c| c.items.iter().filter(|i| i.id == *id).map(move |i| (c, i)))
            .collect();
        for (catalogue, item) in &items {
            explain::item(&mut out, catalogue, item, &bundle)?;
        }
        if let Some(check) = bundle.check(id) {
            explain::check(&mut out, check, &bundle, &catalogues)?;
        }
        if out.len() == before {
            unknown.push(format!("`{id}`"));
        }
    }
    if !unknown.is_empty() {
        bail!(
            "no evidence item or check has the id {}; `dspt list` shows the items",
            unknown.join(", ")
        );
    }
    crate::output::write_stdout(&out)?;
    Ok(ExitStatus::Pass)
}
