"""Write data/cdnow_sample.csv.gz: the 2,357 customers of the CDNOW sample behind the BG/NBD paper.

Usage (from the repository root)::

    .venv/bin/python tools/import_cdnow_sample.py [--source PATH] [--out data/cdnow_sample.csv.gz]

What it is
    Fader, Hardie and Lee (2005) fitted the BG/NBD model to a 1/10th systematic sample of the
    CDNOW cohort: 2,357 of the 23,570 customers of ``data/cdnow.csv.gz``. The sample's
    transaction file (``CDNOW_sample.txt``) numbers them 1-2357 and keeps each one's id in the
    master file in its first column. Only that pair of ids is kept here (one row per customer):
    the purchases themselves are the master file's rows of those customers (checked by
    ``tests/test_bgnbd.py``).

Source
    Bruce G. S. Hardie's data sets page (brucehardie.com), "Notes on the CDNOW Master Data
    Set" (http://brucehardie.com/notes/026/); the copy redistributed in the ``lifetimes``
    package 0.11.3 (Cameron Davidson-Pilon, MIT licence), ``lifetimes/datasets/CDNOW_sample.txt``,
    SHA-256 pinned below. Get it with ``pip download lifetimes==0.11.3 --no-deps`` and unzip
    the wheel, or install the bench extra (``pip install -e ".[bench]"``).

Citation
    Fader, Peter S., Bruce G. S. Hardie and Ka Lok Lee (2005), "'Counting Your Customers' the
    Easy Way: An Alternative to the Pareto/NBD Model," Marketing Science, 24 (2), 275-284.

Terms
    As for ``data/cdnow.csv.gz`` (see ``tools/import_cdnow.py``): published by the authors for
    research and teaching, shipped here for teaching with this attribution.

Written as gzip with mtime 0, so running this script again gives identical bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from pathlib import Path

import pandas as pd

SOURCE_SHA256 = "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "cdnow_sample.csv.gz"


def lifetimes_source() -> Path:
    """Path of CDNOW_sample.txt inside the installed `lifetimes` package (not imported)."""
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            "lifetimes is not installed: pip install lifetimes==0.11.3, or pass --source PATH "
            "to a copy of CDNOW_sample.txt."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "datasets" / "CDNOW_sample.txt"


def read_sample(path: Path) -> pd.DataFrame:
    """One row per sampled customer: master id and sample id, in sample order."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{path} has SHA-256 {digest}; expected {SOURCE_SHA256} "
                         "(lifetimes 0.11.3).")
    raw = pd.read_csv(path, sep=r"\s+", header=None, usecols=[0, 1],
                      names=["customer_id", "sample_id"], dtype="int64")
    ids = raw.drop_duplicates().sort_values("sample_id", kind="stable", ignore_index=True)
    if len(ids) != 2357 or ids["customer_id"].duplicated().any():
        raise SystemExit(f"{path}: expected 2,357 customers with one id each; got {len(ids)} rows.")
    return ids


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None, help="path of CDNOW_sample.txt")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .csv.gz path")
    args = parser.parse_args(argv)
    frame = read_sample(args.source or lifetimes_source())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out, index=False, lineterminator="\n",
                 compression={"method": "gzip", "mtime": 0, "compresslevel": 9})
    print(f"wrote {args.out}: {len(frame)} customers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
