//! Timeline markers as drawn: nearby milestones folded into one mark (pure, tested natively).

/// Markers closer than this fraction of the track are drawn as one (their texts joined).
const BUCKETS: usize = 240;

/// One marker as drawn (possibly several milestones folded together).
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerView {
    /// Virtual time of the first folded milestone, µs.
    pub at: u64,
    /// CSS class of its kind: `script`, `suspicion`, `death`, `refutation`, `split`, `agree`.
    pub class: &'static str,
    /// Hover text.
    pub text: String,
}

/// Folds markers (sorted by time) into at most [`BUCKETS`] drawn ones over `[0, end]`; a
/// bucket shows its most severe kind and lists up to four texts.
pub fn fold(markers: &[(u64, &'static str, String)], end: u64) -> Vec<MarkerView> {
    let end = end.max(1);
    let rank = |c: &str| match c {
        "death" => 5,
        "split" => 4,
        "suspicion" => 3,
        "script" => 2,
        "refutation" => 1,
        _ => 0,
    };
    let mut out: Vec<(usize, MarkerView, usize)> = Vec::new();
    for (at, class, text) in markers {
        let b = ((*at as u128 * BUCKETS as u128) / end as u128) as usize;
        match out.last_mut() {
            Some((lb, view, n)) if *lb == b => {
                *n += 1;
                if *n <= 4 {
                    view.text.push('\n');
                    view.text.push_str(&line(*at, text));
                }
                if rank(class) > rank(view.class) {
                    view.class = class;
                }
            }
            _ => out.push((
                b,
                MarkerView {
                    at: *at,
                    class,
                    text: line(*at, text),
                },
                1,
            )),
        }
    }
    out.into_iter()
        .map(|(_, mut v, n)| {
            if n > 4 {
                v.text.push_str(&format!("\n… and {} more", n - 4));
            }
            v
        })
        .collect()
}

/// A key moment of the run as the timeline labels it (see
/// [`crate::model::moments::KeyMoments`]): a taller marker with a word above the track.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyMark {
    /// Virtual time, µs.
    pub at: u64,
    /// CSS class of its kind: `suspicion` or `refutation`.
    pub class: &'static str,
    /// The word above the track.
    pub label: &'static str,
    /// Hover text and its accessible name.
    pub text: String,
}

/// The timeline's key marks: the first suspicion and its refutation, when reached.
pub fn key_marks(k: &crate::model::moments::KeyMoments) -> Vec<KeyMark> {
    let mut out = Vec::new();
    if let Some(s) = k.first_suspicion {
        let by = s.by.map(|b| format!(" by node {b}")).unwrap_or_default();
        out.push(KeyMark {
            at: s.at,
            class: "suspicion",
            label: "1st suspicion",
            text: line(s.at, &format!("first suspicion: node {}{by}", s.member)),
        });
    }
    if let Some(r) = k.refutation {
        out.push(KeyMark {
            at: r.at,
            class: "refutation",
            label: "refuted",
            text: line(r.at, &format!("node {} refutes the suspicion", r.member)),
        });
    }
    out
}

/// Each key mark's word and the side of its mark it goes (`to-left`, `to-right`), on a track
/// of a run of `end` µs. The suspicion's word goes left and the refutation's right, so that
/// two close ones part, unless that runs off the track; when the two are too close for both
/// words (within 15 % of the track, as when a refutation follows the suspicion by a second
/// of a long run), the first carries both (`1st suspicion · refuted`) and the second none.
pub fn key_labels(keys: &[KeyMark], end: u64) -> Vec<(String, &'static str)> {
    let f = |k: &KeyMark| k.at as f64 / end.max(1) as f64;
    let side = |k: &KeyMark| match k.class {
        "suspicion" if f(k) >= 0.2 => "to-left",
        "refutation" if f(k) > 0.8 => "to-left",
        _ => "to-right",
    };
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let close = i > 0 && (f(k) - f(&keys[i - 1])).abs() < 0.15;
        let parted = i > 0 && side(&keys[i - 1]) == "to-left" && side(k) == "to-right";
        if close && !parted {
            out[i - 1].0 = format!("{} · {}", out[i - 1].0, k.label);
            out.push((String::new(), side(k)));
        } else {
            out.push((k.label.to_string(), side(k)));
        }
    }
    out
}

fn line(at: u64, text: &str) -> String {
    format!("{:.3} s  {text}", at as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_key_marks_share_one_word_unless_they_part_to_either_side() {
        let key = |at_s: u64, class, label| KeyMark {
            at: at_s * 1_000_000,
            class,
            label,
            text: String::new(),
        };
        let keys = [
            key(3, "suspicion", "1st suspicion"),
            key(4, "refutation", "refuted"),
        ];
        // 45 s: both near the start, both would go right and overlap.
        assert_eq!(
            key_labels(&keys, 45_000_000),
            [
                ("1st suspicion · refuted".to_string(), "to-right"),
                (String::new(), "to-right")
            ]
        );
        // 10 s: the suspicion is far enough in to go left, the refutation right: apart.
        assert_eq!(
            key_labels(&keys, 10_000_000),
            [
                ("1st suspicion".to_string(), "to-left"),
                ("refuted".to_string(), "to-right")
            ]
        );
        // Far apart: each its own word.
        let far = [
            key(3, "suspicion", "1st suspicion"),
            key(30, "refutation", "refuted"),
        ];
        assert_eq!(key_labels(&far, 45_000_000)[1].0, "refuted");
    }

    #[test]
    fn close_markers_fold_into_one_that_shows_the_most_severe_kind() {
        let m = vec![
            (1_000_000, "script", "crash 3".to_string()),
            (1_000_100, "suspicion", "node 3 first suspected".to_string()),
            (1_000_200, "death", "node 3 declared dead".to_string()),
            (50_000_000, "refutation", "node 5 refutes".to_string()),
        ];
        let v = fold(&m, 60_000_000);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].class, "death");
        assert!(v[0].text.contains("crash 3") && v[0].text.contains("declared dead"));
        assert_eq!(v[1].at, 50_000_000);
    }

    #[test]
    fn the_first_suspicion_and_its_refutation_are_labelled_with_who_and_when() {
        use crate::model::moments::{KeyMoment, KeyMoments};
        assert!(key_marks(&KeyMoments::default()).is_empty());
        let k = KeyMoments {
            first_suspicion: Some(KeyMoment {
                at: 12_500_000,
                member: 5,
                by: Some(9),
            }),
            refutation: Some(KeyMoment {
                at: 13_000_000,
                member: 5,
                by: None,
            }),
        };
        let marks = key_marks(&k);
        assert_eq!(marks.len(), 2);
        assert_eq!(
            (marks[0].class, marks[0].label),
            ("suspicion", "1st suspicion")
        );
        assert_eq!(marks[0].text, "12.500 s  first suspicion: node 5 by node 9");
        assert_eq!((marks[1].at, marks[1].label), (13_000_000, "refuted"));
    }
}
