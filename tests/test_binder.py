"""Binder completeness: environment.yml installs what pyproject.toml declares, postBuild runs on
Linux (executable, LF endings) and installs crmlab, apt.txt brings the CJK font for the browser."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def requirement_map(lines) -> dict[str, str]:
    """{canonical name: specifier} of requirement strings (order and spacing ignored)."""
    out = {}
    for line in lines:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name in out:
            raise AssertionError(f"{req.name} is listed twice")
        out[name] = str(req.specifier)
    return out


def binder_pip_list(env: dict) -> list[str]:
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip) == 1, "environment.yml needs exactly one 'pip:' list"
    return pip[0]


def mismatches(pyproject: dict, env: dict) -> list[str]:
    """How environment.yml's pip list differs from pyproject's [project] dependencies."""
    want = requirement_map(pyproject["project"]["dependencies"])
    have = requirement_map(binder_pip_list(env))
    problems = [f"{n}: missing from environment.yml (pyproject: {want[n] or 'any'})"
                for n in sorted(set(want) - set(have))]
    problems += [
        f"{n}: in environment.yml but not in pyproject.toml" for n in sorted(set(have) - set(want))
    ]
    problems += [
        f"{n}: environment.yml {have[n]!r} vs pyproject {want[n]!r}"
        for n in sorted(set(want) & set(have))
        if want[n] != have[n]
    ]
    return problems


@pytest.fixture(scope="module")
def env() -> dict:
    assert not (ROOT / "environment.yaml").exists(), (
        "Binder ignores environment.yaml: name it environment.yml"
    )
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_environment_matches_pyproject(env):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert mismatches(pyproject, env) == []


def test_environment_pins_python_and_lists_pip(env):
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda and "pip" in conda


def test_mismatch_is_caught_both_ways_and_in_the_pins():
    pyproject = {"project": {"dependencies": ["numpy>=2.4,<3", "pandas>=3.0,<4", "scipy>=1.17"]}}
    env = {
        "dependencies": [
            "python=3.11",
            "pip",
            {"pip": ["pandas <4, >=3.0", "NumPy>=2.3,<3", "polars"]},
        ]
    }
    assert mismatches(pyproject, env) == [
        "scipy: missing from environment.yml (pyproject: >=1.17)",
        "polars: in environment.yml but not in pyproject.toml",
        "numpy: environment.yml '<3,>=2.3' vs pyproject '<3,>=2.4'",
    ]


def test_postbuild_is_executable_with_lf_endings_and_installs_crmlab():
    path = ROOT / "postBuild"
    data = path.read_bytes()
    assert b"\r" not in data, "postBuild has CR (Windows) line endings: repo2docker cannot run it"
    assert data.startswith(b"#!"), "postBuild needs a shebang line"
    assert os.access(path, os.X_OK), "postBuild is not executable (chmod +x postBuild)"
    mode = subprocess.run(
        ["git", "ls-files", "-s", "postBuild"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    if mode:  # in a git checkout the executable bit must be committed, not just set locally
        assert mode[0] == "100755", (
            f"postBuild is committed with mode {mode[0]}; run git update-index --chmod=+x"
        )
    assert "pip install" in data.decode("utf-8") and " ." in data.decode("utf-8")


def test_apt_txt_has_the_cjk_font_package():
    packages = [
        line.strip()
        for line in (ROOT / "apt.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert "fonts-noto-cjk" in packages
