"""Display text inside code cells: find it, replace it, and compare two editions' programs.

A code cell of the Chinese edition is the English cell with its *display tokens* swapped: string
literals a reader sees (printed sentences, figure titles and labels, takeaways, widget labels,
public-check messages, f-strings) and comments. Everything else stays byte for byte. A token is the
exact source text that Python 3.11's ``tokenize`` gives, quotes and prefix included
(``f"Share: {x:.1%}"``), or the whole comment (``# the years left``).

Which literals are display text (``display_tokens``):

- arguments of ``print``, ``display``, ``Markdown``, ``HTML``, ``takeaway``, ``set_title``,
  ``set_xlabel``, ``set_ylabel``, ``suptitle``, ``text``, ``annotate``, ``legend``, ``set_language``
  (the edition's language switch), and the values of keywords such as ``label=``, ``title=``,
  ``description=``, ``xlabel=``, ``ylabel=``; the message of an ``assert`` and of a raised error;
- every f-string, and every literal that reads like words (two or more words of letters separated
  by spaces, or any Chinese character);
- comments of two or more words, except otter's markers (``# SOLUTION``, ``# HIDDEN``, ...).

Literals that look like text but must stay (a glossary term looked up in English, a query) go on
the translation file's ``keep`` list. Cells whose first line is ``# HIDDEN`` (hidden tests) have no
display tokens: they stay English and identical in both editions.
"""

from __future__ import annotations

import ast
import copy
import io
import re
import tokenize

__all__ = ["display_tokens", "replace_tokens", "program_difference", "fstring_fields", "is_hidden",
           "literal_kind", "call_name"]

DISPLAY_CALLS = {"print", "display", "Markdown", "HTML", "takeaway", "set_title", "set_xlabel",
                 "set_ylabel", "suptitle", "text", "annotate", "legend", "set_language", "Label"}
DISPLAY_KEYWORDS = {"label", "title", "description", "xlabel", "ylabel", "placeholder", "tooltip",
                    "caption", "headline", "legend_title", "msg"}
# option values that may look like words but are settings, never text: ax.legend(loc="upper left")
SETTING_KEYWORDS = {"loc", "method", "how", "kind", "errors", "orient", "validate", "engine"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z]{2,}")
OTTER_MARKER = re.compile(r"^#\s*[A-Z][A-Z0-9 _]*$")  # SOLUTION, HIDDEN, BEGIN SOLUTION, ...
HIDDEN = re.compile(r"^\s*#\s*HIDDEN\b")


def is_hidden(source: str) -> bool:
    """True for an otter hidden-test cell (first line ``# HIDDEN``): never translated."""
    return bool(HIDDEN.match(source.split("\n", 1)[0]))


def _wordy(text: str) -> bool:
    """Reads like words: two words of letters separated by white space, or any Chinese."""
    return bool(CJK.search(text)) or (len(WORD.findall(text)) >= 2
                                      and bool(re.search(r"\S\s+\S", text)))


def call_name(func: ast.expr) -> str | None:
    """The name a call is made by: ``print`` for ``print(...)``, ``set_title`` for
    ``ax.set_title(...)``."""
    return (func.id if isinstance(func, ast.Name)
            else func.attr if isinstance(func, ast.Attribute) else None)


