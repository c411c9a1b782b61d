"""Sensitivity indices (issue 22, part 7): the study's Sobol' path against analytic indices, and estimates
that cannot be trusted reported as degenerate, never as 0.000."""

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from marsplan.cli import app
from marsplan.study._indices import morris_indices, output_degeneracy, sobol_indices

runner = CliRunner()

A, B = 7.0, 0.1  # the Ishigami function's usual constants


def _ishigami(x):
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_of_the_ishigami_function_match_the_analytic_values():
    # Ishigami & Homma, Proc. ISUMA 1990; the variances in closed form as in Sobol' & Levitan, Comput. Phys.
    # Commun. 117 (1999): Y = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3
    var = A**2 / 8 + B * math.pi**4 / 5 + B**2 * math.pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
    first = {"x1": v1 / var, "x2": v2 / var, "x3": 0.0}
    total = {"x1": (v1 + v13) / var, "x2": v2 / var, "x3": v13 / var}
    assert [round(first[n], 4) for n in first] == [0.3139, 0.4424, 0.0]
    assert [round(total[n], 4) for n in total] == [0.5576, 0.4424, 0.2437]
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    x = sobol_sample.sample(problem, 1024, calc_second_order=False, seed=1)
    result = sobol_indices(problem, _ishigami(x), seed=1)
    assert result["degenerate"] is False
    for name, v in result["indices"].items():
        # each estimate within its own 95 % bootstrap half-width of the analytic value
        assert abs(v["S1"] - first[name]) <= v["S1_conf"], (name, v)
        assert abs(v["ST"] - total[name]) <= v["ST_conf"], (name, v)
        assert v["ST_conf"] < 0.1  # and the intervals are informative at N = 1024


def test_morris_screening_ranks_the_ishigami_inputs():
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    x = morris_sample.sample(problem, 50, num_levels=4, seed=2)
    result = morris_indices(problem, x, _ishigami(x), num_levels=4, seed=2)
    assert result["degenerate"] is False
    mu = {n: v["mu_star"] for n, v in result["indices"].items()}
    assert mu["x2"] > mu["x1"] > 0 and mu["x3"] > 0
    assert all(v["mu_star_conf"] >= 0 for v in result["indices"].values())


def test_degenerate_outputs_carry_a_reason_and_advice_not_numbers():
    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0]] * 2}
    x = sobol_sample.sample(problem, 64, calc_second_order=False, seed=3)
    cases = {
        "constant": np.full(len(x), 0.25),
        "undefined": np.where(x[:, 0] > 0.5, np.nan, x[:, 1]),
        # P(self-sustaining) of the old bundled study: 0 at nearly every point
        "spread": np.where(np.arange(len(x)) < 3, 1.0, 0.0),
    }
    for kind, y in cases.items():
        result = sobol_indices(problem, y, seed=1)
        assert result["degenerate"] is True and result["reason"] and result["advice"], kind
        assert all(v == f"degenerate ({result['reason']})" for v in result["indices"].values()), kind
        assert output_degeneracy(y)[1] == kind
    assert "same (0.25) at every point" in sobol_indices(problem, cases["constant"])["reason"]
    assert "3 of 256 points" in sobol_indices(problem, cases["spread"])["reason"]


def test_salib_constant_value_warning_becomes_the_degenerate_flag():
    # the A and B rows of every Saltelli block equal: half the points differ, but SALib's estimators see a
    # constant sample, warn and return zeros. The warning is caught (pytest turns any other into an error)
    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0]] * 2}
    x = sobol_sample.sample(problem, 64, calc_second_order=False, seed=3)
    y = x[:, 0] + x[:, 1]
    row = np.arange(len(y)) % (2 + 2)  # A, AB_1, AB_2, B
    y[(row == 0) | (row == 3)] = 0.0
    result = sobol_indices(problem, y, seed=1)
    assert result["degenerate"] is True and "identical values" in result["reason"]


def test_intervals_wider_than_every_index_are_degenerate(monkeypatch):
    from SALib.analyze import sobol

    def noisy(problem, y, **kwargs):
        return {"S1": np.array([0.01, 0.02]), "S1_conf": np.array([0.3, 0.3]), "ST": np.array([0.05, 0.1]),
                "ST_conf": np.array([0.2, 0.4])}

    monkeypatch.setattr(sobol, "analyze", noisy)
    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0]] * 2}
    result = sobol_indices(problem, np.linspace(0.0, 1.0, 64))
    assert result["degenerate"] is True and "intervals wider than the indices" in result["reason"]
    assert "more samples" in result["advice"]


def test_a_study_whose_output_is_constant_reports_degenerate_not_zeros(tmp_path, short_scenario):
    # the campaign cut to six years is never self-sustaining: P = 0 and the years to it = 7 at every point
    import xarray as xr

    path = tmp_path / "s.toml"
    path.write_text(f'[study]\nname = "s"\nscenario = "{short_scenario}"\nseed = 1\nruns_per_point = 30\n'
                    'method = "sobol"\nsamples = 4\n[[parameters]]\nname = "growth"\n'
                    'path = "settlement.growth_factor"\nlow = 1.2\nhigh = 2.5\n[[parameters]]\nname = "p_land"\n'
                    'path = "fleet.landing_failure_probability"\nlow = 0.0\nhigh = 0.5\n')
    out = tmp_path / "out"
    result = runner.invoke(app, ["study", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "study.json").read_text())
    for output, value in (("p_self_sustaining", "0"), ("years_to_self_sustaining", "7")):
        entry = data["sensitivity"][output]
        assert entry["degenerate"] is True and entry["reason"] == f"the same ({value}) at every point"
        assert entry["advice"]
        assert entry["indices"] == dict.fromkeys(("growth", "p_land"), f"degenerate ({entry['reason']})")
        line = next(line for line in result.stdout.splitlines() if f"Sensitivity of {output}" in line)
        assert f"degenerate (the same ({value}) at every point)" in line and "0.000" not in line
    assert data["sensitivity"]["mass_landed_t"]["degenerate"] is False  # landing failures move it
    # the continuous outputs come first
    assert list(data["sensitivity"])[:2] == ["self_sufficiency_horizon", "years_to_self_sustaining"]
    with xr.open_dataset(out / "study.nc", engine="scipy") as nc:
        assert nc.attrs["sensitivity_p_self_sustaining"] == "degenerate (the same (0) at every point)"
        assert nc.attrs["advice_p_self_sustaining"]
        assert nc.attrs["sensitivity_mass_landed_t"] == "indices"
        analysed = list(nc["output"].values)
        assert "p_self_sustaining" not in analysed and "mass_landed_t" in analysed
        assert nc["ST"].sel(output="mass_landed_t", parameter="p_land") > 0.5
    page = (out / "report.html").read_text()
    assert "degenerate (the same (0) at every point)" in page


@pytest.mark.parametrize("verdicts", [["supported", "marginal"], ["depends", "not supported"]])
def test_claim_counts_take_any_verdict(verdicts):
    from marsplan.study.run import StudyResult
    from marsplan.study.spec import StudySpec

    spec = StudySpec.model_validate({"study": {"name": "t", "method": "sweep", "samples": 2},
                                     "parameters": [{"name": "g", "path": "settlement.growth_factor",
                                                     "low": 1.0, "high": 2.0}]})
    result = StudyResult(spec, np.zeros((3, 1)), {}, computed=0,
                         verdicts=[{"c": verdicts[0]}, {"c": verdicts[1]}, {"c": verdicts[1]}])
    assert result.claim_counts() == {"c": {verdicts[0]: 1, verdicts[1]: 2}}
