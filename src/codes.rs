//! Every rule's code and kebab-case name: the public interface SPEC §2 fixes,
//! in code order. A leaf: the configuration checks the rules it names
//! against this table without depending on the rules (which read the
//! configuration); the registry (`rules::registry`) must agree with it, as a
//! test there checks — as ruff keeps its codes table apart from its rules.

/// (code, name) of every rule, in code order.
pub static CODES: &[(&str, &str)] = &[
    ("OKR001", "parse-error"),
    ("OKR002", "unknown-field"),
    ("OKR003", "duplicate-id"),
    ("OKR004", "unresolved-reference"),
    ("OKR005", "invalid-cycle"),
    ("OKR006", "suppression-without-reason"),
    ("OKR007", "placeholder-text"),
    ("OKR008", "unused-suppression"),
    ("OKR101", "missing-owner"),
    ("OKR102", "shared-owner"),
    ("OKR103", "owner-not-person"),
    ("OKR104", "objective-owner-missing"),
    ("OKR105", "unknown-owner"),
    ("OKR201", "missing-baseline"),
    ("OKR202", "missing-target"),
    ("OKR203", "missing-source"),
    ("OKR204", "no-movement"),
    ("OKR205", "invalid-threshold-ladder"),
    ("OKR206", "slow-refresh"),
    ("OKR207", "milestone-kr"),
    ("OKR208", "title-fields-mismatch"),
    ("OKR209", "partial-weights"),
    ("OKR301", "objective-count"),
    ("OKR302", "kr-count"),
    ("OKR303", "micro-okr-shape"),
    ("OKR304", "micro-okr-no-parent"),
    ("OKR401", "objective-has-metric"),
    ("OKR402", "activity-kr"),
    ("OKR403", "project-objective"),
    ("OKR404", "vague-kr"),
    ("OKR405", "long-objective"),
    ("OKR406", "unbalanced-signals"),
    ("OKR501", "unaligned-objective"),
    ("OKR502", "incomplete-dependency"),
    ("OKR503", "late-dependency"),
    ("OKR504", "alignment-cycle"),
    ("OKR601", "checkin-unknown-kr"),
    ("OKR602", "checkin-out-of-cycle"),
    ("OKR603", "duplicate-checkin"),
    ("OKR604", "missed-checkin"),
    ("OKR605", "stale-kr"),
    ("OKR606", "incomplete-checkin"),
    ("OKR607", "invalid-confidence"),
    ("OKR608", "red-without-help"),
    ("OKR609", "red-two-weeks"),
    ("OKR610", "actual-out-of-range"),
    ("OKR611", "confidence-mismatch"),
    ("OKR701", "ungoverned-change"),
    ("OKR702", "missing-learning"),
];

/// A rule's (code, name) by its exact code or name.
pub fn find(code_or_name: &str) -> Option<(&'static str, &'static str)> {
    let wanted = code_or_name.trim();
    CODES.iter().copied().find(|(code, name)| code.eq_ignore_ascii_case(wanted) || *name == wanted)
}
