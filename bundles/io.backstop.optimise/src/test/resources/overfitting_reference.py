"""Reference figures for OverfittingTest, computed with numpy/scipy independently of the Java code.

Deflated Sharpe Ratio: Bailey and Lopez de Prado (2014), eq. for E[max SR] and the PSR against it.
PBO: Bailey, Borwein, Lopez de Prado and Zhu (2015), CSCV with S blocks (np.array_split), the
in-sample best by Sharpe (first on ties), relative rank w = #(OOS Sharpe <= best's) / (N + 1).

Run: python3 overfitting_reference.py
"""
import itertools
import math

import numpy as np
from scipy import stats

T, N, S = 640, 12, 8


def returns():
    t = np.arange(T)
    rows = []
    for n in range(N):
        rows.append(0.001 * np.sin(0.37 * t * (n + 1) + n) + 0.0005 * np.cos(1.3 * t + 0.1 * n)
                    + 0.0001 * n * ((t % 7) - 3) / 3 + 0.00002 * (n % 3))
    return np.array(rows)


def sharpe(r):
    sd = r.std(ddof=1)
    return r.mean() / sd if sd > 0 else 0.0


def dsr(best, trial_sharpes):
    g = 0.5772156649015329
    n = len(trial_sharpes)
    v = np.var(trial_sharpes, ddof=1)
    sr0 = math.sqrt(v) * ((1 - g) * stats.norm.ppf(1 - 1 / n) + g * stats.norm.ppf(1 - 1 / (n * math.e)))
    sr = sharpe(best)
    sk = stats.skew(best)
    ku = stats.kurtosis(best, fisher=False)
    z = (sr - sr0) * math.sqrt(len(best) - 1) / math.sqrt(1 - sk * sr + (ku - 1) / 4 * sr * sr)
    return sr, sr0, v, sk, ku, stats.norm.cdf(z)


def pbo(m, s):
    blocks = np.array_split(np.arange(m.shape[1]), s)
    logits = []
    for chosen in itertools.combinations(range(s), s // 2):
        ins = np.concatenate([blocks[b] for b in chosen])
        oos = np.concatenate([blocks[b] for b in range(s) if b not in chosen])
        is_sr = np.array([sharpe(m[n, ins]) for n in range(m.shape[0])])
        oos_sr = np.array([sharpe(m[n, oos]) for n in range(m.shape[0])])
        best = int(np.argmax(is_sr))
        w = (oos_sr <= oos_sr[best]).sum() / (m.shape[0] + 1)
        logits.append(math.log(w / (1 - w)))
    logits = np.array(logits)
    return (logits <= 0).mean(), len(logits), logits[0], logits[-1]


m = returns()
sharpes = np.array([sharpe(r) for r in m])
best = int(np.argmax(sharpes))
print("best", best)
print("dsr sr, sr0, var, skew, kurt, p = %r, %r, %r, %r, %r, %r" % dsr(m[best], sharpes))
print("pbo p, splits, first logit, last logit = %r, %r, %r, %r" % pbo(m, S))
print("expected max sharpe var=0.01 N=100: %r" % (0.1 * ((1 - 0.5772156649015329) * stats.norm.ppf(1 - 1 / 100)
                                                     + 0.5772156649015329 * stats.norm.ppf(1 - 1 / (100 * math.e)))))
