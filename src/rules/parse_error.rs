//! ## What it does
//! Reports a file okrlint cannot read as intended: YAML that does not parse,
//! a value of the wrong type (a list where text belongs, quoted numbers), a
//! required key that is missing, a number that is not finite, a date that does
//! not exist, and documents over the size, depth or alias budget.
//!
//! ## Why is this bad?
//! Every other check depends on reading the file correctly. A file that only
//! half-loads would silently skip the checks for the part that did not load,
//! so the problem is reported at the exact spot and the file fails the gate.
//!
//! ## Example
//! ```yaml
//! objectives:
//!   - id: faster-value
//!     title: Shorten time to value for new customers
//!     key_results:
//!       - id: ttv
//!         baseline: "3"        # a quoted number is text
//!         due: 2026-02-30      # February has no 30th
//! ```
//!
//! ## Use instead
//! ```yaml
//!         baseline: 3
//!         due: 2026-02-27
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::load::ProblemKind;

pub const RULE: Rule = Rule {
    code: "OKR001",
    name: "parse-error",
    severity: Severity::Error,
    summary: "invalid YAML, wrong type, missing required key, over a size/depth/alias budget",
    scope: Scope::File,
    source: include_str!("parse_error.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (file, problem) in &ctx.index.problems {
        if problem.kind == ProblemKind::Parse {
            sink.report(*file, problem.span, problem.message.clone(), problem.help.clone());
        }
    }
}
