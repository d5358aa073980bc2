#!/usr/bin/env python3
"""Fit resolution's weights (src/resolve/weights.rs) on annotated corpora.

Resolution scores each candidate place of a span as prior + context, a weighted sum of the
features in src/resolve/mod.rs (`PriorFeatures`, `ContextFeatures`), and a softmax over the
span's candidates turns scores into probabilities. That is a conditional logit, and this
script fits it: for every recognised span that overlaps an annotated toponym with
coordinates, the candidates within 161 km of the annotation are right, the others wrong, and
the weights maximise the probability of the right ones (L2-regularised, towards the current
weights). Articles are split into folds; each fold is scored with weights fitted on the
others, so the printed accuracy is what the weights do on articles they have not seen.

    cargo build --release --example resolution_features
    python3 scripts/fit-resolution.py ../shared/eval/data/lgl.jsonl ../shared/eval/data/geovirus.jsonl

It prints the fold scores, then the fitted constants for weights.rs. Needs numpy
(`pip install numpy`); nothing here runs at build or test time. The corpora's names,
coordinates and ids are only used as labels; nothing of them is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "target" / "release" / "examples" / "resolution_features"
KM = 161.0

# Feature columns in the order of the weights they fit: (weights.rs group, field, how to
# read it from one candidate of the example's output).
KINDS = ("country", "region", "area", "district", "city")


def kind_is(kind):
    return lambda c: 1.0 if c["kind"] == kind else 0.0


def pop_if(kind):
    return lambda c: c["log_population"] if c["kind"] == kind else 0.0


def flag(name):
    return lambda c: 1.0 if c[name] else 0.0


def value(name):
    return lambda c: float(c[name])


FEATURES = [
    ("PRIOR", "country", kind_is("country")),
    ("PRIOR", "country_population", pop_if("country")),
    ("PRIOR", "region", kind_is("region")),
    ("PRIOR", "region_population", pop_if("region")),
    ("PRIOR", "area", kind_is("area")),
    ("PRIOR", "district", kind_is("district")),
    ("PRIOR", "district_population", pop_if("district")),
    ("PRIOR", "city_population", pop_if("city")),
    ("PRIOR", "capital", flag("capital")),
    ("PRIOR", "not_preferred", flag("not_preferred")),
    ("PRIOR", "city_cue", flag("city_cue")),
    ("PRIOR", "country_alias", flag("country_alias")),
    ("PRIOR", "eponymous_region", flag("eponymous_region")),
    ("PRIOR", "largest", flag("largest")),
    ("CONTEXT", "qualifier_inside", flag("qualifier_inside")),
    ("CONTEXT", "qualifier_outside", flag("qualifier_outside")),
    ("CONTEXT", "country_voted", flag("country_voted")),
    ("CONTEXT", "country_share", value("country_share")),
    ("CONTEXT", "region_voted", flag("region_voted")),
    ("CONTEXT", "region_share", value("region_share")),
    ("CONTEXT", "anchor_proximity", value("anchor_proximity")),
    ("CONTEXT", "district_named", flag("district_named")),
    ("CONTEXT", "region_read", flag("region_read")),
    ("CONTEXT", "village_proximity", value("village_proximity")),
]

# The fit starts from, and its regulariser pulls towards, the weights in weights.rs now; so a
# feature the corpora rarely exercise (a qualifier, a "city" cue) keeps its weight.
WEIGHTS_RS = ROOT / "src" / "resolve" / "weights.rs"


def current_weights() -> dict[str, float]:
    text = WEIGHTS_RS.read_text(encoding="utf-8")
    body = text[text.index("pub const PRIOR"):]
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"\n    (\w+): (-?[0-9.]+),", body)}


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def spans_of(corpus: Path):
    """(article id, feature matrix, right-or-wrong vector) for every span with a labelled gold."""
    gold = {}
    for line in corpus.open(encoding="utf-8"):
        article = json.loads(line)
        gold[article["id"]] = [g for g in article["gold"] if g.get("lat") is not None]
    with corpus.open("rb") as fh:
        out = subprocess.run([str(EXAMPLE)], stdin=fh, capture_output=True, check=True).stdout
    for line in out.decode("utf-8").splitlines():
        span = json.loads(line)
        if span["demonym"] or not span["candidates"]:
            continue
        overlapping = [g for g in gold.get(span["id"], [])
                       if g["start"] < span["end"] and span["start"] < g["end"]]
        if not overlapping:
            continue
        g = max(overlapping, key=lambda g: min(g["end"], span["end"]) - max(g["start"], span["start"]))
        right = np.array([haversine(g["lat"], g["lon"], c["lat"], c["lon"]) <= KM
                          for c in span["candidates"]], dtype=float)
        if right.sum() == 0:
            continue  # the right place is not among the candidates: nothing to learn
        x = np.array([[f(c) for _, _, f in FEATURES] for c in span["candidates"]])
        yield f"{corpus.stem}:{span['id']}", x, right


# Signs any reader would expect, kept while fitting: more people never make a place less
# likely, a capital or a qualifier the place lies in never counts against it, a qualifier it
# does not lie in never counts for it, and the document's votes never push away.
BOUNDS = {
    "country_population": (0, None), "region_population": (0, None),
    "district_population": (0, None), "city_population": (0, None), "capital": (0, None),
    "not_preferred": (None, 0), "country_alias": (None, 0), "eponymous_region": (None, 0),
    "qualifier_inside": (0, None), "qualifier_outside": (None, 0), "country_voted": (0, None),
    "country_share": (0, None), "region_voted": (0, None), "region_share": (0, None),
    "anchor_proximity": (0, None),
}


# Weights that are rules, not fitted: the corpora (US local and world news) rarely exercise
# them, or exercise them in another sense than news at large does. "New York" is as often the
# state as the city there, while "Kharkiv" alone is the city; US local news names Athens,
# Dublin and Paris of Georgia, Ohio and Texas, which would teach that a national capital is no
# more likely than its namesakes; and which spellings a source marks as a place's own is noisy
# ("Kiev" is the oblast's own name in one source and only a variant of the city's in another).
# They stay as weights.rs has them.
FIXED = {"city_cue", "eponymous_region", "capital", "not_preferred", "district_named",
         "village_proximity"}  # the last two: villages, which news outside the war hardly names


class Spans:
    """Every span's candidates stacked in one matrix, for vectorised softmaxes."""

    def __init__(self, spans):
        self.x = np.vstack([x for x, _ in spans])
        self.right = np.concatenate([r for _, r in spans])
        sizes = [len(r) for _, r in spans]
        self.starts = np.cumsum([0] + sizes[:-1])
        self.segment = np.repeat(np.arange(len(spans)), sizes)
        self.n = len(spans)

    def probabilities(self, w):
        s = self.x @ w
        s = s - np.maximum.reduceat(s, self.starts)[self.segment]
        p = np.exp(s)
        return p / np.add.reduceat(p, self.starts)[self.segment]

    def loss_and_grad(self, w, w0, l2):
        p = self.probabilities(w)
        mass = np.maximum(np.add.reduceat(p * self.right, self.starts), 1e-12)
        loss = -np.log(mass).sum() / self.n + l2 * np.sum((w - w0) ** 2)
        # d(-log Σ_right p)/dw = E_p[x] - E_{p | right}[x], per span.
        coefficient = p - p * self.right / mass[self.segment]
        return loss, self.x.T @ coefficient / self.n + 2 * l2 * (w - w0)

    def accuracy(self, w):
        s = self.x @ w
        best = np.maximum.reduceat(s, self.starts)[self.segment]
        # A span is right when one of its best-scoring candidates is right (first wins ties).
        chosen = np.zeros(self.n, dtype=bool)
        seen = np.zeros(self.n, dtype=bool)
        for i in np.flatnonzero(s >= best):
            k = self.segment[i]
            if not seen[k]:
                seen[k] = True
                chosen[k] = self.right[i] > 0
        return chosen.mean()


