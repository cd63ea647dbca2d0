"""Reference values from scipy.stats.wilcoxon for WilcoxonSignedRankTest.

Reads a JSON list of cases {"champion": [...], "challenger": [...]} on stdin and writes, per case, scipy's
one-sided test of "challenger lower" (x = challenger, y = champion, alternative="less", zero_method="wilcox"):
exact when there are at most 50 pairs, no zeros and no ties, else the normal approximation with continuity
correction (scipy's "auto" would go exact with ties too, where its exact distribution does not hold).
"""
import json
import sys
import warnings

try:
    import numpy as np
    from scipy import stats
except ImportError as missing:
    print("scipy not importable: %s" % missing, file=sys.stderr)
    sys.exit(3)

warnings.simplefilter("ignore")

out = []
for case in json.load(sys.stdin):
    x = np.asarray(case["challenger"], dtype=float)
    y = np.asarray(case["champion"], dtype=float)
    d = x - y
    nonzero = d[d != 0]
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
    exact = len(d) <= 50 and len(nonzero) == len(d) and not ties
    res = stats.wilcoxon(x, y, zero_method="wilcox", correction=True, alternative="less",
                         method="exact" if exact else "approx")
    out.append({"statistic": float(res.statistic), "pValue": float(res.pvalue),
                "method": "EXACT" if exact else "NORMAL", "scipy": __import__("scipy").__version__})
json.dump(out, sys.stdout)
