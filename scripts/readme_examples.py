"""Regenerate the README's console examples from real runs, so that what a newcomer reads is what marsplan prints.

Each ```console block's ``$ marsplan ...`` lines that are followed by output are run (in a scratch directory,
``COLUMNS=120``, the bundled scenario's disk cache as usual) and their output replaces the README's; a command
whose files are not there (``plan broken.toml``) is left as written. ``--check`` changes nothing and exits 1
when an example has drifted, naming it.

    python scripts/readme_examples.py           # rewrite README.md's console outputs
    python scripts/readme_examples.py --check   # compare only

The test suite checks, faster, that every README command line parses with today's options, that the
``marsplan plan`` example is what the suite's own plan printed, and runs the quick examples (windows, porkchop,
fleet, settle, ephemeris, lambert, freereturn, transfer, ...) in-process against their README output
(``tests/test_readme.py``); the slow ones (power, crew) are compared here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples(text: str) -> list[tuple[str, list[str]]]:
    """(command line, its output lines) of every runnable ``$ marsplan`` example with output."""
    found = []
    for block in BLOCK.findall(text):
        lines = block.splitlines()
        k = 0
        while k < len(lines):
            line = lines[k]
            k += 1
            if not line.startswith("$ marsplan") or line.endswith("\\") or "[" in line or " serve" in line:
                continue  # synopses, and the server (it runs until stopped)
            output = []
            while k < len(lines) and not lines[k].startswith("$ "):
                output.append(lines[k])
                k += 1
            if output:
                found.append((line, output))
    return found


def run(command_line: str, workdir: Path) -> list[str] | None:
    """The command's output lines, or None when it reads a file that is not there."""
    command = command_line[2:].split("  #")[0].strip()
    words = shlex.split(command)
    if any(w.endswith(".toml") and not (workdir / w).exists() for w in words[2:]):
        return None
    marsplan = shutil.which("marsplan") or str(Path(sys.executable).with_name("marsplan"))
    env = {**os.environ, "COLUMNS": "120", "TERM": "dumb"}
    done = subprocess.run([marsplan, *words[1:]], cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=1800)
    text = done.stdout if done.stdout.strip() else done.stderr
    return text.rstrip("\n").splitlines()


def normalized(lines: list[str]) -> list[str]:
    """Lines as compared: without trailing spaces (rich pads tables) and trailing blank lines."""
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def main(check: bool) -> int:
    text = README.read_text(encoding="utf-8")
    drifted = []
    with tempfile.TemporaryDirectory() as tmp:
        for command_line, output in examples(text):
            fresh = run(command_line, Path(tmp))
            if fresh is None or normalized(fresh) == normalized(output):
                continue
            drifted.append(command_line)
            if not check:
                kept_blank = len(output) - len(normalized(output))
                new = normalized(fresh) + [""] * kept_blank
                text = text.replace(command_line + "\n" + "\n".join(output), command_line + "\n" + "\n".join(new), 1)
    if check:
        for line in drifted:
            print(f"drifted: {line}")
        return 1 if drifted else 0
    README.write_text(text, encoding="utf-8")
    print(f"{len(drifted)} example(s) regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
