"""The self-contained HTML report: one file, figures embedded, no network.

>>> from marsplan.report.html import Section, render_report, table_html
>>> table_html(["ship"], [["Starship <S20>"]])
'<table><thead><tr><th>ship</th></tr></thead><tbody><tr><td>Starship &lt;S20&gt;</td></tr></tbody></table>'
>>> fleet = Section("Fleet & launches", table_html(["ship", "tankers"], [["Starship", 6]]))
>>> fleet.anchor
'fleet-launches'
>>> page = render_report("mars-2026", "A plan", [fleet])
>>> page.startswith("<!DOCTYPE html>"), '<a href="#fleet-launches">Fleet &amp; launches</a>' in page
(True, True)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Section", "figure_html", "render_report", "table_html"]


@dataclass(frozen=True)
class Section:
    """One titled part of the report; ``body_html`` is trusted, already-escaped HTML."""

    title: str
    body_html: str

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")


def table_html(header: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "") -> str:
    """An HTML table from plain values (escaped here)."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figure_html(data_uri: str, caption: str, alt: str | None = None) -> str:
    """An embedded figure with a caption."""
    return (
        f'<figure><img src="{data_uri}" alt="{html.escape(alt or caption)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header{background:#7a2e1c;color:#fff;padding:1.2rem 2rem}
header h1{margin:0 0 .3rem 0;font-size:1.6rem} header p{margin:0;opacity:.9}
nav{padding:.5rem 2rem;background:#f0e6e2;font-size:.9rem} nav a{margin-right:1rem;color:#7a2e1c}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}
section{margin-top:1.5rem;overflow-x:auto} h2{border-bottom:2px solid #e5d3cc;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #d8dde6;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#eef1f5} caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:1rem 0} img{max-width:100%;height:auto;border:1px solid #e1e4e8;background:#fff}
figcaption{font-size:.85rem;color:#555} footer{font-size:.8rem;color:#666;padding:1rem 2rem}
"""


def render_report(title: str, subtitle: str, sections: Sequence[Section],
                  footer: Mapping[str, str] | None = None) -> str:
    """The whole report as one HTML5 document."""
    nav = "".join(f'<a href="#{s.anchor}">{html.escape(s.title)}</a>' for s in sections)
    body = "".join(
        f'<section id="{s.anchor}"><h2>{html.escape(s.title)}</h2>{s.body_html}</section>' for s in sections
    )
    foot = " &middot; ".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in (footer or {}).items())
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{_CSS}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></header>"
        f"<nav>{nav}</nav><main>{body}</main><footer>{foot}</footer></body></html>\n"
    )
