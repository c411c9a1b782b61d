"""The README cannot drift (issue 27): every command line it shows parses with today's options, and the
``marsplan plan`` example is exactly what the suite's own run of the plan printed, and the quick examples print
today what the README shows. ``scripts/readme_examples.py``
regenerates every console example from real runs (and ``--check`` compares them all)."""

import shlex
import sys
from pathlib import Path

import click
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from readme_examples import README, examples, normalized  # noqa: E402

from marsplan.cli import app  # noqa: E402


def _command_lines() -> list[str]:
    import re

    lines = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        pending = ""
        for line in block.splitlines():
            if pending:
                pending += " " + line.strip()
            elif line.startswith("$ marsplan"):
                pending = line[2:]
            if pending and not pending.endswith("\\"):
                lines.append(pending)
                pending = ""
            elif pending:
                pending = pending[:-1]
    return lines


def _words(line: str) -> list[str]:
    # a synopsis's optional [parts], then the shell's part (comments, pipes, redirections), are not marsplan's
    line = line.split("  #")[0]
    while "[" in line:
        a = line.index("[")
        line = line[:a] + line[line.index("]", a) + 1:]
    return shlex.split(line.split(" | ")[0].split(" > ")[0])[1:]


@pytest.mark.parametrize("line", _command_lines())
def test_every_readme_command_line_parses(line):
    node: click.Command = app
    words = _words(line)
    path = []
    while isinstance(node, click.Group) and words and words[0] in node.commands:
        path.append(words[0])
        node, words = node.commands[words[0]], words[1:]
    assert path, f"README line {line!r}: no such command"
    with node.make_context(" ".join(["marsplan", *path]), words):
        pass  # the options and their values parsed (types check dates, ranges and choices here)


def test_the_readme_plan_example_is_what_plan_prints(bundled_report):
    printed = (bundled_report.parent / "plan-stdout.txt").read_text().rstrip("\n").splitlines()
    shown = next(out for cmd, out in examples(README.read_text(encoding="utf-8")) if cmd.startswith("$ marsplan plan "))
    # the report's place is the run's own
    printed = [p.replace(str(bundled_report), "marsplan-report") for p in printed]
    assert normalized(shown) == normalized(printed)


QUICK = ("windows", "porkchop", "fleet", "power irradiance", "settle", "ephemeris", "lambert", "freereturn",
         "transfer")
"""The README examples run here, in-process (a few seconds in all); the slower ones (plan, power, crew) are the
suite's own plan above or `scripts/readme_examples.py --check`."""


@pytest.mark.parametrize("line,shown", [(cmd, out) for cmd, out in examples(README.read_text(encoding="utf-8"))
                                         if cmd[len("$ marsplan "):].startswith(QUICK)])
def test_the_readme_example_is_what_marsplan_prints(line, shown, tmp_path, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "120")
    result = CliRunner().invoke(app, shlex.split(line[2:].split("  #")[0])[1:])
    assert result.exit_code == 0, result.stderr
    printed = (result.stdout if result.stdout.strip() else result.stderr).rstrip("\n").splitlines()
    assert normalized(printed) == normalized(shown), line
