//! The speed slider's scale: logarithmic from 0.1× to 1000×, in values of two significant
//! digits, and their labels.

/// Slider position (0..=100) to speed: 0.1× .. 1000×, logarithmic, rounded to two
/// significant digits so the label reads well.
pub fn slider_to_speed(v: f64) -> f64 {
    let s = 10f64.powf(-1.0 + 4.0 * v / 100.0);
    // Divide by a power of ten that is a whole number (10, not × 0.1) so that 4.8 stays the
    // double nearest 4.8, not 4.800000000000001.
    let place = s.log10().floor() as i32 - 1;
    if place < 0 {
        let scale = 10f64.powi(-place);
        (s * scale).round() / scale
    } else {
        let scale = 10f64.powi(place);
        (s / scale).round() * scale
    }
}

/// Inverse of [`slider_to_speed`].
pub fn speed_to_slider(s: f64) -> f64 {
    ((s.log10() + 1.0) / 4.0 * 100.0).clamp(0.0, 100.0)
}

/// The speed as the label shows it: two significant digits at most, no trailing zeros
/// (`0.12×`, `4.8×`, `1×`, `480×`).
pub fn speed_label(s: f64) -> String {
    let decimals = (1 - s.log10().floor() as i32).clamp(0, 3) as usize;
    let text = format!("{s:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}×")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slider_position_gives_a_short_label_that_round_trips() {
        for pos in 0..=100 {
            let s = slider_to_speed(f64::from(pos));
            let label = speed_label(s);
            let digits = label.trim_end_matches('×').replace(['.', '0'], "");
            assert!(
                digits.len() <= 2 && label.len() <= 6,
                "at {pos}: {s} reads {label}"
            );
            let back: f64 = label.trim_end_matches('×').parse().unwrap();
            assert!((back - s).abs() <= s * 1e-9, "at {pos}: {s} reads {label}");
        }
        assert_eq!(speed_label(4.800000000000001), "4.8×");
        assert_eq!(speed_label(1.0), "1×");
        assert_eq!(speed_label(0.12), "0.12×");
        assert_eq!(speed_label(1000.0), "1000×");
    }
}
