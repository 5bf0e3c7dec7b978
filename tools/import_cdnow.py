"""Write data/cdnow.csv.gz from the CDNOW master file shipped inside the `lifetimes` wheel.

Usage (from the repository root)::

    .venv/bin/python tools/import_cdnow.py [--source PATH] [--out data/cdnow.csv.gz]

What it is
    The CDNOW "master" transaction log: the full purchase history, from 1997-01-01 to
    1998-06-30, of the 23,570 people who made their first-ever purchase at CDNOW (an online
    music retailer) in the first quarter of 1997. 69,659 rows, one per purchase record.

Source
    Bruce G. S. Hardie's data sets page (brucehardie.com), documented in his note
    "Notes on the CDNOW Master Data Set" (http://brucehardie.com/notes/026/). The file used here
    is the copy redistributed inside the `lifetimes` package (version 0.11.3, by
    Cameron Davidson-Pilon, MIT licence), ``lifetimes/datasets/CDNOW_master.txt``; its SHA-256
    is pinned below so the import is reproducible.

Citation
    Fader, Peter S. and Bruce G. S. Hardie (2001), "Forecasting Repeat Sales at CDNOW:
    A Case Study," Interfaces, 31 (3, part 2), S94-S107.
    The BG/NBD model often fitted to it: Fader, Hardie and Lee (2005), "'Counting Your
    Customers' the Easy Way: An Alternative to the Pareto/NBD Model," Marketing Science,
    24 (2), 275-284.

Terms
    No explicit licence for the data is stated by Hardie's site or by `lifetimes` (the MIT
    licence of `lifetimes` covers its code; the package ships the data without separate terms).
    The data are published by the authors for research and teaching and are widely
    redistributed (`lifetimes`, the R package BTYD). We ship them for teaching, unchanged apart
    from the format below, with the source and citation above; cite Fader and Hardie (2001)
    when you use them.

What changes
    Nothing is aggregated or dropped. Columns are renamed to the course's conventions:
    ``customer_id`` (int, 1-23570), ``date`` (ISO yyyy-mm-dd), ``quantity`` (number of CDs),
    ``amount`` (US dollars, 2 decimals). Row order is the original order (by customer, then
    date). Kept as in the original: 80 rows with amount 0, 2,068 rows that share a customer
    and date with an earlier row (255 of them identical in every column). Written as gzip with
    mtime 0, so running this script again gives identical bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from pathlib import Path

import pandas as pd

SOURCE_SHA256 = "eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "cdnow.csv.gz"


def lifetimes_source() -> Path:
    """Path of CDNOW_master.txt inside the installed `lifetimes` package (not imported)."""
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            "lifetimes is not installed: pip install lifetimes==0.11.3, or pass --source PATH "
            "to a copy of CDNOW_master.txt."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "datasets" / "CDNOW_master.txt"


def read_master(path: Path) -> pd.DataFrame:
    """Read the whitespace-separated master file and return the course's columns."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(
            f"{path} has SHA-256 {digest}; expected {SOURCE_SHA256} (lifetimes 0.11.3)."
        )
    raw = pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        skiprows=1,
        names=["customer_id", "date", "quantity", "amount"],
        dtype={"customer_id": "int64", "date": "str", "quantity": "int64", "amount": "float64"},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d")
    return raw


def write(frame: pd.DataFrame, out: Path) -> None:
    """Write ``frame`` as gzip CSV with mtime 0 (byte-identical on every run)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(
        out,
        index=False,
        float_format="%.2f",
        lineterminator="\n",
        compression={"method": "gzip", "mtime": 0, "compresslevel": 9},
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None, help="path of CDNOW_master.txt")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .csv.gz path")
    args = parser.parse_args(argv)
    source = args.source or lifetimes_source()
    frame = read_master(source)
    write(frame, args.out)
    print(f"wrote {args.out}: {len(frame)} rows, {frame['customer_id'].nunique()} customers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
