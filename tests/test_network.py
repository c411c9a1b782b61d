"""Issue 29: nothing listens beyond the loopback interface unless the user asks (Dask's scheduler, workers and
dashboard included)."""

import ipaddress

import psutil

from marsplan.distribute import run_tasks


def _listening(process):
    return [c.laddr for c in process.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]


def test_a_local_cluster_listens_on_loopback_only():
    me = psutil.Process()
    before = set(_listening(me))
    seen = []

    def on_result(value):  # runs here while the cluster is up
        for process in [me, *me.children(recursive=True)]:
            try:
                seen.extend((process.pid, a) for a in _listening(process) if process is not me or a not in before)
            except psutil.NoSuchProcess:
                pass
        seen.append(value)

    run_tasks(lambda scale, x: scale * x, 3, [1, 2], on_result, workers=1)
    assert sorted(v for v in seen if isinstance(v, int)) == [3, 6]
    sockets = [s for s in seen if isinstance(s, tuple)]
    assert len(sockets) >= 2  # the scheduler's and the worker's (or its nanny's)
    wide = [(pid, a) for pid, a in sockets if not ipaddress.ip_address(a.ip).is_loopback]
    assert not wide, f"listening beyond loopback: {wide}"


_INTERRUPTED = '''
import sys, time
from pathlib import Path
from marsplan.distribute import run_tasks

def task(started, x):
    Path(started, str(x)).touch()
    time.sleep(60)

if __name__ == "__main__":
    try:
        run_tasks(task, sys.argv[1], [1, 2], print, workers=2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
'''


def test_ctrl_c_with_workers_prints_no_worker_tracebacks(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    script, started = tmp_path / "interrupted.py", tmp_path / "started"
    script.write_text(_INTERRUPTED)
    started.mkdir()
    # a session of its own: Ctrl-C in a terminal reaches the whole foreground process group, workers included
    proc = subprocess.Popen([sys.executable, str(script), str(started)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(list(started.iterdir())) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        workers = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130 and err == "interrupted\n", err
    time.sleep(0.5)
    assert not [w.pid for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
