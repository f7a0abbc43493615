#!/usr/bin/env python3
"""The README's pictures of the network view: docs/view-seed.png and docs/view-corpus-10.png.

Builds the view of seeds/ and of ten synthetic reports (bench/synth.py) with ``courtgraph
build``, opens each page from disk in headless /usr/bin/chromium (network blocked) and saves
what a reader sees on opening.

Run: ``.venv/bin/python scripts/screenshots.py [--out docs]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def shoot(pages: dict[Path, Path]) -> None:
    """Open each page and write its screenshot (page -> picture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            for page_path, picture in pages.items():
                page = browser.new_page(viewport={"width": 1400, "height": 900})

                def block(route: Any) -> None:
                    # the page must open offline: anything but the file itself is refused
                    (route.continue_ if route.request.url.startswith("file://") else route.abort)()

                page.route("**/*", block)
                page.goto(page_path.as_uri())
                page.wait_for_function("window.courtgraph && window.courtgraph.ready === true", timeout=300_000)
                page.wait_for_timeout(300)  # the label pass after the first frame
                picture.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(picture))
                page.close()
                print(picture)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import write_corpus

    from courtgraph.build import build

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build([ROOT / "seeds"], out_dir=work / "seed", use_cache=False)
        write_corpus(10, work / "reports")
        build([work / "reports"], out_dir=work / "corpus", use_cache=False)
        shoot({
            work / "seed" / "courtgraph.html": args.out / "view-seed.png",
            work / "corpus" / "courtgraph.html": args.out / "view-corpus-10.png",
        })


if __name__ == "__main__":
    main()