def _strings_in(node: ast.AST):
    """String nodes that make up the value of ``node``: the literal itself, both sides of ``+`` and
    ``%``, both branches of ``a if c else b``, items of a tuple or list, the receiver of
    ``"...".format(...)``. Nothing inside subscripts or other calls (``df["amount"]``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        yield node
    elif isinstance(node, ast.BinOp):
        yield from _strings_in(node.left)
        yield from _strings_in(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _strings_in(node.body)
        yield from _strings_in(node.orelse)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for item in node.elts:
            yield from _strings_in(item)
    elif (isinstance(node, ast.Call) and call_name(node.func) == "format"
          and isinstance(node.func, ast.Attribute)):
        yield from _strings_in(node.func.value)


def _display_nodes(tree: ast.AST) -> list[ast.AST]:
    found = []
    settings = {id(kw.value) for node in ast.walk(tree) if isinstance(node, ast.Call)
                for kw in node.keywords if kw.arg in SETTING_KEYWORDS}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if call_name(node.func) in DISPLAY_CALLS:
                for arg in node.args:
                    found += _strings_in(arg)
            for kw in node.keywords:
                if kw.arg in DISPLAY_KEYWORDS:
                    found += _strings_in(kw.value)
        elif isinstance(node, ast.Assert) and node.msg is not None:
            found += _strings_in(node.msg)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                found += _strings_in(arg)
        elif isinstance(node, ast.JoinedStr):
            found.append(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _wordy(node.value) \
                and id(node) not in settings:
            found.append(node)
    return found


def _char_col(lines: list[str], lineno: int, byte_col: int) -> int:
    """ast columns count UTF-8 bytes; tokenize columns count characters."""
    return len(lines[lineno - 1].encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def _tokens(source: str):
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def display_tokens(source: str, keep=frozenset()) -> list[str]:
    r"""The display tokens of one code cell, in source order (repeats included).

    >>> display_tokens('print(f"{n:,} trips")  # count them\n'
    ...                'crm.data.load("supermarket_transactions")')
    ['f"{n:,} trips"', '# count them']
    >>> display_tokens('ax.set(xlabel="Years", ylim=(0, 1))\nlookup("core customer")',
    ...                keep={'"core customer"'})
    ['"Years"']
    >>> display_tokens('# HIDDEN\nassert x, "wrong total"')
    []
    """
    if is_hidden(source):
        return []
    tree = ast.parse(source)
    lines = source.split("\n")
    spans = []
    for node in _display_nodes(tree):
        start = (node.lineno, _char_col(lines, node.lineno, node.col_offset))
        end = (node.end_lineno, _char_col(lines, node.end_lineno, node.end_col_offset))
        spans.append((start, end))
    out = []
    for tok in _tokens(source):
        if tok.type == tokenize.STRING:
            if any(s <= tok.start and tok.end <= e for s, e in spans) and tok.string not in keep:
                out.append(tok.string)
        elif tok.type == tokenize.COMMENT:
            text = tok.string.rstrip()
            if _wordy(text[1:]) and not OTTER_MARKER.match(text) and text not in keep:
                out.append(text)
    return out


def replace_tokens(source: str, mapping: dict[str, str], keep=frozenset()) -> str:
    r"""``source`` with each display token replaced by ``mapping[token]`` (tokens without a
    translation stay as they are; other text is untouched, byte for byte).

    >>> replace_tokens('print("Hello world")  # say it\nx = "a b"',
    ...                {'"Hello world"': '"你好"', '# say it': '# 打招呼'})
    'print("你好")  # 打招呼\nx = "a b"'
    """
    wanted = set(display_tokens(source, keep))
    lines = source.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    edits = []
    for tok in _tokens(source):
        text = tok.string.rstrip() if tok.type == tokenize.COMMENT else tok.string
        if tok.type in (tokenize.STRING, tokenize.COMMENT) and text in wanted and text in mapping:
            begin = starts[tok.start[0] - 1] + tok.start[1]
            edits.append((begin, begin + len(text), mapping[text]))
    for begin, end, new in sorted(edits, reverse=True):
        source = source[:begin] + new + source[end:]
    return source


def literal_kind(token: str) -> str:
    """``"comment"``, ``"f"`` (an f-string) or ``"str"``; raises ValueError for anything else."""
    if token.startswith("#"):
        if "\n" in token:
            raise ValueError("a comment must stay on one line")
        return "comment"
    node = ast.parse(token.strip(), mode="eval").body
    if isinstance(node, ast.JoinedStr):
        return "f"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "str"
    raise ValueError(f"not a string literal: {token!r}")


def fstring_fields(token: str) -> list[str]:
    """The replacement fields of an f-string token (expression, conversion, format), sorted:
    a translation may reorder them but must keep each one.

    >>> fstring_fields('f"{c} over {a:,} by {b!r}"')
    ["f'{a:,}'", "f'{b!r}'", "f'{c}'"]
    """
    node = ast.parse(token, mode="eval").body
    return sorted(ast.unparse(ast.JoinedStr(values=[v])) for v in ast.walk(node)
                  if isinstance(v, ast.FormattedValue))


def _masked(tree: ast.AST) -> str:
    """The AST as text with every string literal masked; f-strings keep their fields, sorted."""

    class Mask(ast.NodeTransformer):
        def visit_Constant(self, node):
            return ast.Constant(value="<text>") if isinstance(node.value, str) else node

        def visit_JoinedStr(self, node):
            fields = sorted(ast.unparse(ast.JoinedStr(values=[v])) for v in node.values
                            if isinstance(v, ast.FormattedValue))
            return ast.Constant(value="<f-text " + " | ".join(fields) + ">")

    return ast.dump(Mask().visit(copy.deepcopy(tree)))


def _literals(tree: ast.AST) -> list[ast.AST]:
    """String literals in source order, an f-string as one (the masked AST already compares its
    fields, literals inside them included, as a sorted set: a translation may reorder them)."""
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant)
                                               and isinstance(node.value, str)):
            found.append(node)
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return found


def program_difference(english: str, chinese: str) -> str | None:
    r"""None when the two cells are the same program, else what differs.

    Same program: equal ASTs once string literals are masked (f-string fields kept, in any
    order), and every literal that is not display text in the English cell equal in both.

    >>> program_difference('print(f"{n} trips")\nx = df["amount"]',
    ...                    'print(f"{n} 次")\nx = df["amount"]') is None
    True
    >>> program_difference('x = df["amount"]', 'x = df["金额"]')
    "literal 'amount' (line 1) changed to '金额': it is not display text"
    >>> program_difference('print(f"{n} trips")', 'print(f"{m} 次")')
    'the code differs (not only in display text)'
    """
    en_tree, zh_tree = ast.parse(english), ast.parse(chinese)
    if _masked(en_tree) != _masked(zh_tree):
        return "the code differs (not only in display text)"
    display = {id(n) for n in _display_nodes(en_tree)}
    for en, zh in zip(_literals(en_tree), _literals(zh_tree)):
        if id(en) in display:
            continue
        if ast.dump(en) != ast.dump(zh):
            show = (lambda n: repr(n.value) if isinstance(n, ast.Constant) else ast.unparse(n))
            return (f"literal {show(en)} (line {en.lineno}) changed to {show(zh)}: "
                    "it is not display text")
    return None
