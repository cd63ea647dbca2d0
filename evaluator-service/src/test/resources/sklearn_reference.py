"""Reference values from scikit-learn / scipy for SklearnCrossCheckTest.

Reads a JSON list of cases on stdin and writes a JSON list of results on stdout.
"""
import json
import sys
import warnings

try:
    import numpy as np
    from scipy import stats
    from sklearn import metrics
except ImportError as missing:
    print("scikit-learn/scipy not importable: %s" % missing, file=sys.stderr)
    sys.exit(3)

warnings.simplefilter("ignore")


def classification(case):
    y_true, y_pred = case["yTrue"], case["yPred"]
    labels = sorted(set(y_true) | set(y_pred))
    out = {"accuracy": metrics.accuracy_score(y_true, y_pred),
           "confusion": metrics.confusion_matrix(y_true, y_pred, labels=labels).tolist(),
           "labels": labels}
    for zero_division in ("warn", 1):
        key = "zd_" + str(zero_division)
        p, r, f, s = metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=None, zero_division=zero_division)
        out[key] = {"perClass": [p.tolist(), r.tolist(), f.tolist(), s.tolist()]}
        for average in ("macro", "weighted", "micro"):
            p, r, f, _ = metrics.precision_recall_fscore_support(
                y_true, y_pred, labels=labels, average=average, zero_division=zero_division)
            out[key][average] = [float(p), float(r), float(f)]
    if case.get("scores") is not None:
        positive = case["positiveLabel"]
        y = [1 if t == positive else 0 for t in y_true]
        out["rocAuc"] = metrics.roc_auc_score(y, case["scores"]) if 0 < sum(y) < len(y) else None
    if case.get("probabilities") is not None:
        classes = ["class-%d" % k for k in range(len(case["probabilities"][0]))]
        out["ovrMacroAuc"] = metrics.roc_auc_score(y_true, case["probabilities"], multi_class="ovr",
                                                   average="macro", labels=classes)
    return out


def regression(case):
    x, y = np.array(case["x"]), np.array(case["y"])
    return {"spearman": float(stats.spearmanr(x, y)[0]),
            "pearson": float(stats.pearsonr(x, y)[0]),
            "mse": metrics.mean_squared_error(x, y),
            "rmse": metrics.mean_squared_error(x, y, squared=False),
            "mae": metrics.mean_absolute_error(x, y)}


cases = json.load(sys.stdin)
json.dump([classification(c) if "yTrue" in c else regression(c) for c in cases], sys.stdout)
