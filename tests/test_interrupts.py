"""Issue 28: Ctrl-C ends a run with one line and the shell's exit status for SIGINT (130), no traceback; input
files that never end (devices, FIFOs) and unusable output folders are refused before any work."""

import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from marsplan.cli import app

runner = CliRunner()


def test_ctrl_c_during_a_long_study_is_one_line_and_exit_130(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "marsplan", "study", "city-2046-sensitivity", "--out",
                                str(tmp_path / "study")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "MARSPLAN_NO_CACHE": "1"})
    assert process.stderr is not None
    seen = []
    for line in process.stderr:  # the study has started its work: interrupt it there
        seen.append(line)
        if "Study" in line:
            break
    process.send_signal(signal.SIGINT)
    rest, errors = process.communicate(timeout=120)
    lines = [line for line in errors.splitlines() if line.strip()]
    assert process.returncode == 130, (seen, errors)
    assert lines == ["marsplan: interrupted"] and "Traceback" not in rest + errors
    assert not (tmp_path / "study" / "study.nc").exists()


@pytest.mark.parametrize("args", [
    ["scenario", "validate", "/dev/zero"], ["scenario", "show", "/dev/urandom"], ["settle", "/dev/zero"],
    ["fleet", "/dev/zero", "--c3", "10"], ["plan", "/dev/zero"], ["launchers", "/dev/urandom"],
    ["claims", "FIFO"], ["study", "/dev/zero"], ["study", "FIFO"], ["claims", "DIR"],
    ["--ephemeris", "/dev/zero", "windows"], ["--ephemeris", "FIFO", "windows"],
])
def test_files_that_never_end_are_refused_at_once(args, tmp_path):
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    args = [str(fifo) if a == "FIFO" else str(tmp_path) if a == "DIR" else a for a in args]
    result = runner.invoke(app, args)
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("marsplan ")]
    assert result.exit_code == 2 and len(lines) == 1, (args, result.stderr)
    assert any(kind in lines[0] for kind in ("character device", "FIFO", "directory")), lines[0]


def test_an_input_file_is_read_once_up_to_its_bound(tmp_path):
    from marsplan.errors import ScenarioError
    from marsplan.scenario import load_scenario
    from marsplan.scenario.loader import MAX_SCENARIO_BYTES

    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_SCENARIO_BYTES + 1))
    with pytest.raises(ScenarioError, match="may hold at most"):
        load_scenario(big)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(binary)


@pytest.mark.parametrize("args", [
    ["plan", "--out", "/proc/marsplan-report"], ["plan", "--quick", "--out", "/sys/x"],
    ["porkchop", "--out", "/proc/x.nc"], ["porkchop", "--plot", "/proc/x.png"],
    ["study", "city-2046-sensitivity", "--out", "/proc/x"], ["plan", "--out", "READONLY/report"],
    ["study", "city-2046-sensitivity", "--out", "READONLY/study"], ["plan", "--out", "FILE/report"],
    ["study", "city-2046-sensitivity", "--out", "FILE/study"], ["porkchop", "--out", "FILE/grid.nc"],
])
def test_unusable_outputs_are_refused_before_any_work(args, tmp_path, monkeypatch):
    """Nothing is computed: the stages that would run first are made to fail loudly if reached."""
    import marsplan.study.run as study_run
    import marsplan.trajectory.grid as grid

    if os.geteuid() == 0 and "READONLY/" in " ".join(args):
        pytest.skip("root writes into a read-only folder anyway (FILE/... stands in for it)")
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o555)
    (tmp_path / "file").write_text("a file, not a folder")
    args = [a.replace("READONLY", str(readonly)).replace("FILE", str(tmp_path / "file")) for a in args]

    def reached(*a, **k):
        raise AssertionError("work started before the output was checked")

    monkeypatch.setattr(study_run, "run_study", reached)
    monkeypatch.setattr(grid, "porkchop", reached)
    monkeypatch.setattr("marsplan.campaign.stages.campaign_trajectory", reached)
    result = runner.invoke(app, args)
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("marsplan ")]
    assert result.exit_code == 2 and len(lines) == 1, (args, result.stderr, repr(result.exception))


def test_serve_on_a_port_in_use_is_one_line_and_exit_2():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2 and result.stderr.strip().count("\n") == 0
    assert f"--port {port}: in use" in result.stderr
