"""Move the glossary and the Chinese catalogue from their old Python modules into the data files.

Until issue 12 the tables lived in ``lib/crmlab/glossary.py`` (``TERMS``, ``DEFINITIONS_ZH``) and
``lib/crmlab/zh_text.py`` (``ZH``); now they are ``lib/crmlab/text/glossary.toml`` and
``lib/crmlab/text/zh_catalogue.toml``. A branch started before the move that adds terms or
Chinese texts to the old modules merges like this: take that branch's old modules, run

    python tools/migrate_text_tables.py OLD_GLOSSARY_PY OLD_ZH_TEXT_PY

which rewrites both data files from them (section comments kept, each checked by reading it back),
then keep the new ``glossary.py`` and ``zh_text.py``. Delete this script once no such branch is
left.
"""

import ast
import sys
import tomllib
from pathlib import Path

TEXT = Path(__file__).resolve().parents[1] / "lib" / "crmlab" / "text"


def s(text):
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def assigned(tree, name):
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if getattr(target, "id", None) == name:
                return node.value
    raise KeyError(name)


def comments_before(lines, start, end):
    """Comment lines in lines[start:end] (0-based, end exclusive)."""
    return [l.strip() for l in lines[start:end] if l.strip().startswith("#")]


# ---- Chinese catalogue
src = Path(sys.argv[2]).read_text(encoding="utf-8")
lines = src.splitlines()
tree = ast.parse(src)
d = assigned(tree, "ZH")
keys = [ast.literal_eval(k) for k in d.keys]
assert len(keys) == len(set(keys)), "duplicate keys"
out = [
    "# Chinese (中文) forms of the text crmlab draws and prints, keyed by the English text.",
    "# Read by crmlab.zh_text (crmlab.language.tr). Terms follow the course glossary",
    "# (glossary.toml); punctuation is full-width where Chinese text surrounds it.",
    '# tests/test_language.py checks that every tr("...") text of the library has an entry here,',
    "# that the template fields match and that every character is in the bundled font.",
    '# One entry a line: "English text" = "中文"; TOML escapes as in Python ("\\n", "\\"").',
    "",
]
prev_end = d.lineno  # line of the opening brace (1-based); entries start after
for k, v in zip(d.keys, d.values):
    for c in comments_before(lines, prev_end, k.lineno - 1):
        if prev_end != d.lineno:
            out.append("")
        out.append(c)
    out.append(f"{s(ast.literal_eval(k))} = {s(ast.literal_eval(v))}")
    prev_end = v.end_lineno
tail = comments_before(lines, prev_end, d.end_lineno - 1)
assert not tail, tail
text = "\n".join(out) + "\n"
(TEXT / "zh_catalogue.toml").write_text(text, encoding="utf-8")
ZH = ast.literal_eval(d)
assert tomllib.loads(text) == ZH and list(tomllib.loads(text)) == list(ZH)

# ---- glossary
src = Path(sys.argv[1]).read_text(encoding="utf-8")
lines = src.splitlines()
tree = ast.parse(src)
t = assigned(tree, "TERMS")
dz = assigned(tree, "DEFINITIONS_ZH")
TERMS = ast.literal_eval(t)
DZ = ast.literal_eval(dz)
assert len(dz.keys) == len(DZ)
out = [
    "# The course glossary: one [[term]] per key term, in the order of the course.",
    "# Read by crmlab.glossary. Fields: english, chinese, concept (C01-C46), definition (one",
    "# line, in our words); optional: aliases (other names a reader may know the term by, in",
    "# either language; a lookup finds the term by any) and definition_zh (the Chinese",
    "# definition, given when the language is Chinese; every term a notebook prints needs one).",
    "# tests/test_text_files.py checks the fields; tests/test_glossary.py that names are unique.",
    "",
]
prev_end = t.lineno
for node, row in zip(t.elts, TERMS):
    for c in comments_before(lines, prev_end, node.lineno - 1):
        out.append(c)
        out.append("")
    out.append("[[term]]")
    out.append(f"english = {s(row[0])}")
    out.append(f"chinese = {s(row[1])}")
    out.append(f"concept = {s(row[2])}")
    out.append(f"definition = {s(row[3])}")
    if len(row) > 4:
        assert isinstance(row[4], tuple) and len(row) == 5
        out.append("aliases = [" + ", ".join(s(a) for a in row[4]) + "]")
    if row[0] in DZ:
        out.append(f"definition_zh = {s(DZ[row[0]])}")
    out.append("")
    prev_end = node.end_lineno
text = "\n".join(out)
(TEXT / "glossary.toml").write_text(text, encoding="utf-8")
data = tomllib.loads(text)["term"]
back = tuple(
    (e["english"], e["chinese"], e["concept"], e["definition"])
    + ((tuple(e["aliases"]),) if "aliases" in e else ())
    for e in data
)
assert back == TERMS
assert {e["english"]: e["definition_zh"] for e in data if "definition_zh" in e} == DZ
print(len(ZH), "catalogue entries;", len(TERMS), "terms;", len(DZ), "Chinese definitions")
