"""The crew's side of a campaign: the radiation dose a crew takes, and how fast it meets an atmosphere.

Conventions, stated once: doses are dose equivalent in mSv (``*_msv``), rates in mSv per day; epochs are TDB
Julian dates (``*_tdb_jd``); the solar cycle's phase is an *activity* between 0 (solar minimum) and 1 (solar
maximum); areal densities in g/cm^2 (``*_g_cm2``); speeds in km/s.  Every figure comes from
``marsplan/data/crew.toml``, which cites its source or marks it as marsplan's assumption with a range; the
uncertainty of a dose is drawn over those ranges (seeded).

Modules: :mod:`marsplan.crew.dose` (solar cycle, galactic cosmic rays in deep space and on Mars, solar particle
events, a mission's dose with its uncertainty).

The career limits a dose is held against (National Academies, 2021):

>>> from marsplan.crew import dose
>>> limits = dose.parameters()["limits"]
>>> limits["nasa_career_msv"], limits["esa_roscosmos_csa_career_msv"]
(600.0, 1000.0)
"""

from __future__ import annotations

from marsplan.crew import dose

__all__ = ["dose"]
