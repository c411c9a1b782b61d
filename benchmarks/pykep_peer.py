"""Times pykep's Lambert solver on problems saved by run.py (run in its own process).

pykep 3.0.1's package __init__ fails on a data file missing from its wheel
(trajopt/gym/tops/_tops_cr3bp.json); its compiled core works, so it is then
loaded on its own.  Its native libraries may crash at interpreter exit, which
is why run.py calls this in a subprocess and only reads the printed figure.
Usage: python pykep_peer.py PROBLEMS.npz MU
"""

import glob
import importlib.util
import os
import site
import sys
import time
import types

import numpy as np


def load_lambert_problem():
    try:
        import pykep

        return pykep.lambert_problem, f"pykep {pykep.__version__}"
    except ImportError:
        raise
    except Exception:
        paths = [p for d in site.getsitepackages() for p in glob.glob(f"{d}/pykep/core*.so")]
        if not paths:
            raise
        package = types.ModuleType("pykep")
        package.__path__ = [os.path.dirname(paths[0])]
        sys.modules["pykep"] = package
        spec = importlib.util.spec_from_file_location("pykep.core", paths[0])
        core = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(core)
        return core.lambert_problem, "pykep 3.0.1 (compiled core)"


def main():
    data = np.load(sys.argv[1])
    mu = float(sys.argv[2])
    lambert_problem, label = load_lambert_problem()
    r1, r2, tof = data["r1"].tolist(), data["r2"].tolist(), data["tof"].tolist()
    v1 = np.empty((len(tof), 3))
    t0 = time.perf_counter()
    for i in range(len(tof)):
        v1[i] = lambert_problem(r0=r1[i], r1=r2[i], tof=tof[i], mu=mu).v0[0]
    elapsed = time.perf_counter() - t0
    print(f"{label}\t{len(tof) / elapsed}\t{np.abs(v1 - data['v1']).max()}", flush=True)
    os._exit(0)  # skip native library teardown


if __name__ == "__main__":
    main()
