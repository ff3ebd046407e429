//! Work spread over the cores: the worker pool, built on first need, and
//! maps that stay on the calling thread when there is too little work to
//! share (a pre-commit run on one file must not pay for starting threads).

use std::sync::Once;

use rayon::prelude::*;

/// Below this many files, work stays on the calling thread: handing one
/// file's work to another thread costs more than it saves.
const SMALL: usize = 4;

/// Stack for worker threads. YAML nesting is capped at 64 levels, but each
/// level costs several frames when the typed model is read from the tree,
/// which in unoptimised builds can outgrow the default 2 MiB; the memory is
/// reserved, not used, until needed. The main thread has as much (`main.rs`).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Builds the worker pool, once, with roomy stacks. Every use of rayon goes
/// through here first: a pool rayon built by itself would have small stacks.
pub fn ready() {
    static POOL: Once = Once::new();
    POOL.call_once(|| {
        // As many threads as cores (or RAYON_NUM_THREADS, which rayon reads).
        // Fails only if a pool already exists (an embedding program's), which is fine.
        let _ = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK_BYTES).build_global();
    });
}

/// `f` over `items` with their positions, in order; on every core when the
/// items are many.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync + Send) -> Vec<R> {
    map_weighed(items, items.len(), f)
}

/// As [`map`], sharing the work only when `files` (how many files the work
/// covers, which may differ from the number of items) are many.
pub fn map_weighed<T: Sync, R: Send>(items: &[T], files: usize, f: impl Fn(usize, &T) -> R + Sync + Send) -> Vec<R> {
    if files < SMALL || items.len() < 2 {
        return items.iter().enumerate().map(|(i, item)| f(i, item)).collect();
    }
    ready();
    items.par_iter().enumerate().map(|(i, item)| f(i, item)).collect()
}

/// As [`map`], taking the items.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(usize, T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < SMALL {
        return items.into_iter().enumerate().map(|(i, item)| f(i, item)).collect();
    }
    ready();
    items.into_par_iter().enumerate().map(|(i, item)| f(i, item)).collect()
}

/// How many light items (a finding to place) are worth sharing over the cores.
const MANY_SMALL_ITEMS: usize = 4096;

/// Appends what `f` makes of each of `items`, in order; on every core when
/// the items are many. The items are taken, and what is made is written
/// straight into `into`, with no list of its own first: a large run places
/// hundreds of thousands of findings this way.
pub fn extend<T: Send, R: Send>(into: &mut Vec<R>, items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) {
    // Each item is little work: only many are worth starting the workers for.
    if items.len() < MANY_SMALL_ITEMS {
        into.extend(items.into_iter().map(f));
        return;
    }
    ready();
    into.par_extend(items.into_par_iter().map(f));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_keep_the_order_whether_shared_or_not() {
        for n in [0usize, 1, 3, 4, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = map(&items, |i, x| (i, x.saturating_mul(2)));
            assert_eq!(doubled, items.iter().map(|x| (*x, x.saturating_mul(2))).collect::<Vec<_>>());
            let owned = map_owned(items.clone(), |i, x| i.saturating_add(x));
            assert_eq!(owned, items.iter().map(|x| x.saturating_mul(2)).collect::<Vec<_>>());
        }
    }
}
