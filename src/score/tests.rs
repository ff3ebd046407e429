use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;

fn d(text: &str) -> Decimal {
    Decimal::from_str_exact(text).expect("a decimal")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::from_str(text).expect("a date")
}

fn ladder_of(at_most: bool, bands: &[(&str, &str)], otherwise: &str) -> Ladder {
    Ladder { at_most, bands: bands.iter().map(|(b, s)| (d(b), d(s))).collect(), otherwise: d(otherwise) }
}

#[test]
fn linear_scores_are_exact_on_the_numbers_as_written() {
    // The playbook's example, and the same shifted by 0.1 (binary floats get it wrong).
    assert_eq!(linear(d("18"), d("28"), d("24")), Some(d("0.6")));
    assert_eq!(linear(d("18.1"), d("28.1"), d("24.1")), Some(d("0.6")));
    assert_eq!(status(d("0.6"), &Bands::default()), Status::Amber);
    // Falling metrics score the same way: 9 → 4 days, at 6.5 is half way.
    assert_eq!(linear(d("9"), d("4"), d("6.5")), Some(d("0.5")));
    // Negative and zero baselines.
    assert_eq!(linear(d("-10"), d("10"), d("0")), Some(d("0.5")));
    assert_eq!(linear(d("0"), d("-4"), d("-3")), Some(d("0.75")));
    // Overshoot and undershoot are clamped; the flag keeps what the clamp hides.
    assert_eq!(linear(d("3"), d("1"), d("0.5")), Some(Decimal::ONE));
    assert_eq!(linear(d("3"), d("1"), d("4")), Some(Decimal::ZERO));
    let plan = Plan { baseline: d("3"), target: d("1"), method: Method::Linear };
    assert!(plan.below_baseline(d("4")) && !plan.below_baseline(d("3")) && !plan.below_baseline(d("2")));
    // No movement, and values at the edge of what a decimal holds: no score, no panic.
    assert_eq!(linear(d("5"), d("5"), d("5")), None);
    let max = Decimal::MAX;
    assert_eq!(linear(-max, max, max), None, "target − baseline overflows");
    assert_eq!(linear(d("0"), d("0.0000000000000000000000000001"), max), Some(Decimal::ONE));
}

#[test]
fn rounding_is_half_away_from_zero_and_bands_judge_the_rounded_score() {
    let bands = Bands::default();
    for (score, rounded, expected) in [
        ("0.30", "0.30", Status::Red),
        ("0.304", "0.30", Status::Red),
        ("0.305", "0.31", Status::Amber),
        ("0.31", "0.31", Status::Amber),
        ("0.60", "0.60", Status::Amber),
        ("0.6049999", "0.60", Status::Amber),
        ("0.605", "0.61", Status::Green),
        ("0.61", "0.61", Status::Green),
        ("0.90", "0.90", Status::Green),
        ("0.904", "0.90", Status::Green),
        ("0.905", "0.91", Status::Stretch),
        ("1", "1.00", Status::Stretch),
        ("0", "0.00", Status::Red),
    ] {
        assert_eq!(round2(d(score)), d(rounded), "{score}");
        assert_eq!(status(d(score), &bands), expected, "{score}");
    }
    // A linear score of exactly 0.605: 12.1 of 20 from 0.
    assert_eq!(linear(d("0"), d("20"), d("12.1")).map(round2), Some(d("0.61")));
    // Bands from the configuration.
    let custom = Bands { red: d("0.4"), amber: d("0.7"), green: d("0.95") };
    assert_eq!(status(d("0.4"), &custom), Status::Red);
    assert_eq!(status(d("0.96"), &custom), Status::Stretch);
}

#[test]
fn ladders_take_the_first_band_that_holds_in_both_directions() {
    // The playbook's ladder: lower is better.
    let falling = ladder_of(true, &[("4", "1.0"), ("6", "0.7"), ("8", "0.3")], "0");
    for (actual, score) in [("3", "1.0"), ("4", "1.0"), ("4.01", "0.7"), ("6", "0.7"), ("8", "0.3"), ("8.5", "0")] {
        assert_eq!(ladder(&falling, d(actual)), d(score), "at {actual}");
    }
    assert_eq!(status(ladder(&falling, d("6")), &Bands::default()), Status::Green);
    let rising = ladder_of(false, &[("90", "1"), ("75", "0.6")], "0.1");
    for (actual, score) in [("95", "1"), ("90", "1"), ("89.99", "0.6"), ("75", "0.6"), ("74", "0.1")] {
        assert_eq!(ladder(&rising, d(actual)), d(score), "at {actual}");
    }
}

