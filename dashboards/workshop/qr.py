"""QR codes drawn on the server as inline SVG (segno: pure Python, no network, no images)."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def qr_svg(url: str, scale: int = 5) -> str:
    """The QR code for ``url`` as an SVG element (error correction M: still reads when a projector
    blurs it a little)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=scale, dark="#000", light="#fff", omitsize=False)
