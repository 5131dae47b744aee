//! The `dspt` binary: argument parsing, file plumbing and exit codes around `dspt_engine`.

mod args;
mod commands;
mod config_file;
mod evidence;
mod output;
mod render;

use std::process::ExitCode;

use clap::Parser;
use dspt_engine::model::ExitStatus;

// The interpreter allocates and frees a value for nearly every step it takes; on the scale-100
// benchmark the system allocator took a fifth of the CPU time (BENCHMARKS.md). mimalloc v2, not
// v3: v3 returned freed pages to the kernel and faulted them back in (3x the system time, +35 MB).
// `no_thp`: asked for transparent huge pages, v2 zeroed a 2 MB page for every segment it took
// back from the kernel (a sixth of the CPU time at scale 100).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // Help and version are successes; every other usage error is an untrusted run.
            return if error.use_stderr() {
                ExitCode::from(ExitStatus::Error.code())
            } else {
                ExitCode::from(ExitStatus::Pass.code())
            };
        }
    };
    let result = match cli.command {
        args::Command::Check(check_args) => commands::check::run(check_args),
        args::Command::Test(test_args) => commands::test::run(test_args),
        args::Command::List(list_args) => commands::list::run(list_args),
        args::Command::Explain(explain_args) => commands::explain::run(explain_args),
        args::Command::Config(config_args) => commands::config::run(config_args),
        args::Command::Init(init_args) => commands::init::run(init_args),
        args::Command::Diff(diff_args) => commands::diff::run(diff_args),
        args::Command::Compare(compare_args) => commands::compare::run(compare_args),
        args::Command::Aggregate(aggregate_args) => commands::aggregate::run(aggregate_args),
    };
    match result {
        Ok(status) => ExitCode::from(status.code()),
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            // A run that cannot be trusted: bad flags, bad input, policy errors.
            ExitCode::from(ExitStatus::Error.code())
        }
    }
}
