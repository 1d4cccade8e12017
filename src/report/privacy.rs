//! Small groups: an aggregate computed over fewer than K learners (`--min-group`) is hidden in
//! every format, and a second one is hidden beside it when a total would give it back by
//! subtraction (complementary suppression).

use schemars::JsonSchema;
use serde::Serialize;

/// A figure of an aggregate: its value, or the mark that it is hidden.
///
/// In JSON a shown figure is its plain value (a number, or `null` when it cannot be computed, e.g.
/// a discrimination without variance); a hidden one is `{"hidden": true, "below": K}`, read
/// "fewer than K learners" (shown as "< K" in HTML and CSV).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Figure_of_{T}")]
pub(crate) enum Figure<T> {
    /// The value.
    Shown(T),
    /// Hidden: computed over fewer than `below` learners, or hidden beside such a figure so that
    /// it cannot be recovered from a total.
    Hidden(Hidden),
}

/// The mark of a hidden figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub(crate) struct Hidden {
    /// Always `true`.
    pub hidden: bool,
    /// The threshold K (`--min-group`): the figure is shown as "< K".
    pub below: u32,
}

impl<T> Figure<T> {
    /// A figure shown or hidden as `hide` says.
    pub(crate) fn new(value: T, hide: Option<u32>) -> Figure<T> {
        match hide {
            Some(below) => Figure::Hidden(Hidden { hidden: true, below }),
            None => Figure::Shown(value),
        }
    }

    /// The value, when shown.
    pub(crate) fn shown(&self) -> Option<&T> {
        match self {
            Figure::Shown(v) => Some(v),
            Figure::Hidden(_) => None,
        }
    }

    pub(crate) fn is_hidden(&self) -> bool {
        matches!(self, Figure::Hidden(_))
    }
}

/// Which parts of a whole to hide, given each part's number of learners: those under `k`, then,
/// while the hidden parts could be told apart or recovered by subtraction from the total (a single
/// hidden part, or hidden parts adding up to fewer than `k` learners), the smallest shown parts
/// too. A part with no learner is never a secret and is left shown.
pub(crate) fn suppress(sizes: &[u64], k: u32) -> Vec<bool> {
    let k = u64::from(k);
    let mut hidden: Vec<bool> = sizes.iter().map(|&n| n > 0 && n < k).collect();
    loop {
        let count = hidden.iter().filter(|&&h| h).count();
        let sum: u64 = sizes.iter().zip(&hidden).filter(|(_, &h)| h).map(|(n, _)| n).sum();
        if count == 0 || (count >= 2 && sum >= k) {
            return hidden;
        }
        // the smallest part still shown (first of equals, so the choice is reproducible)
        let next = sizes.iter().enumerate().filter(|&(i, &n)| !hidden[i] && n > 0).min_by_key(|&(_, &n)| n);
        match next {
            Some((i, _)) => hidden[i] = true,
            None => return hidden,
        }
    }
}

/// Whether a group of `n` learners is too small to show (`Some(k)`, the threshold), or not.
pub(crate) fn too_small(n: u64, k: u32) -> Option<u32> {
    (n < u64::from(k)).then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_small_part_takes_the_next_smallest_with_it() {
        assert_eq!(suppress(&[4, 6, 7], 5), [true, true, false]);
        assert_eq!(suppress(&[10, 6, 7], 5), [false, false, false]);
        // two small parts adding up to fewer than K: a third goes
        assert_eq!(suppress(&[1, 2, 9, 8], 5), [true, true, false, true]);
        // nothing else to hide: everything is hidden
        assert_eq!(suppress(&[4], 5), [true]);
        assert_eq!(suppress(&[0, 3, 20], 5), [false, true, true]);
    }

    #[test]
    fn hidden_figures_serialise_as_a_mark() {
        let shown: Figure<u64> = Figure::new(3, None);
        let hidden: Figure<u64> = Figure::new(3, Some(5));
        assert_eq!(serde_json::to_string(&shown).unwrap(), "3");
        assert_eq!(serde_json::to_string(&hidden).unwrap(), r#"{"hidden":true,"below":5}"#);
        let none: Figure<Option<f64>> = Figure::new(None, None);
        assert_eq!(serde_json::to_string(&none).unwrap(), "null");
    }
}
