"""Write the README's course map from the concept map (lib/crmlab/concepts.csv).

Usage: python tools/course_map.py          rewrite README.md between the course-map markers
       python tools/course_map.py --check  exit 1 if README.md is out of date
A test runs the check, so the map in the README cannot drift from the concept map.
"""

import json
import sys
from pathlib import Path

from crmlab import concepts

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- course-map:start -->", "<!-- course-map:end -->"


PLANNED = {
    "01_what_is_crm": "01 What is CRM",
    "02_core_customers": "02 Core customers",
    "03_customer_profitability": "03 Customer profitability and tiers",
    "04_rfm_segmentation": "04 RFM segmentation",
    "05_retention_economics": "05 Retention economics",
    "06_loyalty": "06 Loyalty",
    "07_satisfaction_and_complaints": "07 Satisfaction and complaints",
    "08_churn": "08 Churn",
    "09_three_stage_management": "09 Three-stage customer management",
    "10_maintaining_relationships": "10 Maintaining relationships and visits",
    "case_hair_salon": "Case: the hair salon",
    "case_mcdonalds_core_customers": "Case: McDonald's core customers",
    "case_personalisation": "Case: hotel and retail personalisation",
    "case_supermarket_a": "Case: supermarket A",
}


def title_of(path: Path) -> str:
    """The first Markdown heading of a notebook, or its planned title."""
    if path.exists():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                for line in "".join(cell["source"]).splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
    return PLANNED.get(path.stem, path.stem)


def render() -> str:
    lines = [
        START,
        "",
        "| Part | Concepts | Status |",
        "| --- | --- | --- |",
        "| [00 Start here](notebooks/00_start_here.ipynb) | how the course works, glossary "
        "| ready |",
    ]
    for place in concepts.places():
        path = ROOT / place
        ids = ", ".join(concepts.concepts_in(place))
        name = title_of(path)
        status = "ready" if path.exists() else "planned"
        label = f"[{name}]({place})" if path.exists() else name
        lines.append(f"| {label} | {ids} | {status} |")
    lines += ["", END]
    return "\n".join(lines)


def main(argv) -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = head + render() + tail
    if "--check" in argv:
        if new != text:
            print("README.md course map is out of date: run python tools/course_map.py")
            return 1
        return 0
    readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
