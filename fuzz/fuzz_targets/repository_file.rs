//! Any bytes, under each kind of path a repository holds: parsed or recorded, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 6] = [
    "package.json",
    ".github/dependabot.yml",
    "Cargo.toml",
    "CODEOWNERS",
    ".github/workflows/ci.yaml",
    "src/main.py",
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(*first) % PATHS.len()];
    let _ = dspt_engine::sources::files::parse_file(path, rest);
    let _ = dspt_engine::sources::secrets::scan(path, rest);
});
