//! `dspt check --timings`: where a run spent its time.

use dspt_engine::run::Timings;

/// Checks listed: the slowest, where a platform team looks first.
const TIMED_CHECKS_SHOWN: usize = 60;

/// `--timings`: phases in order, then the slowest checks (the caller writes it to standard
/// error, so the report on standard output is unchanged).
pub fn text(timings: &Timings) -> String {
    let millis = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mut out = String::from("timings (wall clock, ms):\n");
    for (phase, elapsed) in &timings.phases {
        out.push_str(&format!("  {:>9.1}  {phase}\n", millis(*elapsed)));
    }
    let total = timings
        .wall
        .unwrap_or_else(|| timings.phases.iter().map(|(_, d)| *d).sum());
    out.push_str(&format!("  {:>9.1}  total\n", millis(total)));
    let mut checks = timings.checks.clone();
    checks.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.push_str(&format!(
        "slowest checks (of {}; each on one thread):\n",
        checks.len()
    ));
    for (id, elapsed) in checks.iter().take(TIMED_CHECKS_SHOWN) {
        out.push_str(&format!("  {:>9.1}  {id}\n", millis(*elapsed)));
    }
    out
}
