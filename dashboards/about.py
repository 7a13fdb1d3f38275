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

from abm.params import ModelParams
from abm.scenarios import available
from abm.schema import extra
from dashboards.controls import scenario_title

ABOUT_PATH = Path(__file__).resolve().parents[1] / "docs" / "about.md"
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
#: a name from the code (snake_case), as a scenario's text may use one for a preset or a parameter
#: (not part of a file's path, which is left as written)
_IDENTIFIER = re.compile(r"(?<![/\w.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/]|\.\w)")


def plain_words(text: str) -> str:
    """A scenario's text with the code's names put into words, for a room that never reads them:
    a preset by its title in quotes, a parameter by its label from the schema, anything else with
    spaces for underscores. (The white-paper presets' texts name ``start_year`` and a preset.)"""

    def word(match: re.Match) -> str:
        name = match.group(0)
        if name in available():
            return f"“{scenario_title(name)}”"
        if name in ModelParams.model_fields:
            label = extra(ModelParams.model_fields[name])["label"]
            return label[0].lower() + label[1:]
        return name.replace("_", " ")

    return _IDENTIFIER.sub(word, text)


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
    """The scenario(s) on screen: title, description and sources, from their files."""
    parts = []
    for scenario in scenarios:
        sources = "".join(f"<li>{escape(plain_words(source))}</li>" for source in scenario.sources)
        parts.append(
            f"<h3>{escape(scenario.title)}</h3><p>{escape(plain_words(' '.join(scenario.description.split())))}</p>"
            + (f"<p>Sources:</p><ul>{sources}</ul>" if sources else "")
        )
    return "<h2>The scenario on screen</h2>" + "".join(parts)
