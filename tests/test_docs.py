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
def test_readme_api_tour(tmp_path, monkeypatch, bundled_report):
    import json
    import shutil

    from marsplan.pipeline import PlanResult

    monkeypatch.chdir(tmp_path)  # the tour writes a report into ./out
    # the tour's `marsplan.plan("mars-2026", "out")` is the session's one run of the bundled plan (the same call,
    # made once for the whole suite): its report is copied to where the tour asks and its summary returned
    def plan_once(scenario="mars-2026", out_dir="marsplan-report", **kwargs):
        assert scenario == "mars-2026" and not kwargs
        shutil.copytree(bundled_report, out_dir, dirs_exist_ok=True)
        summary = PlanResult(json.loads((bundled_report / "summary.json").read_text()))
        summary.out_dir = Path(out_dir)
        return summary

    monkeypatch.setattr(marsplan, "plan", plan_once)
    result = doctest.testfile(str(README), module_relative=False, optionflags=FLAGS, verbose=False)
    assert result.attempted > 20 and result.failed == 0
    assert (tmp_path / "out" / "report.html").is_file()


MODULES = ["marsplan", *sorted(name for _, name, _ in pkgutil.walk_packages(marsplan.__path__, "marsplan.")
                               if not name.endswith("__main__"))]

# Modules allowed to run no example (every other module must run at least one, so that a passing test says
# something about it).  Each entry says why; remove it once the module has an example.
WITHOUT_EXAMPLES = {
    # package __init__ files that are prose maps of their package, with no code an example could show
    "marsplan.astro": "one-line package docstring; its modules carry the examples",
    "marsplan.campaign": "the layer diagram of the package (checked by tests/test_layers.py)",
    "marsplan.server": "re-exports marsplan.server.app, whose docstring has the examples",
    # data only
    "marsplan.constants": "defined constants and their sources, nothing to call",
    "marsplan.scenario.bundled": "holds the bundled scenario TOML files; empty __init__",
}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, verbose=False)
    assert result.failed == 0
    if name not in WITHOUT_EXAMPLES:
        assert result.attempted >= 1, f"{name} runs no docstring example: add one (or list it, with a reason)"


def test_docstring_examples_exceptions_are_modules():
    """A renamed or removed module must leave the exception list too, so the list never hides a new module."""
    assert set(WITHOUT_EXAMPLES) <= set(MODULES), sorted(set(WITHOUT_EXAMPLES) - set(MODULES))


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_run(script, tmp_path, monkeypatch, capsys):
    import runpy

    assert len(EXAMPLES) >= 2
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize("package", ["marsplan", "marsplan.power", "marsplan.vehicles"])
def test_lazy_public_names_are_typed_for_ides(package):
    # every name a package loads on first use is imported under TYPE_CHECKING from the same place, so type
    # checkers and IDEs see its real type; the two lists cannot drift apart
    import ast

    module = importlib.import_module(package)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    typed = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for imp in node.body:
                for alias in imp.names:
                    typed[alias.asname or alias.name] = (imp.module, alias.name)
    lazy = {name: (target, name) if isinstance(target, str) else tuple(target)
            for name, target in module._LAZY.items()}
    assert typed == lazy
    assert set(lazy) <= set(module.__all__)
