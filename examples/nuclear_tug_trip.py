"""A nuclear-electric tug of your own on one trip to Mars orbit, beside the catalog's Zeus.

Change the power, the specific mass or the stack and see what the trip gives: the spiral out of Earth
orbit, the optimised heliocentric leg (escape any day of 2033) and the spiral down to a 500 km Mars orbit.

Run:  python examples/nuclear_tug_trip.py   (writes tug-trip.png here)
"""

import dataclasses

from marsplan.campaign.stages import escape_window_tdb_jd
from marsplan.report.nep_section import plot_low_thrust_transfer
from marsplan.vehicles.tugs import get_tug, tug_delivery

zeus = get_tug("zeus").design()
# a lighter, more powerful module: 1 MWe at 15 kg/kWe, the same thrusters
mine = dataclasses.replace(zeus, power_w=1e6, alpha_kg_per_kwe=15.0, name="1 MWe at 15 kg/kWe")

window = escape_window_tdb_jd(2033)
for design in (zeus, mine):
    trip = tug_delivery(design, 60_000.0, window, (250.0, 500.0), segments=12, starts=3)
    if not trip.feasible:
        print(f"{design.name}: no transfer ({trip.transfer.message})")
        continue
    print(f"{design.name}: {design.thrust_n:.1f} N; spiral out {trip.earth_spiral.time_days:.0f} d, "
          f"to Mars {trip.transfer.tof_days:.0f} d, spiral down {trip.mars_spiral.time_days:.0f} d; "
          f"{trip.payload_kg / 1000:.1f} t of cargo in {trip.trip_days / 365.25:.1f} years, "
          f"{trip.launches} launches")

ax = plot_low_thrust_transfer(trip.transfer)
ax.figure.savefig("tug-trip.png", dpi=120)
print("Wrote tug-trip.png (the last trip's heliocentric leg)")
