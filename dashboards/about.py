"""The About panel: docs/about.md rendered to HTML on the server, so the dashboard and the docs
are one text. Markdown is converted here (the ``markdown`` package) rather than by
``solara.Markdown``, which loads KaTeX from a CDN (docs/dashboard-offline.md).
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from pathlib import Path

import markdown

from dashboards.words import plain

ABOUT_PATH = Path(__file__).resolve().parents[1] / "docs" / "about.md"
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def _local_links_as_text(html: str) -> str:
    """A link to another file of the repository means nothing on a projector (and would leave
    the page): keep its words. A web address stays a link, opened in a new tab."""

    def replace(match: re.Match) -> str:
        href, text = match.groups()
        if href.startswith(("http://", "https://")):
            return f'<a href="{href}" target="_blank" rel="noopener">{text}</a>'
        return text

    return _LINK.sub(replace, html)


@cache
def about_html(path: Path = ABOUT_PATH) -> str:
    """docs/about.md as HTML (once per process; the file is part of the installed checkout)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return f"<p>The About text is in docs/about.md, which is not in this installation ({escape(str(path))}).</p>"
    return _local_links_as_text(markdown.markdown(text, extensions=["sane_lists"]))


def headings(path: Path = ABOUT_PATH) -> list[str]:
    """The headings of docs/about.md, in order (what the browser test looks for on the page)."""
    return [
        line.lstrip("#").strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]


def scenario_html(scenarios) -> str:
    """The scenario(s) on screen: title, description and sources, from their files, in plain
    words (``dashboards.words.plain``: the white-paper texts name ``start_year``)."""
    parts = []
    for scenario in scenarios:
        sources = "".join(f"<li>{escape(plain(source))}</li>" for source in scenario.sources)
        parts.append(
            f"<h3>{escape(scenario.title)}</h3><p>{escape(plain(' '.join(scenario.description.split())))}</p>"
            + (f"<p>Sources:</p><ul>{sources}</ul>" if sources else "")
        )
    return "<h2>The scenario on screen</h2>" + "".join(parts)
