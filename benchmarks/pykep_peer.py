"""Times pykep's Lambert solver on problems saved by run.py (run in its own process).

pykep 3.0.1's package __init__ fails on a data file missing from its wheel
(trajopt/gym/tops/_tops_cr3bp.json); its compiled core works, so it is then
loaded on its own.  Its native libraries may crash at interpreter exit, which
is why run.py calls this in a subprocess and only reads the printed figure.
Usage: python pykep_peer.py PROBLEMS.npz MU
       python pykep_peer.py --leg LEG.npz   (times one sims_flanagan leg's mismatch constraints)
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


def load_sims_flanagan():
    """pykep's compiled Sims-Flanagan leg class (from the package when its __init__ imports)."""
    try:
        import pykep

        return pykep.leg.sims_flanagan, f"pykep {pykep.__version__}"
    except ImportError:
        raise
    except Exception:
        _lambert, label = load_lambert_problem()
        return sys.modules["pykep.core"]._sims_flanagan, label


def time_leg(path):
    data = np.load(path)
    sims_flanagan, label = load_sims_flanagan()
    rvs, rvf = data["rvs"], data["rvf"]
    leg = sims_flanagan([rvs[:3].tolist(), rvs[3:].tolist()], 1500.0, data["throttles"].tolist(),
                                 [rvf[:3].tolist(), rvf[3:].tolist()], float(data["mf"]), float(data["tof_s"]),
                                 0.6, 3000.0 * 9.80665, 1.32712440041279419e20, 0.6)  # max thrust, veff, mu, cut
    values = leg.compute_mismatch_constraints()
    n = 5_000
    t0 = time.perf_counter()
    for _ in range(n):
        leg.compute_mismatch_constraints()
    elapsed = (time.perf_counter() - t0) / n * 1e6
    print("\t".join([label, str(elapsed), *(repr(float(v)) for v in values)]), flush=True)
    os._exit(0)


def main():
    if sys.argv[1] == "--leg":
        time_leg(sys.argv[2])
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
