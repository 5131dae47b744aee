//! Work spread over a few threads with results in a fixed order, so any thread count gives the
//! same output. Scoped threads taking the next item from a shared counter: the items (checks,
//! evidence sections, repository files) vary in cost by orders of magnitude, so a static split
//! would leave one thread idle.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` applied to every item on up to `jobs` threads, each taking the next item from a shared
/// counter; results in the items' order whatever the thread count (`None` only where a thread
/// stopped before its item).
pub(crate) fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let worker = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                break;
            };
            let outcome = work(item);
            if let Ok(mut slot) = slots[index].lock() {
                *slot = Some(outcome);
            }
        }
    };
    let jobs = jobs.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..jobs {
            scope.spawn(worker);
        }
        worker();
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_whatever_the_threads() {
        let items: Vec<u64> = (0..200).collect();
        for jobs in [0, 1, 2, 7, 500] {
            let squares: Vec<u64> = in_parallel(&items, jobs, |n| n * n)
                .into_iter()
                .map(|square| square.unwrap())
                .collect();
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
        assert!(in_parallel(&[] as &[u8], 4, |_| ()).is_empty());
    }
}
