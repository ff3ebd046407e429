//! ## What it does
//! Reports every key the file format does not define, and suggests the known
//! key it most resembles.
//!
//! ## Why is this bad?
//! A misspelt key is a value nobody reads: `baseline` typed as `basline`
//! looks filled in to a reviewer, yet the KR has no baseline as far as any
//! tool is concerned. Every unknown key in a file is reported in one run.
//!
//! ## Example
//! ```yaml
//! key_results:
//!   - id: ttv
//!     basline: 3
//!     targt: 1
//! ```
//!
//! ## Use instead
//! ```yaml
//! key_results:
//!   - id: ttv
//!     baseline: 3
//!     target: 1
//! ```

use super::{Context, Rule, Scope, Sink};
use crate::diagnostic::Severity;
use crate::load::ProblemKind;

pub const RULE: Rule = Rule {
    code: "OKR002",
    name: "unknown-field",
    severity: Severity::Error,
    summary: "a key the format does not know (suggests the closest known key)",
    scope: Scope::File,
    source: include_str!("unknown_field.rs"),
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (file, problem) in &ctx.index.problems {
        if problem.kind == ProblemKind::UnknownField {
            sink.report_fixable(
                *file,
                problem.span,
                problem.message.clone(),
                problem.help.clone(),
                problem.fix.clone(),
            );
        }
    }
}
