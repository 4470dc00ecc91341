//! Where the page diagram's labels beside the lifelines go. Each lifeline has a column of
//! labels just inside it (the arrows it sends, the application's notes at its host), kept at
//! least [`LABEL_GAP`] apart, and the labels across the middle (a break's, an abort's) reserve
//! their height in both columns.
//!
//! Three ranks, placed in turn: what must be shown (a moment of the session's story, a note
//! of the application) is moved down past the labels before it rather than left out, within a
//! limit; then the other control SPDUs' labels where they are clear; then those of data
//! alone where they are clear, so a run of DT is labelled where there is room and never hides
//! a control SPDU's name.

use super::page::LABEL_GAP;

/// How far down a data label may be moved to stay clear of the labels before it.
const DATA_DRIFT: f64 = LABEL_GAP;

/// How much a label matters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Rank {
    /// Shown, moved down by at most this many px to stay clear; left out beyond that.
    Must(f64),
    /// Shown where it is clear of every label placed before.
    Control,
    /// Shown where it is clear of every label, or a little below, and of the last data label
    /// on its side.
    Data,
}

/// A label asked for: its column (0 beside A, 1 beside B), the height of its baseline, and
/// its rank.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ask {
    pub side: usize,
    pub y: f64,
    pub rank: Rank,
}

/// The labels placed in one column, in order of height.
#[derive(Default)]
struct Column(Vec<f64>);

impl Column {
    /// The label placed within a gap of `y`, if one is. A label exactly a gap away (up to
    /// rounding: `p + LABEL_GAP - LABEL_GAP` need not be `p`) is clear.
    fn clash(&self, y: f64) -> Option<f64> {
        const ROUNDING: f64 = 1e-6;
        let k = self.0.partition_point(|p| *p <= y - LABEL_GAP + ROUNDING);
        self.0
            .get(k)
            .copied()
            .filter(|p| *p < y + LABEL_GAP - ROUNDING)
    }

    /// The first height at or below `y` clear of every label placed: each step passes one
    /// label, so it ends.
    fn clear_from(&self, y: f64) -> f64 {
        let mut at = y;
        while let Some(p) = self.clash(at) {
            at = p + LABEL_GAP;
        }
        at
    }

    fn put(&mut self, y: f64) {
        let k = self.0.partition_point(|p| *p < y);
        self.0.insert(k, y);
    }
}

/// The height of each label asked for (`None`: left out), with `across` the baselines of the
/// labels across the middle.
pub(super) fn plan(asks: &[Ask], across: &[f64]) -> Vec<Option<f64>> {
    let mut cols = [Column::default(), Column::default()];
    for y in across {
        cols[0].put(*y);
        cols[1].put(*y);
    }
    let mut out = vec![None; asks.len()];
    let mut order: Vec<usize> = (0..asks.len()).collect();
    order.sort_by(|a, b| asks[*a].y.total_cmp(&asks[*b].y));
    for &k in &order {
        let Ask { side, y, rank } = asks[k];
        let Rank::Must(drift) = rank else { continue };
        let at = cols[side].clear_from(y);
        if at - y <= drift {
            cols[side].put(at);
            out[k] = Some(at);
        }
    }
    for &k in &order {
        let Ask { side, y, rank } = asks[k];
        if rank == Rank::Control && cols[side].clash(y).is_none() {
            cols[side].put(y);
            out[k] = Some(y);
        }
    }
    let mut last_data = [f64::MIN; 2];
    for &k in &order {
        let Ask { side, y, rank } = asks[k];
        if rank != Rank::Data {
            continue;
        }
        let at = cols[side].clear_from(y);
        if at - y <= DATA_DRIFT && y - last_data[side] >= LABEL_GAP {
            last_data[side] = y;
            cols[side].put(at);
            out[k] = Some(at);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(side: usize, y: f64, rank: Rank) -> Ask {
        Ask { side, y, rank }
    }

    #[test]
    fn what_must_be_shown_moves_down_past_what_came_before() {
        let asks = [
            ask(0, 100.0, Rank::Must(50.0)),
            ask(0, 103.0, Rank::Must(50.0)),
            ask(1, 103.0, Rank::Must(50.0)),
        ];
        let got = plan(&asks, &[]);
        assert_eq!(got, [Some(100.0), Some(100.0 + LABEL_GAP), Some(103.0)]);
    }

    #[test]
    fn a_label_a_gap_below_another_is_clear_whatever_the_rounding() {
        // 64.1238 + 11 - 11 is not 64.1238 in floating point: the search must still end.
        let asks: Vec<Ask> = (0..50)
            .map(|k| {
                ask(
                    0,
                    64.123_827_544_281_31 + f64::from(k) * 0.1,
                    Rank::Must(1e9),
                )
            })
            .collect();
        let got = plan(&asks, &[]);
        for w in got.windows(2) {
            let (a, b) = (w[0].unwrap(), w[1].unwrap());
            assert!((b - a - LABEL_GAP).abs() < 1e-6, "{a} {b}");
        }
    }

    #[test]
    fn what_must_be_shown_is_left_out_past_its_limit() {
        let asks = [
            ask(0, 100.0, Rank::Must(0.0)),
            ask(0, 101.0, Rank::Must(5.0)),
        ];
        assert_eq!(plan(&asks, &[]), [Some(100.0), None]);
    }

    #[test]
    fn labels_across_the_middle_hold_their_height_in_both_columns() {
        let asks = [
            ask(0, 200.0, Rank::Control),
            ask(1, 205.0, Rank::Data),
            ask(1, 202.0, Rank::Must(40.0)),
        ];
        assert_eq!(plan(&asks, &[198.0]), [None, None, Some(198.0 + LABEL_GAP)]);
    }

    #[test]
    fn control_labels_come_before_data_and_data_keeps_its_own_gap() {
        let asks = [
            ask(0, 10.0, Rank::Data),
            ask(0, 15.0, Rank::Control),
            ask(0, 30.0, Rank::Data),
            ask(0, 35.0, Rank::Data),
            ask(0, 60.0, Rank::Data),
            ask(0, 80.0, Rank::Control),
            ask(0, 75.0, Rank::Data),
        ];
        // The first data label would have to move 16 px, more than it may.
        assert_eq!(
            plan(&asks, &[]),
            [
                None,
                Some(15.0),
                Some(30.0),
                None,
                Some(60.0),
                Some(80.0),
                None
            ]
        );
        // A data label just under a control label moves clear of it.
        let asks = [ask(0, 50.0, Rank::Control), ask(0, 52.0, Rank::Data)];
        assert_eq!(plan(&asks, &[]), [Some(50.0), Some(50.0 + LABEL_GAP)]);
    }
}