#[test]
fn the_current_reading_is_the_latest_on_or_before_the_as_of_date() {
    let readings = [
        Reading { date: day("2026-02-09"), actual: d("2") },
        Reading { date: day("2026-01-12"), actual: d("3") },
        Reading { date: day("2026-02-23"), actual: d("1") },
    ];
    assert_eq!(current(&readings, day("2026-02-16")).map(|r| r.actual), Some(d("2")), "out of order, future ignored");
    assert_eq!(current(&readings, day("2026-02-09")).map(|r| r.actual), Some(d("2")), "on the date itself");
    assert_eq!(current(&readings, day("2026-01-01")), None, "nothing yet: no data");
}

#[test]
fn means_are_weighted_and_leave_out_what_has_no_score() {
    assert_eq!(weighted_mean([(d("0.5"), d("1")), (d("1"), d("3"))]), Some(d("0.875")));
    assert_eq!(mean([d("0.2"), d("0.4")]), Some(d("0.3")));
    assert_eq!(mean([]), None);
    assert_eq!(weighted_mean([(d("1"), d("0"))]), None, "weights summing to zero");
    assert_eq!(weighted_mean([(Decimal::MAX, Decimal::MAX)]), None, "overflow is no score");
}

#[test]
fn cadence_periods_completion_and_trend() {
    let q1 = Periods { start: day("2026-01-01"), end: day("2026-03-31"), length: 7 };
    // 90 days: 12 weeks and 6 days, which join the last week (SPEC §3.4).
    assert_eq!(q1.count(), 12);
    assert_eq!(q1.last_day_of(0), day("2026-01-07"));
    assert_eq!(q1.last_day_of(11), day("2026-03-31"), "the last week runs to the cycle's end");
    assert_eq!(q1.of(day("2026-03-30")), Some(11));
    assert_eq!(q1.completed(day("2026-03-31")), 11, "the stretched last week completes after the 31st");
    assert_eq!(q1.completed(day("2026-04-01")), 12);
    assert_eq!(q1.of(day("2026-01-07")), Some(0));
    assert_eq!(q1.of(day("2026-01-08")), Some(1));
    assert_eq!(q1.of(day("2025-12-31")), None);
    assert_eq!(q1.completed(day("2026-01-07")), 0, "a period completes when its last day is before the as-of date");
    assert_eq!(q1.completed(day("2026-01-08")), 1);
    let weeks = [day("2026-01-05"), day("2026-01-06"), day("2026-01-20")];
    // Three completed weeks at 2026-01-22: weeks 0 and 2 have a check-in.
    assert_eq!(completion(&q1, day("2026-01-22"), [&weeks[..]]), Some(d("0.67")));
    assert_eq!(completion(&q1, day("2026-01-22"), [&weeks[..], &[][..]]), Some(d("0.33")), "pooled over KRs");
    assert_eq!(completion(&q1, day("2026-01-03"), [&weeks[..]]), None, "before the first period completes");
    // Biweekly cadence: 14-day periods.
    let biweekly = Periods { length: 14, ..q1 };
    assert_eq!(biweekly.count(), 6);
    assert_eq!(completion(&biweekly, day("2026-01-29"), [&weeks[..]]), Some(d("1")));
    // Trend: the last actual of each period, oldest first, current period included, future left out.
    let readings = [
        Reading { date: day("2026-01-13"), actual: d("2.5") },
        Reading { date: day("2026-01-05"), actual: d("3") },
        Reading { date: day("2026-01-12"), actual: d("2.8") },
        Reading { date: day("2026-01-27"), actual: d("2") },
        Reading { date: day("2026-02-20"), actual: d("1") },
    ];
    assert_eq!(trend(&q1, &readings, day("2026-02-16")), vec![d("3"), d("2.5"), d("2")]);
}

#[test]
fn leap_days_and_custom_cycles() {
    // 2028 is a leap year: Q1 has 91 days, so 13 full weeks.
    let q1 = Periods { start: day("2028-01-01"), end: day("2028-03-31"), length: 7 };
    assert_eq!(q1.count(), 13);
    assert_eq!(q1.of(day("2028-02-29")), Some(8));
    // A custom 10-day cycle: one period, its 3-day stub joined to the first week.
    let sprint = Periods { start: day("2026-05-04"), end: day("2026-05-13"), length: 7 };
    assert_eq!(sprint.count(), 1);
    assert_eq!(sprint.of(day("2026-05-13")), Some(0));
    // A 5-day cycle is one period.
    let short = Periods { start: day("2026-05-04"), end: day("2026-05-08"), length: 7 };
    assert_eq!((short.count(), short.last_day_of(0)), (1, day("2026-05-08")));
    assert_eq!(sprint.of(day("2026-05-18")), None, "after the last period");
    assert_eq!(expected(day("2028-01-01"), day("2028-03-31"), day("2028-02-15")), d("0.5"));
}

