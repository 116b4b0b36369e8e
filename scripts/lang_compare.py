"""Compare graph._lang's function-word scorer with langdetect on texts of known language.

Texts: the two seeds and the CrossNER politics sentences (English), and every file and every
paragraph of 80+ characters of the test corpus' French and Spanish letters. Prints, per method,
how many answers were right, wrong and abstentions (None), and the time taken.

    PYTHONPATH=. python scripts/lang_compare.py [SHARED]   (default: ../shared)
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared"


def samples() -> list[tuple[str, str, str]]:
    """(kind, language, text) of every sample."""
    out = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        out.append(("document", "en", path.read_text("utf-8")))
    for path in sorted((SHARED / "bench" / "crossner-politics-dev").glob("*.txt")):
        out.append(("sentence", "en", path.read_text("utf-8")))
    for name, lang in (("lettre_fr.txt", "fr"), ("carta_es.txt", "es")):
        text = (REPO / "tests" / "corpus" / "formats" / name).read_text("utf-8")
        out.append(("document", lang, text))
        out += [("paragraph", lang, p) for p in re.split(r"\n\s*\n", text) if len(p) >= 80]
    return out


def langdetect_method():  # type: ignore[no-untyped-def]
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()  # a private, seeded factory: no global state is changed
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0

    def detect(text: str) -> str | None:
        try:
            detector = factory.create()
            detector.append(text)
            return str(detector.detect())
        except LangDetectException:
            return None

    return detect


def main() -> None:
    from graph._lang import detect_language

    data = samples()
    methods = [("function words (graph._lang)", detect_language)]
    try:
        methods.append(("langdetect (seed 0)", langdetect_method()))
    except ImportError:
        print("langdetect is not installed (pip install langdetect): compared with nothing")
    for name, method in methods:
        started = time.perf_counter()
        tally: dict[str, dict[str, int]] = {}
        for kind, lang, text in data:
            got = method(text)
            row = tally.setdefault(kind, {"right": 0, "wrong": 0, "none": 0})
            row["right" if got == lang else "none" if got is None else "wrong"] += 1
        seconds = time.perf_counter() - started
        print(f"{name}: {seconds:.2f} s for {len(data)} texts")
        for kind, row in tally.items():
            print(f"  {kind:9s} right {row['right']:4d}  wrong {row['wrong']:4d}"
                  f"  abstained {row['none']:4d}")


if __name__ == "__main__":
    main()
