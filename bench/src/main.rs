//! `dspt-synth --scale N --out DIR`: writes a synthetic organisation for the benchmark
//! (`bench/run.sh`); see `BENCHMARKS.md`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut scale = 1;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--scale", Some(value)) => match value.parse() {
                Ok(n) => scale = n,
                Err(_) => return usage(&format!("--scale {value} is not a number")),
            },
            ("--out", Some(value)) => out = Some(PathBuf::from(value)),
            _ => return usage(&format!("unexpected `{arg}`")),
        }
    }
    let Some(out) = out else {
        return usage("--out DIR is required");
    };
    match dspt_bench::write_organisation(&out, scale) {
        Ok(expected) => {
            println!(
                "{}: {} repository files ({} YAML/JSON), {} resources, {} staff",
                out.display(),
                expected.repository_files,
                expected.structured_files,
                expected.resources,
                expected.staff
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: dspt-synth --scale N --out DIR");
    ExitCode::from(2)
}
