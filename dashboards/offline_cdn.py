"""Build a Solara asset directory that serves the dashboard with no CDN at all.

Solara's front-end asks its server for ``/_solara/cdn/<npm package>@<version>/...``. The
server answers from its proxy cache directory (by default ``<sys.prefix>/share/solara/cdn``,
which the ``solara-assets`` wheel fills), and on a miss it silently downloads the file from
``SOLARA_ASSETS_CDN`` (jsDelivr) and caches it. ``solara-assets`` 1.58.2 ships exact versions
only (``vega@5.21.0``), but Solara's Altair widget asks for the major-version ranges
``vega@5``, ``vega-lite@5`` and ``vega-embed@6``, so Altair charts would still hit the CDN.

``build_offline_cdn(dest)`` makes ``dest`` a cache directory holding a symlink to every
package ``solara-assets`` ships, plus aliases from those ranges to the newest shipped
version. Point ``SOLARA_ASSETS_PROXY_CACHE_DIR`` at it (see docs/dashboard-offline.md).

Not covered: ``katex@0.16.9`` (loaded by every ``solara.Markdown``) is not shipped by
``solara-assets``; use ``solara.Text``/``solara.HTML`` in the dashboard instead.

Usage: ``python -m dashboards.offline_cdn .solara/cdn``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# npm ranges Solara's front-end requests -> the package directory to serve for them
RANGE_ALIASES = {
    "vega@5": "vega@5.",
    "vega-lite@5": "vega-lite@5.",
    "vega-embed@6": "vega-embed@6.",
}


def solara_assets_dir() -> Path:
    """Where the ``solara-assets`` wheel installed its files."""
    candidates = [Path(sys.prefix) / "share" / "solara" / "cdn"]
    try:
        import site

        candidates.append(Path(site.getuserbase()) / "share" / "solara" / "cdn")
    except Exception:  # pragma: no cover - site may be stripped down
        pass
    for candidate in candidates:
        if (candidate / "@widgetti").is_dir():
            return candidate
    raise RuntimeError(
        "solara-assets is not installed (looked in "
        + ", ".join(map(str, candidates))
        + "); install it with: pip install solara-assets"
    )


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name.rsplit("@", 1)[1]))


def build_offline_cdn(dest: Path, source: Path | None = None) -> Path:
    """Fill ``dest`` with symlinks to the shipped assets plus the range aliases; return it."""
    source = source or solara_assets_dir()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        link = dest / entry.name
        if link.is_symlink() and not link.exists():  # dangling: its target environment is gone
            link.unlink()
        if not link.exists() and not link.is_symlink():
            link.symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    for alias, prefix in RANGE_ALIASES.items():
        link = dest / alias
        if link.exists() or link.is_symlink():
            continue
        shipped = [p for p in source.iterdir() if p.name.startswith(prefix)]
        if shipped:
            best = max(shipped, key=lambda p: _version_key(p.name))
            link.symlink_to(best.resolve(), target_is_directory=True)
    return dest


if __name__ == "__main__":
    target = build_offline_cdn(Path(sys.argv[1] if len(sys.argv) > 1 else ".solara/cdn"))
    print(target.resolve())
