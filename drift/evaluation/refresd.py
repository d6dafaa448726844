"""REFreSD: sentence- and token-level semantic divergence, English-French (Briakou & Carpuat 2020).

    python -m drift.evaluation.refresd [--data PATH] [--layer N] [--model NAME] [--json]

Every threshold (and the tiny logistic models that combine signals) is chosen on one half of
the data and applied to the other, both ways (two-fold, halves stratified by the 3-way label);
the reported number is the mean of the two folds, so nothing is tuned on the pairs it is
scored on.

- sentence level: divergent vs equivalent; ROC AUC and F1 of a score that combines the
  sentence cosine with the aggregated word divergence of drift.tokens;
- token level: gold drift tokens are those at least two of three annotators highlighted
  (tag >= 2), English and French tokens pooled: F1 over all pairs, F1 over the
  ``some_meaning_difference`` pairs alone (the hard, partial case), and Spearman of the token
  scores against the 0-3 tags.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import rankdata, spearmanr

from drift.evaluation.paths import DATA
from drift.tokens import (
    DEFAULT_PARAMS,
    AlignParams,
    Word,
    params_from_thresholds,
    space_words,
    word_divergence_batch,
)

DEFAULT_DATA = DATA / "refresd" / "refresd_dev.tsv"
PARTIAL = "some_meaning_difference"


@dataclass(frozen=True)
class RefresdPair:
    divergent: bool
    label: str  # unrelated | some_meaning_difference | no_meaning_difference
    english: str
    french: str
    english_tags: tuple[int, ...]
    french_tags: tuple[int, ...]


def load_refresd(path: str | Path) -> list[RefresdPair]:
    """The pairs of a REFreSD TSV; a row whose tags do not match its tokens is an error."""
    pairs = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 6:
                raise ValueError(f"{path}:{number}: expected 6 tab-separated columns, got {len(cols)}")
            binary, label, en, fr, en_tags, fr_tags = cols
            pair = RefresdPair(binary == "divergent", label, en, fr,
                               tuple(int(t) for t in en_tags.split()), tuple(int(t) for t in fr_tags.split()))
            if len(en.split(" ")) != len(pair.english_tags) or len(fr.split(" ")) != len(pair.french_tags):
                raise ValueError(f"{path}:{number}: token and tag counts differ")
            pairs.append(pair)
    return pairs


def halves(pairs: Sequence[RefresdPair]) -> np.ndarray:
    """Fold id (0/1) per pair: alternate within each 3-way label, so both halves are stratified."""
    fold = np.zeros(len(pairs), dtype=int)
    seen: dict[str, int] = {}
    for i, pair in enumerate(pairs):
        fold[i] = seen.get(pair.label, 0) % 2
        seen[pair.label] = seen.get(pair.label, 0) + 1
    return fold


# --- metrics (scikit-learn is not a dependency) ---------------------------------------------

def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney U statistic (ties count one half)."""
    labels = np.asarray(labels, dtype=bool)
    n_pos, n_neg = labels.sum(), (~labels).sum()
    if not n_pos or not n_neg:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def f1_at(scores: np.ndarray, labels: np.ndarray, threshold: float) -> float:
    predicted = np.asarray(scores) >= threshold
    labels = np.asarray(labels, dtype=bool)
    tp = float((predicted & labels).sum())
    denominator = float(predicted.sum() + labels.sum())
    return 2 * tp / denominator if denominator else 0.0


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The threshold that maximises F1 (every distinct score is a candidate; O(n log n))."""
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=bool)
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    predicted = np.arange(1, len(s) + 1)
    f1 = 2 * tp / (predicted + y.sum())
    # Only cut between distinct scores: a threshold includes every tie of its score.
    last_of_run = np.r_[s[1:] != s[:-1], True]
    f1 = np.where(last_of_run, f1, -1.0)
    return float(s[int(np.argmax(f1))])


def fit_logistic(features: np.ndarray, labels: np.ndarray, l2: float = 1e-2) -> np.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression, by Newton's method."""
    x = np.hstack([features, np.ones((len(features), 1))])
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(w)), gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def apply_logistic(features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(features @ weights[:-1] + weights[-1], -30, 30)))


