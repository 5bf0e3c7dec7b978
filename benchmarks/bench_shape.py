"""The shape of the library: module sizes, public function bodies, runnable examples.

Not a timing: the numbers the style rules of CONTRIBUTING.md set goals for. Every crmlab module
at most 300 lines; the median public function body at most 12 lines (its statements after the
docstring, blank and comment-only lines left out); every public function with an example that
``make test`` runs (the doctest count is the number of docstrings with examples).
"""

import ast
import doctest
import importlib
import statistics
from pathlib import Path

import crmlab

LIB = Path(crmlab.__file__).resolve().parent
MAX_LINES = 300


def modules() -> list[Path]:
    return sorted(LIB.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(LIB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def body_length(node, lines: list[str]) -> int:
    """Lines of a function's body after its docstring, without blank and comment-only lines."""
    body = node.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(getattr(body[0], "value", None), ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    if not body:
        return 0
    text = lines[body[0].lineno - 1 : node.end_lineno]
    return sum(1 for line in text if line.strip() and not line.strip().startswith("#"))


def public_functions(path: Path):
    """(name, body length) of the public top-level functions and public methods of a module."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            yield node.name, body_length(node, lines)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    yield f"{node.name}.{item.name}", body_length(item, lines)


def doctest_count() -> int:
    finder = doctest.DocTestFinder()
    count = 0
    for path in modules():
        name = module_name(path)
        if name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        count += sum(1 for test in finder.find(module, name) if test.examples)
    return count


def run():
    sizes = {
        module_name(p) + ("/__init__" if p.name == "__init__.py" else ""): len(
            p.read_text(encoding="utf-8").splitlines()
        )
        for p in modules()
    }
    over = {m: n for m, n in sizes.items() if n > MAX_LINES}
    bodies = [(f"{module_name(p)}.{name}", n) for p in modules() for name, n in public_functions(p)]
    lengths = [n for _, n in bodies]
    longest = sorted(bodies, key=lambda b: -b[1])[:5]
    print(
        f"{len(sizes)} modules, {sum(sizes.values()):,} lines; largest "
        f"{max(sizes, key=sizes.get)} ({max(sizes.values())} lines); over {MAX_LINES} lines: "
        f"{over or 'none'}"
    )
    print(
        f"{len(lengths)} public functions: median body {statistics.median(lengths):g} lines "
        f"(goal <= 12), mean {statistics.mean(lengths):.1f}; longest "
        + ", ".join(f"{name} {n}" for name, n in longest)
    )
    print(f"docstrings with runnable examples (doctests): {doctest_count()}")


if __name__ == "__main__":
    run()
