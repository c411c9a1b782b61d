"""A porkchop for a window of your choice: Earth to Mars in late 2028, with the best transfers.

Run:  python examples/porkchop_custom_window.py   (writes porkchop-2028.png and porkchop-2028.nc here)
"""

from marsplan.report.trajectory_plots import plot_porkchop
from marsplan.trajectory import optimum, porkchop

# departures over five months, flights of 120 to 400 days, one-day grid; aerocapture at Mars
grid = porkchop("earth", "mars", ("2028-09-01", "2029-01-31"), (120, 400), capture="aerocapture")
print(f"{grid.sizes['departure']} x {grid.sizes['tof_days']} transfers computed on {grid.attrs['ephemeris']}")

best = {kind: optimum(grid, "c3", transfer_type=kind) for kind in ("I", "II")}
for kind, point in best.items():
    print(f"type {kind}: leave {point.departure[:10]}, arrive {point.arrival[:10]}, "
          f"C3 {point['c3_km2_s2']:.2f} km2/s2, v-inf at Mars {point['vinf_arrival_km_s']:.2f} km/s, "
          f"entry {point['entry_speed_km_s']:.2f} km/s")

ax = plot_porkchop(grid, [(f"type {k} min C3", p) for k, p in best.items()])
ax.figure.savefig("porkchop-2028.png", dpi=120)
grid.to_netcdf("porkchop-2028.nc", engine="scipy")  # the whole grid, for your own analysis
print("Wrote porkchop-2028.png and porkchop-2028.nc")
