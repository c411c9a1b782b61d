"""The curated public API."""

import subprocess
import sys

import marsplan


def test_public_names_are_exported_and_importable():
    expected = {
        "__version__", "Ephemeris", "EphemerisRangeError", "MarsplanError", "Scenario", "load_scenario",
        "mu_km3_s2", "plan", "radius_km", "state", "tdb_jd_to_iso", "tdb_jd_to_utc", "utc_to_tdb_jd",
        "utc_to_tdb_s", "solve_lambert", "propagate", "elements", "LambertError",
    }
    assert expected <= set(marsplan.__all__)
    for name in marsplan.__all__:
        assert hasattr(marsplan, name), name


def test_subpackages_have_curated_exports():
    import importlib

    for name in ("marsplan.trajectory", "marsplan.vehicles", "marsplan.power", "marsplan.settlement",
                 "marsplan.scenario", "marsplan.report"):
        module = importlib.import_module(name)
        assert module.__all__, name
        for item in module.__all__:
            assert hasattr(module, item), f"{name}.{item}"


def test_errors_share_one_base():
    from marsplan import errors

    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.MarsplanError)


def test_python_dash_m_runs():
    result = subprocess.run([sys.executable, "-m", "marsplan", "--help"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and "plan" in result.stdout


def test_state_and_lambert_result_are_named_tuples():
    st = marsplan.state("mars", 2461349.5)
    r_km, v_km_s = st
    assert st._fields == ("r_km", "v_km_s") and st.r_km is r_km and st.body == "mars"
    res = marsplan.solve_lambert([5000, 10000, 2100], [-14600, 2500, 7000], 3600, 398600)
    v1, v2 = res
    assert res._fields == ("v1_km_s", "v2_km_s") and res.v2_km_s is v2 and res.failed == 0


def test_lazy_names_are_not_shadowed_by_submodules():
    # a public name equal to a submodule's name would be replaced by the module once it is imported
    import importlib
    import inspect
    import pkgutil

    for package in ("marsplan", "marsplan.vehicles", "marsplan.power"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
        for name in module.__all__:
            assert not inspect.ismodule(getattr(module, name)), f"{package}.{name}"


def test_shared_column_specs_format_rows():
    from marsplan.tables import POWER_FAMILIES, SETTLEMENT_YEARS, cells, headers, settlement_rows

    row = {"family": "fission", "mass_kg": 12000.0, "firm_only": None, "array_area_m2": 0.0, "storage_kwh": 0.0,
           "reactors": 2, "loss_of_load_probability": 0.0009, "worst_storm_unmet_kwh": 0.0, "starship_landings": 1}
    assert cells(POWER_FAMILIES, [row])[0] == ["fission", "12.0", "-", "0", "0", "2", "0.0009", "0.0", "1"]
    assert headers(POWER_FAMILIES)[0] == "family"
    series = {"year": [2026], "population": {"p10": [1.0], "p50": [2.0], "p90": [3.0]}}
    rows = settlement_rows(series)
    assert rows == [{"year": 2026, "population": {"p10": 1.0, "p50": 2.0, "p90": 3.0}}]
    assert cells(SETTLEMENT_YEARS[:2], rows)[0] == ["2026", "2 (1-3)"]


def test_every_command_json_is_its_api_result(short_scenario):
    # one code path: `marsplan CMD --format json` prints exactly commands.CMD(...).to_dict()
    import json

    from click.testing import CliRunner

    from marsplan import commands as api
    from marsplan.cli import app
    from marsplan.jsonio import strict_json

    runner = CliRunner()
    cases = [
        (["ephemeris", "mars", "--date", "2026-11-05", "--date", "2029-01-15"],
         api.ephemeris("mars", ["2026-11-05", "2029-01-15"])),
        (["lambert", "--r1", "5000,10000,2100", "--r2", "-14600,2500,7000", "--tof-s", "3600", "--mu", "398600"],
         api.lambert([5000, 10000, 2100], [-14600, 2500, 7000], 3600, 398600)),
        (["fleet", "--c3", "12", "--dla", "30", "--tankers", "8"], api.fleet(c3_km2_s2=12, dla_deg=30,
                                                                                    tankers=8)),
        (["fleet", str(short_scenario), "--window", "2028"], api.fleet(short_scenario, window=2028)),
        (["power", "--site", "jezero", "--load-kw", "20", "--runs", "4"],
         api.power(site="jezero", load_kw=20, runs=4)),
        (["power", "irradiance", "--site", "jezero", "--ls", "250", "--tau", "0.9"],
         api.power_irradiance(site="jezero", ls_deg=250, tau=0.9)),
        (["settle", str(short_scenario), "--runs", "50", "--seed", "2"],
         api.settle(str(short_scenario), runs=50, seed=2)),
    ]
    for args, result in cases:
        out = runner.invoke(app, [*args, "--format", "json"])
        assert out.exit_code == 0, (args, out.output)
        assert json.loads(out.stdout) == json.loads(strict_json(result.to_dict())), args
