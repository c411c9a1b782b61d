"""Studies: which assumptions decide each verdict, and what campaign would make a claim hold.

A study file (:mod:`marsplan.study.spec`) varies numbers of a scenario or of the settlement model data
(:mod:`marsplan.study.overrides`); :func:`run_study` evaluates every point in-process or on a Dask
cluster with the same numbers, checkpoints each point, and analyses with SALib.

>>> from marsplan.study import bundled_studies
>>> bundled_studies()
['city-2046-sensitivity', 'city-2046-what-it-takes']
"""

from marsplan.study.overrides import apply_overrides, check_path
from marsplan.study.run import OUTPUTS, StudyResult, block_size, evaluate_point, point_seed, run_study, sample_points
from marsplan.study.spec import Parameter, StudyError, StudySpec, bundled_studies, load_study

__all__ = ["OUTPUTS", "Parameter", "StudyError", "StudyResult", "StudySpec", "apply_overrides", "block_size",
           "bundled_studies", "check_path", "evaluate_point", "load_study", "point_seed", "run_study",
           "sample_points"]
