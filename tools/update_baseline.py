"""Regenerate the stored regression baseline (tests/baseline/regression.json).

Run it only when a change is meant to move the model's numbers, and say in the same commit why
they moved. ``--check`` compares instead of writing (what tests/test_baseline.py does) and lists
what moved.

    python tools/update_baseline.py            # rewrite the baseline
    python tools/update_baseline.py --check    # list the differences, exit 1 if any
"""

from __future__ import annotations

import argparse
import sys

from abm import regression


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the stored baseline, write nothing"
    )
    args = parser.parse_args(argv)
    if args.check:
        moved = regression.differences(regression.read(), regression.compute())
        for line in moved:
            print(line)
        print(f"{len(moved)} differences from {regression.BASELINE_PATH}")
        return 1 if moved else 0
    path = regression.write()
    print(f"wrote {path}; say in the commit message why the numbers moved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
