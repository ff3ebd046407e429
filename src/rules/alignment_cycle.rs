//! ## What it does
//! Follows `aligns_to` and `contributes_to` links (and each key result's roll-up
//! into its objective) and reports every cycle once, in the later file by path
//! order. It also reports an objective aligned to an objective or key result of
//! its own set.
//!
//! ## Why is this bad?
//! Alignment is a tree of "this moves that". A cycle means progress is
//! claimed in a loop and no roll-up can say what it contributes to; a set
//! that aligns to itself claims support without connecting to anything above.
//!
//! ## Example
//! ```yaml
//! # sales.okr.yaml
//!     aligns_to: marketing/pipeline
//! # marketing.okr.yaml
//!     aligns_to: sales/revenue
//! ```
//!
//! ## Use instead
//! ```yaml
//! # both align upward, to the company objective
//!     aligns_to: company/grow-revenue
//! ```

use std::collections::HashMap;

use super::{Context, Rule, Sink};
use crate::diagnostic::{Severity, quote};
use crate::index::{Link, LinkKind, Target};

pub const RULE: Rule = Rule {
    code: "OKR504",
    name: "alignment-cycle",
    severity: Severity::Error,
    summary: "`contributes_to`/`aligns_to` links form a cycle, or a set links to itself",
    source: include_str!("alignment_cycle.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let index = ctx.index;
    // Nodes: every objective and KR; edges: KR → its objective, and each resolved link.
    let mut ids: HashMap<Target, usize> = HashMap::new();
    let mut nodes: Vec<Target> = Vec::new();
    let mut node = |t: Target, ids: &mut HashMap<Target, usize>| {
        *ids.entry(t).or_insert_with(|| {
            nodes.push(t);
            nodes.len() - 1
        })
    };
    let mut edges: Vec<(usize, usize, Option<&Link>)> = Vec::new();
    for (r, _, _, _) in index.key_results() {
        let from = node(Target::Kr(r), &mut ids);
        let to = node(Target::Objective(r.objective()), &mut ids);
        edges.push((from, to, None));
    }
    for link in &index.links {
        let Some(target) = link.target else { continue };
        if link.kind == LinkKind::AlignsTo && target.set() == link.from.set() {
            sink.report(
                link.file,
                link.span,
                format!("the objective aligns to {} in its own set", quote(&index.ref_of(target))),
                "align to an objective or key result of a parent set (the company's or your department's)",
            );
            continue;
        }
        let from = node(link.from, &mut ids);
        let to = node(target, &mut ids);
        edges.push((from, to, Some(link)));
    }
    let count = ids.len();
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (from, to, _) in &edges {
        adjacency[*from].push(*to);
    }
    let components = strongly_connected(&adjacency);
    let mut component_of = vec![usize::MAX; count];
    for (c, members) in components.iter().enumerate() {
        for m in members {
            component_of[*m] = c;
        }
    }
    for (c, members) in components.iter().enumerate() {
        let self_loop = members.len() == 1 && adjacency[members[0]].contains(&members[0]);
        if members.len() < 2 && !self_loop {
            continue;
        }
        // The links inside the cycle; report at the one in the latest file.
        let inside: Vec<&Link> = edges
            .iter()
            .filter(|(f, t, _)| component_of[*f] == c && component_of[*t] == c)
            .filter_map(|(_, _, link)| *link)
            .collect();
        let Some(at) = inside.iter().max_by_key(|l| (&index.files[l.file].display, l.span.start)) else { continue };
        let mut refs: Vec<String> = members
            .iter()
            .map(|m| nodes[*m])
            .filter(|t| inside.iter().any(|l| l.from == *t || l.target == Some(*t)))
            .map(|t| index.ref_of(t))
            .collect();
        refs.sort();
        sink.report(
            at.file,
            at.span,
            format!(
                "alignment links form a cycle through {}",
                refs.iter().map(|r| quote(r)).collect::<Vec<_>>().join(", ")
            ),
            "alignment points upward; remove or redirect one of these links so that it ends at a parent objective",
        );
    }
}

/// Tarjan's strongly connected components, iteratively (a 10,000-link chain
/// must not overflow the stack).
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adjacency.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adjacency[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_survives_long_chains() {
        let graph = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let mut sizes: Vec<usize> = strongly_connected(&graph).iter().map(Vec::len).collect();
        sizes.sort();
        assert_eq!(sizes, vec![1, 1, 3]);
        let chain: Vec<Vec<usize>> =
            (0..100_000).map(|i| if i + 1 < 100_000 { vec![i + 1] } else { vec![0] }).collect();
        assert_eq!(strongly_connected(&chain).len(), 1);
    }
}
