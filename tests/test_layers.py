"""The import contract: which package may import which (the picture in ``marsplan.campaign``'s docstring).

Read from the import graph (grimp, imports inside functions included): no package imports one above it,
packages of one layer do not import each other, no two packages import each other, and inside the campaign
the stages never import the claims or the runner.  The root package (``marsplan``: the version and the lazy
public API, which imports nothing eagerly but errors and the lazy loader) stands outside the layers: anyone may
import its version, and it loads the public names of every layer on first use."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp")

LAYERS: list[set[str]] = [
    {"marsplan.__main__"},
    {"marsplan.cli", "marsplan.server"},
    {"marsplan.commands"},
    {"marsplan.pipeline", "marsplan.plot"},
    {"marsplan.report", "marsplan.study"},
    {"marsplan.campaign"},
    {"marsplan.scenario"},
    {"marsplan.settlement", "marsplan.crew"},
    {"marsplan.power"},
    {"marsplan.vehicles"},
    {"marsplan.trajectory"},
    {"marsplan.astro"},
    {"marsplan.distribute", "marsplan.tables", "marsplan.jsonio", "marsplan.validation", "marsplan.seeding",
     "marsplan.data", "marsplan.inputfiles", "marsplan.memory", "marsplan.lazy", "marsplan.lru", "marsplan.threads"},
    {"marsplan.errors", "marsplan.constants"},
]
"""From the top down: a package may import packages of the layers below its own."""

ALLOWED_SIDEWAYS = {("marsplan.cli", "marsplan.server"): "`marsplan serve` starts the server"}

KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("marsplan", include_external_packages=False)


def _unit(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _edges(graph) -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = _unit(module), _unit(imported)
            if a != b and "marsplan" not in (a, b):
                edges.setdefault((a, b), []).append(f"{module} -> {imported}")
    return edges


def _rank(unit: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if unit in layer:
            return rank
    raise AssertionError(f"{unit} is in no layer of the contract: add it to LAYERS")


def test_every_package_has_a_layer(graph):
    for module in graph.modules:
        if module != "marsplan":
            _rank(_unit(module))


def test_no_arrow_points_up_or_sideways(graph):
    wrong = []
    for (a, b), where in _edges(graph).items():
        if (a, b) in ALLOWED_SIDEWAYS or (a, b) in KNOWN_VIOLATIONS:
            continue
        if _rank(b) <= _rank(a):
            wrong.append(f"{a} (layer {_rank(a)}) imports {b} (layer {_rank(b)}): {where[0]}")
    assert not wrong, "\n".join(wrong)


def test_no_two_packages_import_each_other(graph):
    edges = _edges(graph)
    circles = [f"{a} <-> {b}" for (a, b) in edges if (b, a) in edges and a < b
               and (a, b) not in KNOWN_VIOLATIONS and (b, a) not in KNOWN_VIOLATIONS]
    assert not circles, circles


def test_the_campaign_stages_never_import_the_claims_or_the_runner(graph):
    stages = [m for m in graph.modules if m.startswith("marsplan.campaign.")
              and m.rsplit(".", 1)[1] in ("trajectory", "fleet", "power", "settlement", "moon", "nuclear", "verdict")]
    above = {"marsplan.campaign.claims", "marsplan.campaign.lunar_claims", "marsplan.campaign.run",
             "marsplan.campaign.stages", "marsplan.campaign"}
    wrong = [(m, i) for m in stages for i in graph.find_modules_directly_imported_by(m) if i in above]
    assert not wrong, wrong


def test_the_known_violations_are_still_real(graph):
    # a fixed violation must leave this list, so that it cannot come back unnoticed
    edges = _edges(graph)
    assert all(pair in edges for pair in KNOWN_VIOLATIONS), [p for p in KNOWN_VIOLATIONS if p not in edges]


def test_faces_do_not_import_each_other(graph):
    # the server parses queries with the command layer's parameter types, not with the CLI
    assert ("marsplan.server", "marsplan.cli") not in _edges(graph)


BELOW_THE_COMMANDS = ["astro", "trajectory", "vehicles", "power", "settlement", "campaign", "scenario", "study",
                      "report", "pipeline.py", "distribute.py"]


def test_no_module_below_the_commands_names_a_cli_flag():
    # errors below the command layer name the Python parameter (InputError(..., param=...)); the command layer
    # renames it to the flag of the face in use (marsplan.commands.params.FLAGS): no flag is spelled twice
    import re

    from marsplan.commands import FLAGS

    flags = set(FLAGS.values())
    found = []
    for part in BELOW_THE_COMMANDS:
        for path in ([SRC / part] if part.endswith(".py") else sorted((SRC / part).rglob("*.py"))):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found += [(path.name, f) for f in re.findall(r"--[a-z][a-z0-9-]+", node.value) if f in flags]
    assert not found, found


SRC = Path(__file__).resolve().parents[1] / "src" / "marsplan"


def test_no_private_name_crosses_a_module():
    # `from marsplan.x import _name` (or `marsplan.x._name`) outside marsplan.x's own package: private
    # implementation modules (`marsplan.study._indices`) may be imported by their own package only
    wrong = []
    for path in SRC.rglob("*.py"):
        here = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("marsplan"):
                owner = node.module
                private_module = any(part.startswith("_") and not part.startswith("__")
                                     for part in owner.split("."))
                if private_module and not here.startswith(owner.rsplit(".", 1)[0]):
                    wrong.append(f"{here}: from {owner}")
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__") and owner != package \
                            and not owner.startswith(package + "."):
                        wrong.append(f"{here}: from {owner} import {alias.name}")
    assert not wrong, "\n".join(sorted(wrong))


def test_layers_are_listed_once():
    for a, b in itertools.combinations(LAYERS, 2):
        assert not a & b


def test_long_modules_say_why():
    # about 500 lines at most, unless the module's docstring says why it is one module
    long = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 500 and "Why one module" not in (ast.get_docstring(ast.parse(text)) or ""):
            long.append(path.name)
    assert not long, long
