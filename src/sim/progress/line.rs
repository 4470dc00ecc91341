//! The byte-progress lane's line: [`delivered`](super::delivered)'s points as an SVG path.

use crate::sim::svg::coord;

/// The lane a line is drawn in: its width and height, and the room kept above 100% and below
/// 0% so that a line at either is not cut in half.
#[derive(Clone, Copy)]
pub struct Lane {
    pub width: f64,
    pub height: f64,
    pub pad: f64,
}

/// The step line through `points` (time, octets held) of a file of `size` octets, from time 0
/// at the left to `t_max` at the right: the position holds until the next point, and a resume
/// drops straight down. Points closer together than half a unit across are drawn as one step
/// that still reaches the lowest of them, so a long run costs as much as the lane is wide. The
/// path is written with `H` and `V` (one number a move), and a move that goes nowhere at the
/// path's precision (a tenth of a unit) is left out.
pub fn step_path(points: &[(u64, u64)], t_max: u64, size: u64, lane: Lane) -> String {
    let x = |t: u64| t as f64 / t_max.max(1) as f64 * lane.width;
    let y = |o: u64| {
        lane.height - lane.pad - o as f64 / size.max(1) as f64 * (lane.height - 2.0 * lane.pad)
    };
    let Some(&(t0, o0)) = points.first() else {
        return String::new();
    };
    let mut d = String::with_capacity(64);
    d.push_str("M ");
    d.push_str(&coord(x(t0)));
    d.push(' ');
    let mut pen = coord(y(o0));
    d.push_str(&pen);
    // A move to `v` along `axis`, unless the pen is there already.
    let to = |d: &mut String, axis: &str, v: String, at: &mut String| {
        if v != *at {
            d.push_str(axis);
            d.push_str(&v);
            *at = v;
        }
    };
    let mut pen_x = coord(x(t0));
    // The column being gathered: its x, its lowest point and its last.
    let mut column: Option<(f64, f64, f64)> = None;
    let mut flush = |d: &mut String, (cx, lowest, last): (f64, f64, f64), pen_x: &mut String| {
        to(d, " H ", coord(cx), pen_x);
        to(d, " V ", coord(lowest), &mut pen);
        to(d, " V ", coord(last), &mut pen);
    };
    for &(t, o) in &points[1..] {
        let (px, py) = (x(t), y(o));
        column = match column {
            Some((cx, lowest, _)) if (px * 2.0).floor() == (cx * 2.0).floor() => {
                Some((cx, lowest.max(py), py))
            }
            other => {
                if let Some(c) = other {
                    flush(&mut d, c, &mut pen_x);
                }
                Some((px, py, py))
            }
        };
    }
    if let Some(c) = column {
        flush(&mut d, c, &mut pen_x);
    }
    // The position holds until now (`t_max`), where the lane ends.
    let end = coord(x(t_max));
    if end != pen_x {
        d.push_str(" H ");
        d.push_str(&end);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANE: Lane = Lane {
        width: 100.0,
        height: 100.0,
        pad: 0.0,
    };

    #[test]
    fn a_step_is_a_run_across_then_a_climb_and_the_line_reaches_the_lane_s_end() {
        let d = step_path(&[(0, 0), (50, 100)], 100, 100, LANE);
        assert_eq!(d, "M 0.0 100.0 H 50.0 V 0.0 H 100.0");
    }

    #[test]
    fn a_resume_drops_straight_down_and_the_lowest_point_of_a_column_is_kept() {
        // Up to 80, down to 30 and up to 60 again within one column (x 50.0 to 50.4).
        let points = [
            (0, 0),
            (400, 80),
            (500, 80),
            (502, 30),
            (504, 60),
            (1000, 100),
        ];
        let d = step_path(&points, 1000, 100, LANE);
        assert_eq!(
            d,
            "M 0.0 100.0 H 40.0 V 20.0 H 50.0 V 70.0 V 40.0 H 100.0 V 0.0"
        );
    }

    #[test]
    fn a_long_run_costs_what_the_lane_is_wide() {
        // A million points, one octet each: at most three moves a half-unit column.
        let points: Vec<(u64, u64)> = (0..1_000_000).map(|i| (i, i)).collect();
        let d = step_path(&points, 1_000_000, 1_000_000, LANE);
        let moves = d.matches(['H', 'V']).count();
        assert!(moves <= 3 * 200 + 1, "{moves} moves");
        // The last column, from x 99.5, climbs to the top; the line then runs on to the end.
        assert!(
            d.ends_with("H 99.5 V 0.0 H 100.0"),
            "{}",
            &d[d.len() - 30..]
        );
    }

    #[test]
    fn no_points_draw_nothing() {
        assert_eq!(step_path(&[], 10, 10, LANE), "");
    }
}