def fit(spans: Spans, w0, l2, steps=1500):
    """Projected Adam on the mean negative log-likelihood, within BOUNDS."""
    low = np.array([(BOUNDS.get(name, (None, None))[0] if BOUNDS.get(name, (None, None))[0] is not None
                     else -np.inf) for _, name, _ in FEATURES])
    high = np.array([(BOUNDS.get(name, (None, None))[1] if BOUNDS.get(name, (None, None))[1] is not None
                      else np.inf) for _, name, _ in FEATURES])
    fixed = np.array([name in FIXED for _, name, _ in FEATURES])
    low = np.where(fixed, w0, low)
    high = np.where(fixed, w0, high)
    w = np.clip(w0.copy(), low, high)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        _, g = spans.loss_and_grad(w, w0, l2)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= 0.02 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        w = np.clip(w, low, high)
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=0.0001)
    args = parser.parse_args()
    if not EXAMPLE.exists():
        sys.exit(f"build it first: cargo build --release --example resolution_features ({EXAMPLE})")

    by_article: dict[str, list] = {}
    for corpus in args.corpora:
        for article, x, right in spans_of(corpus):
            by_article.setdefault(article, []).append((x, right))
    articles = sorted(by_article)
    start = current_weights()
    w0 = np.array([start[name] for _, name, _ in FEATURES])
    print(f"{sum(len(v) for v in by_article.values())} spans with the right place among their "
          f"candidates, in {len(articles)} articles", file=sys.stderr)

    before, after = [], []
    for k in range(args.folds):
        test = Spans([s for i, a in enumerate(articles) if i % args.folds == k for s in by_article[a]])
        train = Spans([s for i, a in enumerate(articles) if i % args.folds != k for s in by_article[a]])
        w = fit(train, w0, args.l2)
        before.append(test.accuracy(w0))
        after.append(test.accuracy(w))
        print(f"fold {k + 1}: held-out accuracy {before[-1]:.4f} with the starting weights, "
              f"{after[-1]:.4f} fitted", file=sys.stderr)
    print(f"mean: {np.mean(before):.4f} -> {np.mean(after):.4f}", file=sys.stderr)

    w = fit(Spans([s for a in articles for s in by_article[a]]), w0, args.l2)
    for group in ("PRIOR", "CONTEXT"):
        print(f"{group}:")
        for (g, name, _), value in zip(FEATURES, w):
            if g == group:
                print(f"    {name}: {value:.2f},")


if __name__ == "__main__":
    main()
