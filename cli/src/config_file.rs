//! Finding and loading `dspt.yaml`: the file given with `--config`, else `dspt.yaml` in the
//! current folder when there is one, else an empty configuration.

use std::path::Path;

use dspt_engine::config::Config;

/// Config file looked for in the current folder when `--config` is not given.
const DEFAULT_CONFIG: &str = "dspt.yaml";

/// Loads the configuration.
pub fn load(path: Option<&Path>) -> anyhow::Result<Config> {
    match path {
        Some(path) => Ok(Config::load(path)?),
        None if Path::new(DEFAULT_CONFIG).is_file() => Ok(Config::load(Path::new(DEFAULT_CONFIG))?),
        None => Ok(Config::default()),
    }
}
