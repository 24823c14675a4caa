//! Fitting the model: L2-regularised logistic regression by Newton's method, and the measures
//! the training command reports (ROC-AUC, recall and precision at a threshold).
//!
//! Owns the arithmetic only; the training set is built by `examples/need.rs` from the corpus.
//! With a few dozen features Newton's method converges in a handful of steps, each one pass
//! over the rows and one small linear solve, so no outside crate is needed.

/// One training row: its non-zero feature values (feature number, value), its label and its
/// weight in the loss.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Non-zero feature values, by feature number.
    pub x: Vec<(usize, f64)>,
    /// True when the sentence carried a citation.
    pub cited: bool,
    /// Weight of the row in the loss (1 unless the trainer says otherwise).
    pub weight: f64,
}

/// The fitted intercept and weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Intercept.
    pub bias: f64,
    /// One weight per feature.
    pub weights: Vec<f64>,
}

impl Fit {
    /// The fitted probability of a row's features.
    pub fn probability(&self, x: &[(usize, f64)]) -> f64 {
        let z = self.bias + x.iter().map(|&(k, v)| self.weights[k] * v).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Fits `rows` with penalty `l2` on the weights (not the intercept), starting from `start`
/// (a fit on similar rows converges in a step or two) or from zero. Rows of each class are
/// weighted so both classes weigh the same in the loss, which keeps probabilities comparable
/// across corpora that cite densely or sparsely.
pub fn fit(rows: &[Row], features: usize, l2: f64, start: Option<&Fit>) -> Fit {
    let d = features + 1;
    let total: [f64; 2] = rows.iter().fold([0.0, 0.0], |mut t, r| {
        t[usize::from(r.cited)] += r.weight;
        t
    });
    let balance = |cited: bool| {
        let all = total[0] + total[1];
        let mine = total[usize::from(cited)];
        if mine > 0.0 { all / (2.0 * mine) } else { 0.0 }
    };
    // Each row's non-zero values, the intercept first: one pass builds them for every step.
    // (weight, label, non-zero values) of each row.
    type Sparse = (f64, f64, Vec<(usize, f64)>);
    let sparse: Vec<Sparse> = rows
        .iter()
        .filter(|r| r.weight > 0.0)
        .map(|r| {
            let xs = std::iter::once((0, 1.0))
                .chain(r.x.iter().map(|&(k, v)| (k + 1, v)))
                .collect();
            (
                r.weight * balance(r.cited),
                f64::from(u8::from(r.cited)),
                xs,
            )
        })
        .collect();
    let mut beta = vec![0.0; d];
    if let Some(s) = start.filter(|s| s.weights.len() == features) {
        beta[0] = s.bias;
        beta[1..].copy_from_slice(&s.weights);
    }
    for _ in 0..30 {
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for (w, y, xs) in &sparse {
            let z: f64 = xs.iter().map(|&(k, v)| beta[k] * v).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let h = w * p * (1.0 - p);
            for &(a, va) in xs {
                grad[a] += w * (p - y) * va;
                for &(b, vb) in xs {
                    hess[a][b] += h * va * vb;
                }
            }
        }
        for k in 1..d {
            grad[k] += l2 * beta[k];
            hess[k][k] += l2;
        }
        hess[0][0] += 1e-9;
        let mut step = solve(hess, grad);
        // Damped: a far start (or separable rows) must not throw the weights to infinity.
        let longest = step.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if longest > 4.0 {
            step.iter_mut().for_each(|v| *v *= 4.0 / longest);
        }
        let mut largest: f64 = 0.0;
        for k in 0..d {
            beta[k] -= step[k];
            largest = largest.max(step[k].abs());
        }
        if largest < 1e-6 {
            break;
        }
    }
    Fit {
        bias: beta[0],
        weights: beta[1..].to_vec(),
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (`a` is positive definite
/// here, so it never meets a zero pivot).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let d = b.len();
    for col in 0..d {
        let pivot = (col..d)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_value = a[col][col];
        if pivot_value.abs() < 1e-300 {
            continue;
        }
        for row in col + 1..d {
            let f = a[row][col] / pivot_value;
            if f != 0.0 {
                let (upper, lower) = a.split_at_mut(row);
                for (x, y) in lower[0][col..].iter_mut().zip(&upper[col][col..]) {
                    *x -= f * y;
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; d];
    for row in (0..d).rev() {
        let mut s = b[row];
        for k in row + 1..d {
            s -= a[row][k] * x[k];
        }
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            s / a[row][row]
        };
    }
    x
}

/// ROC-AUC of `scores` against `labels`: the chance that a random positive outranks a random
/// negative (ties count half). `None` without both classes.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut pos) = (0.0, 0.0);
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            if labels[k] {
                rank_sum += mid;
                pos += 1.0;
            }
        }
        i = j + 1;
    }
    let neg = scores.len() as f64 - pos;
    (pos > 0.0 && neg > 0.0).then(|| (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(k: usize, v: f64, cited: bool) -> Row {
        Row {
            x: if v != 0.0 { vec![(k, v)] } else { vec![] },
            cited,
            weight: 1.0,
        }
    }

    #[test]
    fn a_feature_that_predicts_gets_a_positive_weight() {
        // Feature 0 is on for 90% of the cited rows and 10% of the others; feature 1 is noise.
        let mut rows = Vec::new();
        for i in 0..200 {
            let cited = i % 2 == 0;
            let on = if cited { i % 20 != 0 } else { i % 20 == 1 };
            rows.push(row(0, f64::from(u8::from(on)), cited));
            rows.push(row(1, f64::from(u8::from(i % 3 == 0)), cited));
        }
        let fit = fit(&rows, 2, 1.0, None);
        assert!(fit.weights[0] > 1.5, "{:?}", &fit.weights[..2]);
        assert!(
            fit.weights[0] > 3.0 * fit.weights[1].abs(),
            "{:?}",
            &fit.weights[..2]
        );
        let scores: Vec<f64> = rows.iter().map(|r| fit.probability(&r.x)).collect();
        let labels: Vec<bool> = rows.iter().map(|r| r.cited).collect();
        assert!(auc(&scores, &labels).unwrap() > 0.7);
    }

    #[test]
    fn auc_counts_ties_half() {
        assert_eq!(auc(&[0.1, 0.9], &[false, true]), Some(1.0));
        assert_eq!(auc(&[0.5, 0.5], &[false, true]), Some(0.5));
        assert_eq!(auc(&[0.9, 0.1], &[false, true]), Some(0.0));
        assert_eq!(auc(&[0.2, 0.3], &[true, true]), None);
    }
}
