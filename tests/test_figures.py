"""Issue 27: the report's figures are legible at 1,400 px: no text on another, no label astride the frame, no
legend over data.  The checks are written here from matplotlib's drawn extents, independent of the placement code."""

import numpy as np
import pytest
from matplotlib.text import Text


def _boxes_overlap(a, b, slack=0.5):
    return a.x0 + slack < b.x1 and b.x0 + slack < a.x1 and a.y0 + slack < b.y1 and b.y0 + slack < a.y1


def _points(ax, n=12):
    """Every drawn data point of the axes (and segments' inner points), in pixels."""
    out = [np.empty((0, 2))]
    for line in ax.get_lines():
        xy = np.asarray(line.get_xydata(), dtype=float)
        if len(xy) > 1 and line.get_linestyle() not in ("None", ""):
            t = np.linspace(0, 1, n)[:, None, None]
            xy = (xy[:-1][None] * (1 - t) + xy[1:][None] * t).reshape(-1, 2)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if xy.size:
            out.append(line.get_transform().transform(xy))
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        offsets = offsets[np.isfinite(offsets).all(axis=1)] if offsets.size else offsets
        if offsets.size and len(offsets) < 10_000:  # markers, not a filled contour's paths
            out.append(collection.get_offset_transform().transform(offsets))
    return np.concatenate(out)


def crowding(fig):
    """Every legibility defect of a drawn figure, as sentences (empty: legible)."""
    fig.draw_without_rendering()
    problems = []
    texts = []
    for ax in fig.axes:
        frame = ax.get_window_extent()
        for text in ax.texts:
            if not text.get_visible() or not text.get_text().strip():
                continue
            box = Text.get_window_extent(text)  # the words, not an annotation's leader line
            texts.append((text.get_text(), box))
            inside = frame.x0 - 0.5 <= box.x0 and box.x1 <= frame.x1 + 0.5 and frame.y0 - 0.5 <= box.y0 \
                and box.y1 <= frame.y1 + 0.5
            if not inside and _boxes_overlap(box, frame):
                problems.append(f"{text.get_text()!r} sits astride the frame")
        for label in (ax.title, ax.xaxis.label, ax.yaxis.label):
            if label.get_text().strip():
                texts.append((label.get_text(), label.get_window_extent()))
        legend = ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent()
            texts.append(("legend", box))
            twins = [other for other in fig.axes if other.get_position().bounds == ax.get_position().bounds]
            pts = np.concatenate([_points(other) for other in twins])
            covered = ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1))
            if covered.any():
                problems.append(f"the legend of {ax.get_title()!r} covers {int(covered.sum())} data points")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if _boxes_overlap(texts[i][1], texts[j][1]):
                problems.append(f"{texts[i][0]!r} overlaps {texts[j][0]!r}")
    return problems


def test_the_checks_catch_what_they_look_for():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(loc="center")
    ax.annotate("one", (0.5, 0.2))
    ax.annotate("one too", (0.5, 0.2))
    ax.annotate("edge", (1.0, 0.5))
    found = " ".join(crowding(fig))
    assert "covers" in found and "overlaps" in found and "astride" in found


def test_the_report_porkchops_and_survey_are_legible_on_one_colour_scale(default_campaign):
    from marsplan.report.trajectory_plots import plot_porkchop, plot_survey, porkchop_levels

    _, traj, _ = default_campaign
    levels = porkchop_levels(list(traj.porkchops.values()))
    scales = []
    for label, ds in traj.porkchops.items():
        ax = plot_porkchop(ds, traj.optima.get(label, ()), levels=levels)
        assert crowding(ax.figure) == [], label
        scales.append(tuple(ax.collections[0].levels))
    assert len(set(scales)) == 1 and len(scales) == len(traj.porkchops) >= 2
    # the shared scale reaches the lowest C3 of every window
    assert scales[0][0] <= min(float(np.nanmin(ds["c3_km2_s2"].values)) for ds in traj.porkchops.values())
    assert crowding(plot_survey(traj.outbound).figure) == []


def test_crowded_morris_labels_are_pulled_apart():
    from marsplan.report.study_section import plot_morris

    rng = np.random.default_rng(4)
    indices = {f"parameter_{k}": {"mu_star": float(mu), "sigma": float(sd), "mu_star_conf": 0.01}
               for k, (mu, sd) in enumerate(zip(rng.uniform(0, 0.03, 12), rng.uniform(0, 0.03, 12), strict=True))}
    indices.update({"food_kwe_per_person": {"mu_star": 0.2, "sigma": 0.27, "mu_star_conf": 0.2}})
    assert crowding(plot_morris(indices, "self_sufficiency").figure) == []


@pytest.mark.parametrize("where", ["upper right", "lower left"])
def test_a_legend_finds_clear_room_or_makes_it(where):
    from matplotlib.figure import Figure

    from marsplan.report.plots import clear_legend

    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    x = np.linspace(0, 10, 200)
    if where == "upper right":  # data everywhere but the top right
        ax.plot(x, np.where(x < 6, 10 - x, 0.0), label="falling")
    else:  # data through every corner and side
        for k in range(12):
            ax.plot(x, k * np.ones_like(x), label=f"level {k}" if k < 2 else None)
    clear_legend(ax, fontsize=8)
    assert crowding(fig) == []
