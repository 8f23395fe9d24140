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

fn line(at: u64, text: &str) -> String {
    format!("{:.3} s  {text}", at as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

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
