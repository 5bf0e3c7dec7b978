"""The text tables shipped with crmlab (``lib/crmlab/text/*.toml``): each parses, every entry has
its fields, the package data lists them, and a slip in the glossary file is refused by name."""

import fnmatch
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import crmlab as crm
from crmlab.errors import CRMLabError

TEXT = resources.files("crmlab").joinpath("text")
ROOT = Path(__file__).resolve().parents[1]


def _load(name):
    return tomllib.loads(TEXT.joinpath(name).read_text(encoding="utf-8"))


def test_the_glossary_file_parses_and_every_term_has_its_fields():
    terms = _load("glossary.toml")["term"]
    assert len(terms) == len(crm.glossary.TERMS) >= 200
    for number, entry in enumerate(terms, start=1):
        for key in ("english", "chinese", "concept", "definition"):
            assert isinstance(entry.get(key), str) and entry[key].strip(), (number, key)
        assert set(entry) <= {"english", "chinese", "concept", "definition", "aliases",
                              "definition_zh"}, number
        assert re.fullmatch(r"C(0[1-9]|[1-3]\d|4[0-6])", entry["concept"]), number
        aliases = entry.get("aliases", ["an alias"])
        assert isinstance(aliases, list) and aliases, number
        assert all(isinstance(a, str) and a.strip() for a in aliases), number
        assert entry.get("definition_zh", "中文。").endswith("。"), number


def test_the_chinese_catalogue_parses_and_every_entry_is_a_chinese_text():
    catalogue = _load("zh_catalogue.toml")
    assert len(catalogue) >= 400 and catalogue == crm.language.catalogue("zh")
    for english, chinese in catalogue.items():
        assert isinstance(chinese, str) and chinese.strip(), english
        assert english.strip(), repr(english)
    # most entries hold Chinese characters; the others are symbols kept as they are
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", v)) for v in catalogue.values()) > 400


def test_every_text_file_is_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = globs["tool"]["setuptools"]["package-data"]["crmlab"]
    files = sorted(p.relative_to(ROOT / "lib/crmlab").as_posix()
                   for p in (ROOT / "lib/crmlab/text").iterdir())
    assert files == ["text/glossary.toml", "text/zh_catalogue.toml"]
    assert all(any(fnmatch.fnmatch(f, g) for g in globs) for f in files)


@pytest.mark.parametrize("entry, wording", [
    ('english = "x"\nchinese = "某"\nconcept = "C01"',
     r"term 1 \('x'\) needs the texts .* missing or empty: \['definition'\], unknown: \[\]"),
    ('english = "x"\nchinese = ""\nconcept = "C01"\ndefinition = "A thing."',
     r"missing or empty: \['chinese'\]"),
    ('english = "x"\nchinese = "某"\nconcept = "C01"\ndefinition = "A thing."\nalias = ["y"]',
     r"missing or empty: \[\], unknown: \['alias'\]"),
])
def test_a_slip_in_the_glossary_file_is_refused_by_name(entry, wording, tmp_path, monkeypatch):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "glossary.toml").write_text(f"[[term]]\n{entry}\n", encoding="utf-8")
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    with pytest.raises(CRMLabError, match=wording):
        crm.glossary._read_terms()