#[test]
fn pace_and_forecast() {
    let start = day("2026-01-01");
    let due = day("2026-03-31");
    assert_eq!(expected(start, due, day("2025-12-01")), Decimal::ZERO);
    assert_eq!(expected(start, due, day("2026-05-01")), Decimal::ONE);
    assert_eq!(expected(start, start, start), Decimal::ONE, "due on the first day");
    assert!(on_pace(d("0.42"), d("0.52")) && !on_pace(d("0.41"), d("0.52")));
    // Falling by one a month from 3: the line reaches 0.03 at the due date (89 days in).
    let readings = [
        Reading { date: day("2026-01-01"), actual: d("3") },
        Reading { date: day("2026-01-31"), actual: d("2") },
        Reading { date: day("2026-03-02"), actual: d("1") },
    ];
    let at_due = forecast_actual(&readings, start, due).expect("a forecast");
    assert_eq!(round2(at_due), d("0.03"));
    assert_eq!(forecast_actual(&readings[..2], start, due), None, "needs three check-ins");
    let same_day = [readings[0], readings[0], readings[0]];
    assert_eq!(forecast_actual(&same_day, start, due), None);
}

#[test]
fn verdicts() {
    assert!(missed_commitment(d("0.99")) && !missed_commitment(d("0.999")) && !missed_commitment(d("1")));
    assert!(aspiration_met(d("0.695")) && !aspiration_met(d("0.694")));
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn decimal() -> impl Strategy<Value = Decimal> {
        (-1_000_000_000i64..1_000_000_000, 0u32..6).prop_map(|(n, scale)| Decimal::new(n, scale))
    }

    proptest! {
        #[test]
        fn a_score_lies_in_zero_to_one(b in decimal(), t in decimal(), a in decimal()) {
            if let Some(s) = linear(b, t, a) {
                prop_assert!(s >= Decimal::ZERO && s <= Decimal::ONE);
            }
        }

        #[test]
        fn linear_scores_move_with_the_actual(b in decimal(), t in decimal(), a1 in decimal(), a2 in decimal()) {
            prop_assume!(b != t);
            let (low, high) = if a1 <= a2 { (a1, a2) } else { (a2, a1) };
            let (s_low, s_high) = (linear(b, t, low).unwrap(), linear(b, t, high).unwrap());
            // Rising metrics score higher as the actual rises; falling ones lower.
            if t > b { prop_assert!(s_low <= s_high) } else { prop_assert!(s_low >= s_high) }
        }

        #[test]
        fn order_of_check_ins_does_not_matter(
            days in proptest::collection::vec((0u64..90, decimal()), 0..20),
            shuffle in any::<u64>(),
            as_of in 0u64..100,
        ) {
            let start = day("2026-01-01");
            let periods = Periods { start, end: day("2026-03-31"), length: 7 };
            // One reading per date: which of two same-day readings counts is the logs' order.
            let mut seen = std::collections::HashSet::new();
            let readings: Vec<Reading> = days
                .into_iter()
                .filter(|(d, _)| seen.insert(*d))
                .map(|(d, actual)| Reading { date: start + chrono::Days::new(d), actual })
                .collect();
            let mut shuffled = readings.clone();
            let len = shuffled.len();
            if len > 1 {
                for i in 0..len {
                    shuffled.swap(i, (shuffle.wrapping_mul(i as u64 + 7) % len as u64) as usize);
                }
            }
            let as_of = start + chrono::Days::new(as_of);
            prop_assert_eq!(current(&readings, as_of), current(&shuffled, as_of));
            prop_assert_eq!(trend(&periods, &readings, as_of), trend(&periods, &shuffled, as_of));
            let dates: Vec<NaiveDate> = readings.iter().map(|r| r.date).collect();
            let other: Vec<NaiveDate> = shuffled.iter().map(|r| r.date).collect();
            prop_assert_eq!(completion(&periods, as_of, [&dates[..]]), completion(&periods, as_of, [&other[..]]));
        }
    }
}
