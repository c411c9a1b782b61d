"""Report layer: figures (matplotlib) and the self-contained HTML report.

>>> from marsplan.report import Section, render_report
>>> '<section id="summary"><h2>Summary</h2><p>Supported.</p></section>' in render_report(
...     "mars-2026", "A plan", [Section("Summary", "<p>Supported.</p>")])
True
"""

from marsplan.report.html import Section, render_report
from marsplan.report.output import atomic_output_dir
from marsplan.report.plots import figure_to_data_uri, plot_orbits

__all__ = ["Section", "atomic_output_dir", "figure_to_data_uri", "plot_orbits", "render_report"]
