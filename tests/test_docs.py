"""The README's API tour and every docstring example run as doctests (in a scratch directory)."""

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import marsplan

README = Path(__file__).resolve().parents[1] / "README.md"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.slow
def test_readme_api_tour(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the tour writes a report into ./out
    result = doctest.testfile(str(README), module_relative=False, optionflags=FLAGS, verbose=False)
    assert result.attempted > 20 and result.failed == 0
    assert (tmp_path / "out" / "report.html").is_file()


MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(marsplan.__path__, "marsplan.")
                 if not name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, verbose=False)
    assert result.failed == 0


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_run(script, tmp_path, monkeypatch, capsys):
    import runpy

    assert len(EXAMPLES) >= 2
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()
