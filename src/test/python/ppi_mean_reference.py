"""Reference numbers for CalibrationTest: the prediction-powered mean of Angelopoulos et al. (2023), computed with
numpy/scipy the way ppi_py's ppi_mean_pointestimate / ppi_mean_ci do with lam=1 (classic PPI, no power tuning):
point = mean(f(unlabelled)) + mean(Y - f(labelled)); standard error sqrt(std(f_u)^2/N + std(Y - f_l)^2/n) with
numpy's std (divisor N, resp. n); a two-sided normal interval at alpha = 0.05.

Run: python3 src/test/python/ppi_mean_reference.py
"""
import numpy as np
from scipy.stats import norm


def ppi_mean(y, yhat, yhat_unlabelled, alpha=0.05):
    y, yhat, yhat_u = (np.asarray(a, dtype=float) for a in (y, yhat, yhat_unlabelled))
    point = yhat_u.mean() + (y - yhat).mean()
    se = np.sqrt(yhat_u.std() ** 2 / len(yhat_u) + (y - yhat).std() ** 2 / len(y))
    z = norm.ppf(1 - alpha / 2)
    return point, point - z * se, point + z * se


cases = {
    # thumbs: people labelled 8 answers (judge, human), the judge alone 12 more
    "binary": ([1, 0, 0, 0, 1, 1, 1, 0], [1, 1, 0, 1, 1, 0, 1, 0], [1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1]),
    # scores in [0, 1]: 5 labelled, 7 judged only
    "scores": ([0.8, 0.4, 0.6, 1.0, 0.2], [0.9, 0.7, 0.6, 1.0, 0.5], [0.7, 0.9, 0.3, 0.8, 0.6, 1.0, 0.5]),
}
for name, (y, yhat, yhat_u) in cases.items():
    print(name, "%.12f %.12f %.12f" % ppi_mean(y, yhat, yhat_u))
