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

use rustc_hash::FxHashMap as HashMap;

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::{Severity, quote};
use crate::join::{AlignmentLink, Def, Reference};
use crate::load::{RefKind, position};
use crate::source::FileId;

pub const RULE: Rule = Rule {
    code: "OKR504",
    name: "alignment-cycle",
    severity: Severity::Error,
    summary: "`contributes_to`/`aligns_to` links form a cycle, or a set links to itself",
    scope: Scope::Project,
    source: include_str!("alignment_cycle.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let join = ctx.join;
    // Nodes: every objective of the project, each followed by its KRs, so a
    // node's number is worked out, not looked up. Edges: KR → its objective,
    // and each resolved alignment link.
    let mut first_node: HashMap<FileId, Vec<usize>> = HashMap::default();
    let mut nodes: Vec<Def> = Vec::new();
    let mut edges: Vec<(usize, usize, Option<&Reference>)> = Vec::new();
    for (file, set) in join.sets() {
        let mut starts = Vec::with_capacity(set.objectives.len());
        for (o, objective) in set.objectives.iter().enumerate() {
            starts.push(nodes.len());
            nodes.push(Def::Objective { file, objective: position(o) });
            nodes.extend((0..objective.key_results.len()).map(|k| Def::Kr {
                file,
                objective: position(o),
                kr: position(k),
            }));
        }
        first_node.insert(file, starts);
    }
    // Each KR points at its objective.
    for (n, def) in nodes.iter().enumerate() {
        if let Def::Kr { file, objective, .. } = *def
            && let Some(&start) = first_node.get(&file).and_then(|s| s.get(objective as usize))
        {
            edges.push((n, start, None));
        }
    }
    let node = |d: Def| -> Option<usize> {
        let (file, objective, kr) = match d {
            Def::Objective { file, objective } => (file, objective, None),
            Def::Kr { file, objective, kr } => (file, objective, Some(kr)),
            Def::Set { .. } | Def::Metric { .. } => return None,
        };
        let start = *first_node.get(&file)?.get(objective as usize)?;
        Some(kr.map_or(start, |k| start + 1 + k as usize))
    };
    for AlignmentLink { from, to: target, reference } in join.alignment_links() {
        let written = join.written(reference);
        if written.kind == RefKind::AlignsTo && target.file() == reference.file {
            if ctx.reported(reference.file) {
                sink.report(
                    reference.file,
                    written.span,
                    format!("the objective aligns to {} in its own set", quote(&join.ref_of(target))),
                    "align to an objective or key result of a parent set (the company's or your department's)",
                );
            }
            continue;
        }
        let (Some(from), Some(to)) = (node(from), node(target)) else { continue };
        edges.push((from, to, Some(reference)));
    }
    let adjacency = Graph::new(nodes.len(), edges.iter().map(|(from, to, _)| (*from, *to)));
    let (component_of, cycles) = strongly_connected(&adjacency);
    for members in &cycles {
        let c = component_of[members[0]];
        // A cycle through a named file is reported wherever it is reported.
        if !members.iter().any(|m| ctx.reported(nodes[*m].file())) {
            continue;
        }
        // The links inside the cycle; report at the one in the latest file.
        let inside: Vec<(usize, &Reference)> = edges
            .iter()
            .filter(|(f, t, _)| component_of[*f] == c && component_of[*t] == c)
            .filter_map(|(from, _, link)| Some((*from, (*link)?)))
            .collect();
        let Some(&(end, at)) =
            inside.iter().max_by_key(|(_, r)| (&join.files[r.file].display, join.written(r).span.start()))
        else {
            continue;
        };
        // The cycle in link order, from the reported link round to it again.
        let Some(start) = at.target.and_then(node) else { continue };
        let path = path_within(&adjacency, &component_of, c, start, end);
        // Each member of the message ends a link of the cycle: a set of them,
        // looked up per path member (linear; a long cycle must not be quadratic).
        let link_ends: rustc_hash::FxHashSet<Def> =
            inside.iter().flat_map(|(from, r)| [Some(nodes[*from]), r.target]).flatten().collect();
        let ends = |d: Def| link_ends.contains(&d);
        let mut order: Vec<Def> = vec![nodes[end]];
        order.extend(path.iter().map(|m| nodes[*m]).filter(|d| ends(*d) && *d != nodes[end]));
        sink.report(
            at.file,
            join.written(at).span,
            format!("alignment links form a cycle: {}", cycle_text(join, &order)),
            "alignment points upward; remove or redirect one of these links so that it ends at a parent objective",
        );
    }
}

/// At most this many members are named in a cycle's message.
const SHOWN: usize = 6;

/// `a` → `b` → `c` → `a`, cut after `SHOWN` members with "… and N more".
fn cycle_text(join: &crate::join::Join, order: &[Def]) -> String {
    let mut shown: Vec<String> = order.iter().take(SHOWN).map(|d| quote(&join.ref_of(*d))).collect();
    if order.len() > SHOWN {
        shown.push(format!("… and {} more", order.len() - SHOWN));
    }
    if let Some(first) = order.first() {
        shown.push(quote(&join.ref_of(*first)));
    }
    shown.join(" → ")
}

/// Edges by node, in two flat arrays (one allocation, not one per node: a
/// 10,000-set project has some 150,000 objectives and KRs).
struct Graph {
    offsets: Vec<usize>,
    targets: Vec<usize>,
}

impl Graph {
    fn new(nodes: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Graph {
        let mut offsets = vec![0usize; nodes + 1];
        for (from, _) in edges.clone() {
            offsets[from + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0usize; offsets[nodes]];
        for (from, to) in edges {
            targets[fill[from]] = to;
            fill[from] += 1;
        }
        Graph { offsets, targets }
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn next(&self, v: usize) -> &[usize] {
        &self.targets[self.offsets[v]..self.offsets[v + 1]]
    }
}

/// The nodes on a shortest path from `start` to `end` inside component `c`
/// (breadth first, so a long cycle costs time linear in its size).
fn path_within(adjacency: &Graph, component_of: &[usize], c: usize, start: usize, end: usize) -> Vec<usize> {
    let mut previous: HashMap<usize, usize> = HashMap::default();
    let mut queue = std::collections::VecDeque::from([start]);
    previous.insert(start, start);
    while let Some(v) = queue.pop_front() {
        if v == end {
            break;
        }
        for &w in adjacency.next(v) {
            if component_of[w] == c && !previous.contains_key(&w) {
                previous.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    let mut path = vec![end];
    let mut at = end;
    while at != start {
        match previous.get(&at) {
            Some(&p) => {
                path.push(p);
                at = p;
            }
            None => break,
        }
    }
    path.reverse();
    path
}

/// Tarjan's strongly connected components, iteratively (a 10,000-link chain
/// must not overflow the stack): each node's component, and the members of
/// the components that are cycles (two nodes or more, or a self-loop).
fn strongly_connected(adjacency: &Graph) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = adjacency.len();
    let mut component_of = vec![usize::MAX; n];
    let mut cycles = Vec::new();
    let mut count = 0;
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
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
            if let Some(&w) = adjacency.next(v).get(*edge) {
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
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component_of[w] = count;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                count += 1;
                if members.len() > 1 || adjacency.next(v).contains(&v) {
                    cycles.push(members);
                }
            }
        }
    }
    (component_of, cycles)
}

#[cfg(test)]
mod tests {
    use super::{Graph, strongly_connected};

    #[test]
    fn finds_cycles_and_survives_long_chains() {
        let graph = Graph::new(5, [(0, 1), (1, 2), (2, 0), (3, 3)].into_iter());
        let (component_of, cycles) = strongly_connected(&graph);
        let mut sizes: Vec<usize> = cycles.iter().map(Vec::len).collect();
        sizes.sort();
        assert_eq!(sizes, vec![1, 3], "the triangle and the self-loop; node 4 is no cycle");
        assert_eq!(component_of[0], component_of[2]);
        assert_ne!(component_of[3], component_of[4]);
        let n = 100_000;
        let chain = Graph::new(n, (0..n).map(|i| (i, (i + 1) % n)));
        assert_eq!(strongly_connected(&chain).1.len(), 1);
    }
}