def _standardise(train: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    mean, std = train.mean(axis=0), train.std(axis=0) + 1e-9
    return [(a - mean) / std for a in (train, *others)]


# --- features ---------------------------------------------------------------------------------

@dataclass
class Scored:
    """Raw signals of every pair: sentence cosine and word divergences (EN, FR)."""

    cosine: np.ndarray
    english: list[np.ndarray]
    french: list[np.ndarray]


def score_pairs(pairs: Sequence[RefresdPair], encoder: Any, *, layer: int | Sequence[int],
                params: AlignParams = DEFAULT_PARAMS) -> Scored:
    """Sentence cosines (one batched encode) and word divergences (one batched token pass)."""
    english = [p.english for p in pairs]
    french = [p.french for p in pairs]
    en_vecs = np.asarray(encoder.encode(english), dtype=np.float64)
    fr_vecs = np.asarray(encoder.encode(french), dtype=np.float64)
    en_vecs /= np.linalg.norm(en_vecs, axis=1, keepdims=True)
    fr_vecs /= np.linalg.norm(fr_vecs, axis=1, keepdims=True)
    cosine = (en_vecs * fr_vecs).sum(axis=1)
    words: list[tuple[list[Word], list[Word]]] = [(space_words(p.english), space_words(p.french))
                                                   for p in pairs]
    results = word_divergence_batch(list(zip(english, french, strict=True)), encoder, layer=layer,
                                    words=words, params=params)
    return Scored(cosine=cosine,
                  english=[np.array([w.score for w in en]) for en, _ in results],
                  french=[np.array([w.score for w in fr]) for _, fr in results])


def sentence_features(scored: Scored) -> np.ndarray:
    """Per pair: cosine, and the mean and upper quartile of word divergence over both sides."""
    rows = []
    for cos, en, fr in zip(scored.cosine, scored.english, scored.french, strict=True):
        both = np.concatenate([en, fr])
        rows.append([cos, both.mean(), np.quantile(both, 0.75)])
    return np.array(rows)


def _token_arrays(scored: Scored, pairs: Sequence[RefresdPair], sentence_score: np.ndarray,
                  index: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token features (word divergence, its deviation from the sentence mean, the sentence
    score) and 0-3 tags, EN and FR pooled, for the pairs in ``index``."""
    feats, tags, owner = [], [], []
    for i in index:
        sides = ((scored.english[i], pairs[i].english_tags), (scored.french[i], pairs[i].french_tags))
        for div, tag in sides:
            feats.append(np.column_stack([div, div - div.mean(), np.full(len(div), sentence_score[i])]))
            tags.append(np.asarray(tag))
            owner.append(np.full(len(div), i))
    return np.vstack(feats), np.concatenate(tags), np.concatenate(owner)


def metrics(pairs: Sequence[RefresdPair], scored: Scored) -> dict[str, Any]:
    """The two-fold metrics of the module docstring from the raw signals."""
    fold = halves(pairs)
    divergent = np.array([p.divergent for p in pairs])
    partial = np.array([p.label == PARTIAL for p in pairs])
    feats = sentence_features(scored)
    # Cross-fitted sentence score: the logistic of each half is fitted on the other half.
    sentence_score = np.zeros(len(pairs))
    for f in (0, 1):
        train, test = fold != f, fold == f
        x_train, x_test = _standardise(feats[train], feats[test])
        sentence_score[test] = apply_logistic(x_test, fit_logistic(x_train, divergent[train]))
    out: dict[str, list[float]] = {k: [] for k in ("sentence_auc", "sentence_f1", "token_f1",
                                                    "token_f1_partial", "token_spearman",
                                                    "cosine_auc", "token_f1_raw", "token_f1_partial_raw")}
    for f in (0, 1):
        train, test = fold != f, fold == f
        out["sentence_auc"].append(roc_auc(sentence_score[test], divergent[test]))
        out["cosine_auc"].append(roc_auc(-scored.cosine[test], divergent[test]))
        threshold = best_threshold(sentence_score[train], divergent[train])
        out["sentence_f1"].append(f1_at(sentence_score[test], divergent[test], threshold))
        x_train, t_train, o_train = _token_arrays(scored, pairs, sentence_score, np.flatnonzero(train))
        x_test, t_test, o_test = _token_arrays(scored, pairs, sentence_score, np.flatnonzero(test))
        xs_train, xs_test = _standardise(x_train, x_test)
        weights = fit_logistic(xs_train, t_train >= 2)
        s_train, s_test = apply_logistic(xs_train, weights), apply_logistic(xs_test, weights)
        out["token_f1"].append(f1_at(s_test, t_test >= 2, best_threshold(s_train, t_train >= 2)))
        out["token_spearman"].append(float(spearmanr(s_test, t_test).statistic))
        raw_train, raw_test = x_train[:, 0], x_test[:, 0]
        out["token_f1_raw"].append(f1_at(raw_test, t_test >= 2, best_threshold(raw_train, t_train >= 2)))
        # Partial pairs alone: the interesting case (a sentence that mostly agrees), with its own
        # threshold, still chosen on the other half.
        p_train, p_test = partial[o_train], partial[o_test]
        if not p_train.any() or not p_test.any():  # a small subset may lack partial pairs in a half
            out["token_f1_partial"].append(float("nan"))
            out["token_f1_partial_raw"].append(float("nan"))
            continue
        weights = fit_logistic(xs_train[p_train], t_train[p_train] >= 2)
        sp_train = apply_logistic(xs_train[p_train], weights)
        sp_test = apply_logistic(xs_test[p_test], weights)
        out["token_f1_partial"].append(f1_at(sp_test, t_test[p_test] >= 2,
                                             best_threshold(sp_train, t_train[p_train] >= 2)))
        out["token_f1_partial_raw"].append(f1_at(raw_test[p_test], t_test[p_test] >= 2,
                                                 best_threshold(raw_train[p_train], t_train[p_train] >= 2)))
    result: dict[str, Any] = {"pairs": len(pairs)}
    result.update({k: round(float(np.mean(v)), 4) for k, v in out.items()})
    return result


REPORTED = ("pairs", "sentence_auc", "sentence_f1", "token_f1", "token_f1_partial", "token_spearman")


def params_from(thresholds: Mapping[str, float]) -> tuple[int, AlignParams]:
    """The span layer and alignment parameters of a registry entry (the detector's settings)."""
    return int(thresholds["span_layer"]), params_from_thresholds(thresholds)


def evaluate_refresd(path: str | Path, encoder: Any, thresholds: Mapping[str, float]) -> dict[str, Any]:
    """The REFreSD metrics (keys of ``REPORTED``) for an encoder and its registry thresholds."""
    pairs = load_refresd(path)
    layer, params = params_from(thresholds)
    full = metrics(pairs, score_pairs(pairs, encoder, layer=layer, params=params))
    return {k: full[k] for k in REPORTED}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="a REFreSD TSV (default: the dev half)")
    parser.add_argument("--layer", type=int, default=None, help="override the registry's span_layer")
    parser.add_argument("--model", default=None, help="a registry model name (default: the config's)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--all", action="store_true", help="also print the diagnostic numbers")
    args = parser.parse_args(argv)

    from drift.config import load_config
    from drift.encoders import load_encoder

    spec = load_config().model_spec(args.model)
    thresholds = dict(spec.thresholds)
    if args.layer is not None:
        thresholds["span_layer"] = args.layer
    if "span_layer" not in thresholds:
        print(f"model '{spec.name}' has no span_layer threshold; pass --layer N", file=sys.stderr)
        return 2
    started = time.perf_counter()
    encoder = load_encoder(spec)
    pairs = load_refresd(args.data)
    layer, params = params_from(thresholds)
    full = metrics(pairs, score_pairs(pairs, encoder, layer=layer, params=params))
    result = full if args.all else {k: full[k] for k in REPORTED}
    result["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
