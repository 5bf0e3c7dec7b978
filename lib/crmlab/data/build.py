"""Write the committed datasets: ``python -m crmlab.data.build data`` (what ``make data`` runs).

For every group in :data:`crmlab.simulate.GENERATORS` it runs the generator at its default seed
and scale, writes each table to ``<out>/<table>.csv.gz`` and the planted truth to
``<out>/truth/<group>.json``, then writes the data dictionary ``<out>/README.md`` from every
``TABLES`` (and :data:`crmlab.data.REAL_TABLES`) and the truth files.

Output is byte-identical from run to run: gzip without a time stamp (``mtime=0``), ``\\n`` line
ends, dates as ``YYYY-MM-DD``, money rounded to 2 decimals, JSON with sorted keys.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = build(out, groups=["supermarket"], readme=False)
>>> sorted(p.name for p in written)
['supermarket.json', 'supermarket_branches.csv.gz', 'supermarket_customers.csv.gz',
'supermarket_transactions.csv.gz']
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import CRMLabError
from ..simulate import GENERATORS, generate, generator, modules
from . import REAL_TABLES

__all__ = ["csv_frame", "write_table", "write_truth", "build_group", "build", "render_readme",
           "main"]


def csv_frame(df, spec):
    """``df`` ready for CSV: columns in dictionary order, dates as text, money to 2 decimals.

    >>> import pandas as pd
    >>> from crmlab.simulate import Column, Table
    >>> spec = Table("t", "demo", (Column("date", "date", "", ""),
    ...                            Column("amount", "float", "yuan", "")))
    >>> df = pd.DataFrame({"amount": [1.005, 2.0], "date": pd.to_datetime(["2024-01-02", None])})
    >>> csv_frame(df, spec)
             date  amount
    0  2024-01-02     1.0
    1                 2.0
    """
    want = [c.name for c in spec.columns]
    have = list(df.columns)
    if sorted(have) != sorted(want):
        raise CRMLabError(
            f"table {spec.name!r} has columns {have}; its TABLES entry lists {want}. "
            "Make the generator and its data dictionary agree."
        )
    out = df[want].copy()
    for col in spec.columns:
        out[col.name] = _csv_column(out[col.name], col)
    return out.reset_index(drop=True)


def _csv_column(s, col):
    """A column as written: dates as YYYY-MM-DD (empty when missing), yuan rounded to fen."""
    import pandas as pd

    if col.dtype == "date":
        return pd.to_datetime(s).dt.strftime("%Y-%m-%d").fillna("")
    if col.dtype == "float" and col.unit == "yuan":
        return s.astype("float64").round(2)
    return s


def write_table(df, spec, out_dir) -> Path:
    """Write ``df`` to ``out_dir/<spec.name>.csv.gz`` reproducibly and return the path."""
    path = Path(out_dir) / f"{spec.name}.csv.gz"
    csv_frame(df, spec).to_csv(
        path, index=False, lineterminator="\n", compression={"method": "gzip", "mtime": 0}
    )
    return path


def write_truth(truth: dict, group: str, out_dir) -> Path:
    """Write ``truth`` to ``out_dir/truth/<group>.json`` (sorted keys, indent 2)."""
    try:
        text = json.dumps(truth, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise CRMLabError(
            f"the truth of dataset group {group!r} is not plain JSON ({exc}); use "
            "Python floats/ints/strings/lists/dicts, ISO date strings, None "
            "for missing."
        ) from None
    path = Path(out_dir) / "truth" / f"{group}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def build_group(group: str, out_dir) -> list[Path]:
    """Generate ``group`` at its defaults and write its tables and truth into ``out_dir``."""
    module = generator(group)
    sim = generate(group)
    specs = {t.name: t for t in module.TABLES}
    if set(sim.tables) != set(specs):
        raise CRMLabError(
            f"generator {group!r} returned tables {sorted(sim.tables)}; its TABLES "
            f"lists {sorted(specs)}."
        )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [write_table(sim.tables[name], specs[name], out_dir) for name in sorted(specs)]
    return paths + [write_truth(sim.truth, group, out_dir)]


def build(out_dir, *, groups=None, readme: bool = True) -> list[Path]:
    """Write every dataset group (or those in ``groups``) and the README into ``out_dir``.

    Groups whose generator module does not exist yet are skipped when ``groups`` is None.
    """
    chosen = [g for g, _ in modules()] if groups is None else list(groups)
    for g in chosen:
        if g not in GENERATORS:
            raise CRMLabError(
                f"unknown dataset group {g!r}; valid groups are {sorted(GENERATORS)}."
            )
    paths = [p for g in chosen for p in build_group(g, out_dir)]
    if readme:
        path = Path(out_dir) / "README.md"
        path.write_text(render_readme(out_dir), encoding="utf-8")
        paths.append(path)
    return paths


def _flatten(value, prefix=""):
    if isinstance(value, dict):
        for k in sorted(value):
            yield from _flatten(value[k], f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, value


def _show(value) -> str:
    if isinstance(value, list):
        shown = value[:3] if len(value) > 8 else value
        text = ", ".join(json.dumps(v, ensure_ascii=False, sort_keys=True) for v in shown)
        return f"{text}, ... ({len(value)} in all)" if len(value) > 8 else text
    return json.dumps(value, ensure_ascii=False)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table_md(spec) -> list[str]:
    lines = [
        f"### `{spec.name}`",
        "",
        spec.description,
        "",
        f"File `{spec.name}.csv.gz`"
        + (f"; concepts {', '.join(spec.concepts)}" if spec.concepts else "")
        + ".",
        "",
        "| column | type | unit | description |",
        "|---|---|---|---|",
    ]
    for c in spec.columns:
        kind = c.dtype
        if c.categories:
            kind += f" ({', '.join(map(str, c.categories))})"
        lines.append(f"| `{c.name}` | {_cell(kind)} | {_cell(c.unit)} | {_cell(c.description)} |")
    return lines + [""]


def render_readme(out_dir) -> str:
    """The data dictionary (Markdown) from every ``TABLES`` and the truth files in ``out_dir``."""
    out_dir = Path(out_dir)
    lines = [
        "# CRM Lab datasets: the data dictionary",
        "",
        "Generated by `make data` (`python -m crmlab.data.build data`) from the `TABLES` of "
        "each generator in `crmlab.simulate` and the truth files in `truth/`: do not edit by "
        "hand. Load a table with `crm.data.load(name)` (typed: dates parsed, categories in "
        "order) and read its entry with `crm.data.describe(name)`.",
        "",
        "Simulated tables are seeded: regenerating them gives the same bytes. Columns called "
        "*planted* record the truth the simulation built in; a real system would not have "
        "them.",
        "",
    ]
    groups = modules()
    lines += ["| table | group | concepts | what it is |", "|---|---|---|---|"]
    for group, spec in [(g, t) for g, m in groups for t in m.TABLES] + [
        ("real", t) for t in REAL_TABLES
    ]:
        first = spec.description.split(". ")[0].rstrip(".")
        lines.append(
            f"| [`{spec.name}`](#{spec.name}) | {group} | "
            f"{', '.join(spec.concepts)} | {_cell(first)}. |"
        )
    lines.append("")
    for group, module in groups:
        lines += [
            f"## {group}",
            "",
            f"Generator `{module.__name__}`: {module.DEFAULT_CUSTOMERS:,} customers, "
            f"seed {module.DEFAULT_SEED}.",
            "",
        ]
        for spec in module.TABLES:
            lines += _table_md(spec)
        truth_path = out_dir / "truth" / f"{group}.json"
        if truth_path.exists():
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            lines += [f"Planted truth (`truth/{group}.json`):", ""]
            lines += [f"- `{k}`: {_cell(_show(v))}" for k, v in _flatten(truth)]
            lines.append("")
        else:
            lines += [f"Planted truth: `truth/{group}.json` is missing; run `make data`.", ""]
    if REAL_TABLES:
        lines += ["## Real data", ""]
        for spec in REAL_TABLES:
            lines += _table_md(spec)
    return "\n".join(lines).rstrip("\n") + "\n"


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m crmlab.data.build", description="Write the committed CRM Lab datasets."
    )
    parser.add_argument("out_dir", help="folder to write into, normally data")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="GROUP",
        choices=sorted(GENERATORS),
        help="regenerate only these groups (the README is always rewritten)",
    )
    return parser


def main(argv=None) -> int:
    """Command line: ``python -m crmlab.data.build OUT_DIR [--only GROUP ...]``."""
    args = _parser().parse_args(argv)
    for path in build(args.out_dir, groups=args.only):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
