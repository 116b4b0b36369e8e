"""Write graph/extract/word-clusters.npz: clusters of the pipeline's word vectors, read as
features by the entity typer and the relation classifier (graph/extract/_clusters.py).

    python scripts/word_clusters.py            # from the medium pipeline kg-builder loads
    python scripts/word_clusters.py --k 512 --coarse 64 --seed 7

The pipeline's static vectors (300 numbers a word; 20,000 distinct vectors in the medium English
pipeline) are normalised to length 1 and grouped by k-means (cosine: each vector goes to the
centroid it is closest to in angle) into ``--k`` fine clusters; the fine centroids are grouped
again into ``--coarse`` clusters. Words the typer has never seen in a name ("Draupadi",
"Nokia") then share features with words it has ("Kunti", "Samsung"). The file holds the fine
centroids (float16), the coarse cluster of each fine one, and the width and row count of the
vectors they were made from, which the reader checks against the pipeline it has loaded.

Seeded and deterministic: the same vectors, ``--k``, ``--coarse`` and ``--seed`` give the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph._nlp import load_pipeline  # noqa: E402
from graph.extract._clusters import CLUSTERS_FILE  # noqa: E402


def unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def kmeans(points: np.ndarray, k: int, seed: int, rounds: int) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means: the centroids (unit length) and each point's cluster. The first
    centroids are ``k`` points drawn without replacement with the seeded generator."""
    rng = np.random.default_rng(seed)
    centroids = points[rng.choice(len(points), size=k, replace=False)].copy()
    assign = np.zeros(len(points), dtype=np.int64)
    for n in range(rounds):
        new = np.argmax(points @ centroids.T, axis=1)
        if n and np.array_equal(new, assign):
            break
        assign = new
        for c in range(k):
            members = points[assign == c]
            if len(members):  # an empty cluster keeps its centroid
                centroids[c] = members.sum(axis=0)
        centroids = unit(centroids)
    return centroids, assign


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=512, help="fine clusters (default 512)")
    parser.add_argument("--coarse", type=int, default=64, help="coarse clusters (default 64)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=30, help="at most this many k-means rounds")
    parser.add_argument("--output", type=Path, default=CLUSTERS_FILE)
    args = parser.parse_args(argv)
    vectors = load_pipeline().vocab.vectors
    if vectors.shape[0] == 0:
        print("the loaded pipeline has no word vectors: install the medium one "
              "(python3 scripts/dev.py demo does)", file=sys.stderr)
        return 2
    points = unit(np.asarray(vectors.data, dtype=np.float32))
    points = points[np.linalg.norm(points, axis=1) > 0]
    fine, assign = kmeans(points, args.k, args.seed, args.rounds)
    coarse_centroids, coarse = kmeans(fine, args.coarse, args.seed, args.rounds)
    del coarse_centroids
    np.savez_compressed(args.output, centroids=fine.astype(np.float16),
                        coarse=coarse.astype(np.int16),
                        source=np.array([vectors.shape[0], vectors.shape[1]], dtype=np.int64))
    sizes = np.bincount(assign, minlength=args.k)
    print(f"{len(points)} vectors into {args.k} clusters (largest {sizes.max()}, "
          f"empty {int((sizes == 0).sum())}) and {args.coarse} coarse ones: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
