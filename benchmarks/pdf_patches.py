"""What each removed private-internal patch of the PDF pipeline was worth, measured in one run.

    DJANGO_SETTINGS_MODULE=skattedeling.settings.test .venv/bin/python benchmarks/pdf_patches.py \
        [--letters 8] [--rounds 3] [--logo]

``cases.pdf.engine`` uses public WeasyPrint/pydyf API only (one ``FontConfiguration``, the parsed
stylesheet, WeasyPrint's public image ``cache`` dict, the default PDF/A writer). Until December 2026 it
also used four private internals of WeasyPrint 70.0 / pydyf 0.13.0, which break on upgrade. Their code
lives on here, and only here, so that what each one gains can be measured again:

- ``ua``: ``HTML._ua_stylesheets`` overridden to cascade a subset of the HTML user-agent sheet;
- ``id``: ``pdf_identifier=False`` and the trailer ``/ID`` spliced into the written bytes by hand
  (pydyf otherwise serialises every object twice to hash it);
- ``deflate``: a finisher that deflates streams once at zlib level 6 through ``pydyf._to_bytes``;
- ``xobject``: ``RasterImage.get_x_object`` wrapped to encode the logo's image stream once per process.

Every variant renders the same letters, interleaved in rotating order, and the CPU median of each is
compared with the public pipeline (``public``) in the same run: the gain of a patch alone, and of all
four together. The rule (docs/vedtak.md): a patch comes back only if it alone gains at least 5 %, and
then guarded by the exact pin (tests/test_deploy_dependencies.py) and a test. Prints a JSON line last.
"""
import argparse
import hashlib
import json
import os
import statistics
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pdf_benchmark  # noqa: E402 - sets up Django on a throwaway SQLite database

from cases.pdf import engine  # noqa: E402

THRESHOLD = 0.05
UA_SUBSET = Path(__file__).resolve().parent / "user-agent-subset.css"


def _patched_html_class(ua_sheet):
    from weasyprint import HTML

    class LetterHTML(HTML):
        def _ua_stylesheets(self, forms=False):  # private hook of WeasyPrint 70.0
            if forms:
                return super()._ua_stylesheets(forms)
            return [ua_sheet]

    return LetterHTML


def _deflate_once(document, pdf) -> None:
    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            raw = b"\n".join(pydyf._to_bytes(item) for item in obj.stream)  # private in pydyf 0.13.0
            obj.stream = [zlib.compress(raw, 6)]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


def _splice_identifier(pdf: bytes) -> bytes:
    _head, _found, tail = pdf.rpartition(b"startxref\n")
    position = int(tail.split(b"\n", 1)[0])
    start = pdf.index(b"<<", position) + 2
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().encode()
    return pdf[:start] + b"/ID [(" + digest + b") (" + digest + b")]" + pdf[start:]


def _stream_copy(stream):
    import pydyf

    extra = pydyf.Dictionary({key: _stream_copy(value) if isinstance(value, pydyf.Stream) else value
                              for key, value in stream.extra.items()})
    return pydyf.Stream(list(stream.stream), extra, stream.compress)


class _EncodeOnceCache(dict):
    def __setitem__(self, key, value):
        from weasyprint.images import RasterImage

        if isinstance(value, RasterImage) and "get_x_object" not in vars(value):
            encoded: dict = {}

            def get_x_object(interpolate, dpi_ratio, encode=value.get_x_object):  # private method, patched
                if (interpolate, dpi_ratio) not in encoded:
                    encoded[interpolate, dpi_ratio] = _stream_copy(encode(interpolate, dpi_ratio))
                return _stream_copy(encoded[interpolate, dpi_ratio])

            value.get_x_object = get_x_object
        super().__setitem__(key, value)


class Renderer:
    """The public pipeline with any subset of the four patches switched on."""

    def __init__(self, patches: frozenset[str], ua_sheet):
        from weasyprint import HTML

        self.patches = patches
        self.html_class = _patched_html_class(ua_sheet) if "ua" in patches else HTML
        self.cache = _EncodeOnceCache() if "xobject" in patches else {}

    def __call__(self, html: str) -> bytes:
        options = {"stylesheets": [engine.stylesheet()], "font_config": engine.font_configuration(),
                   "pdf_variant": engine.PDF_VARIANT, "cache": self.cache}
        if "id" in self.patches:
            options["pdf_identifier"] = False
        if "deflate" in self.patches:
            options["finisher"] = _deflate_once
        document = self.html_class(string=html, base_url=engine.STATIC_DIR.as_uri() + "/",
                                   url_fetcher=engine.url_fetcher())
        with engine.gc_paused():
            pdf = document.write_pdf(**options)
        return _splice_identifier(pdf) if "id" in self.patches else pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--logo", action="store_true", help="the kommune has a 400 × 400 PNG logo")
    args = parser.parse_args()
    from weasyprint import CSS

    pairs = pdf_benchmark.build(args.letters, logo=args.logo)
    ua_sheet = CSS(filename=str(UA_SUBSET), url_fetcher=engine.url_fetcher())
    variants = {"public": frozenset(), "ua": frozenset({"ua"}), "id": frozenset({"id"}),
                "deflate": frozenset({"deflate"}), "xobject": frozenset({"xobject"}),
                "id+deflate": frozenset({"id", "deflate"}), "all four": frozenset({"ua", "id", "deflate", "xobject"})}
    renderers = {name: Renderer(patches, ua_sheet) for name, patches in variants.items()}
    for render in renderers.values():
        render(pairs[0][0])  # warm-up: fonts, stylesheet, the logo in each variant's image cache
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_number in range(args.rounds):
        for index, (html, _standalone) in enumerate(pairs):
            shift = (index + round_number) % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.process_time()
                renderers[name](html)
                cpu[name].append((time.process_time() - start) * 1000)
    median = {name: statistics.median(values) for name, values in cpu.items()}
    gain = {name: 1 - median[name] / median["public"] for name in variants if name != "public"}
    load = os.getloadavg()
    out = sys.stdout.write
    out(f"{len(pairs)} letters × {args.rounds} rounds, logo {'yes' if args.logo else 'no'}, all variants "
        f"interleaved; load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} CPUs\n")
    out(f"  {'variant':12s} {'CPU ms':>8s} {'gain':>7s}  kept?\n")
    for name in variants:
        if name == "public":
            out(f"  {name:12s} {median[name]:8.1f} {'':>7s}  (the pipeline: public API only)\n")
            continue
        verdict = "—" if "+" in name or " " in name else ("yes (≥ 5 %)" if gain[name] >= THRESHOLD else "no")
        out(f"  {name:12s} {median[name]:8.1f} {gain[name]:7.1%}  {verdict}\n")
    out(json.dumps({"letters": len(pairs), "rounds": args.rounds, "logo": args.logo,
                    "cpu_ms_median": {name: round(value, 1) for name, value in median.items()},
                    "gain_vs_public": {name: round(value, 3) for name, value in gain.items()},
                    "threshold": THRESHOLD, "load_average": [round(v, 2) for v in load],
                    "cpus": os.cpu_count()}) + "\n")


if __name__ == "__main__":
    main()
