"""Hostile inputs: each is reported (or handled), the other files are still built, and memory
stays bounded. The large files are generated here, at test time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from graph._errors import InputError, UnreadableDocument
from graph._namespaces import DCTERMS
from graph.cli import main
from graph.loaders import MAX_BYTES, iter_input_files, load_document
from graph.pipeline import build

from .test_loaders_formats import make_docx, make_pdf

REPO = Path(__file__).resolve().parents[1]
GOOD = ("Paris, 30 March 2021\n\nDear Ms Anna Keller,\n\nThe Executive Board of UNESCO met in "
        "Nairobi, Kenya, on 3 May 2021 to discuss the report.\n")
GOOD_NAME = "sous dossier/Réunion à Genève – note n°1.txt"


def zip_bomb(path: Path, inflated_mb: int) -> Path:
    """A .docx (a real Word document) with one extra member of ``inflated_mb`` MB of zeros."""
    src = make_docx(path.with_name("seed.docx"), ["A real paragraph."])
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        with zout.open("word/media/padding.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(inflated_mb):
                member.write(block)
    src.unlink()
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A folder of hostile files around one good file whose name has spaces and non-ASCII."""
    root = tmp_path_factory.mktemp("hostile") / "in"
    (root / "sous dossier").mkdir(parents=True)
    (root / GOOD_NAME).write_text(GOOD, "utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "garbage.txt").write_bytes(bytes(range(256)) * 64)
    (root / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2048))
    (root / "garbage.docx").write_bytes(os.urandom(2048))
    pdf = make_pdf(root / "full.pdf", ["Some text on a page that is long enough to count."])
    data = pdf.read_bytes()
    (root / "truncated.pdf").write_bytes(data[: len(data) // 3])
    pdf.unlink()
    zip_bomb(root / "bomb.docx", 300)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "sous dossier" / "up").symlink_to(root / "sous dossier", target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    return root


EXPECTED = {  # relpath -> (stage, words of the reason)
    "empty.txt": ("load", "empty (0 bytes)"),
    "garbage.txt": ("load", "binary"),
    "garbage.pdf": ("load", "cannot be parsed"),
    "garbage.docx": ("load", "not a readable .docx"),
    "truncated.pdf": ("load", "truncated or damaged"),
    "bomb.docx": ("load", "zip bomb"),
    "loop": ("input", "reached again through a symlink"),
    "sous dossier/up": ("input", "reached again through a symlink"),
    "dangling.txt": ("input", "dangling symlink"),
}


def test_every_hostile_file_is_reported_and_the_good_one_is_built(hostile):
    result = build([hostile], extractor_names=["document.v1", "places.v1"])
    assert [d.path for d in result.documents] == [GOOD_NAME]
    reported = {f.path: (f.stage, f.reason) for f in result.failures}
    assert set(reported) == set(EXPECTED)
    for path, (stage, words) in EXPECTED.items():
        assert reported[path][0] == stage, path
        assert words in reported[path][1], (path, reported[path][1])


def test_a_name_with_spaces_and_accents_keeps_its_path_and_gets_valid_iris(hostile):
    result = build([hostile], extractor_names=["document.v1", "places.v1"])
    turtle = result.union().serialize(format="turtle")
    g = Graph().parse(data=turtle, format="turtle")
    docs = list(g.subjects(DCTERMS.source, Literal(GOOD_NAME)))
    assert len(docs) == 1
    for term in {t for triple in g for t in triple if isinstance(t, URIRef)}:
        assert not set(str(term)) & set(' <>"{}|\\^`'), term
    assert any("Nairobi" in str(o) for o in g.objects())


def test_cli_writes_the_failure_report_and_exits_3(hostile, tmp_path):
    out = tmp_path / "kg.ttl"
    result = CliRunner().invoke(main, ["build", str(hostile), "-o", str(out), "-q",
                                       "--extractor", "document.v1"])
    assert result.exit_code == 3, result.output
    assert out.is_file()
    report = json.loads(out.with_name("kg.ttl.failures.json").read_text("utf-8"))
    assert {r["path"] for r in report} == set(EXPECTED)
    assert all(r["reason"] and r["stage"] in ("input", "load") for r in report)
    assert "could not be built and were skipped (input: 3, load: 6)" in result.output


def test_strict_makes_any_failure_fatal_and_writes_no_graph(hostile, tmp_path):
    out = tmp_path / "strict.ttl"
    result = CliRunner().invoke(main, ["build", str(hostile), "-o", str(out), "-q", "--strict",
                                       "--extractor", "document.v1"])
    assert result.exit_code == 3, result.output
    assert not out.exists()
    assert out.with_name("strict.ttl.failures.json").is_file()
    assert "--strict is set: no graph written" in result.output


def test_strict_build_without_failures_writes_the_graph(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "ok.ttl"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(out), "-q",
                                       "--strict", "--extractor", "document.v1"])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_ratio_of_a_small_zip_bomb_is_refused_before_inflating(tmp_path):
    with pytest.raises(UnreadableDocument, match=r"compressed [\d,]+ times .* zip bomb"):
        load_document(zip_bomb(tmp_path / "small-bomb.docx", 40))


def test_deeply_nested_html_is_handled_not_a_crash(tmp_path):
    depth = 50_000
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div><span>" * depth + "Deep text."
                    + "</span></div>" * depth + "</body></html>", "utf-8")
    try:
        doc = load_document(path)
    except InputError as exc:  # refusing it with a reason is handling it too
        assert "nested too deeply" in exc.reason
    else:
        assert doc.text.strip() == "Deep text."


def test_symlink_loops_are_reported_once_each(hostile):
    skipped: list[tuple[str, str]] = []
    files = [rel for _, rel in iter_input_files([hostile], lambda p, r: skipped.append((p, r)))]
    assert GOOD_NAME in files and len(files) == len(set(files))
    assert sorted(p for p, _ in skipped) == ["dangling.txt", "loop", "sous dossier/up"]


# --- memory -------------------------------------------------------------------------------------
_MEASURE = """
import json, resource, sys
from pathlib import Path
import docx, pypdf  # imported before measuring: the loaders import them lazily
from graph.loaders import load_document
from graph._errors import InputError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    doc = load_document(Path(sys.argv[1]))
    outcome = f"loaded {len(doc.text)} characters"
except InputError as exc:
    outcome = exc.reason
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "peak_growth_kb": after - before}))
"""


def peak_growth(path: Path) -> tuple[str, int]:
    """Load ``path`` in a fresh interpreter: the outcome and how far the peak RSS grew (KiB)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True,
                          text=True, env=env, check=True, timeout=300)
    data = json.loads(done.stdout)
    return data["outcome"], data["peak_growth_kb"]


def test_a_100_mb_text_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / "huge.txt"
    line = ("The Executive Board of UNESCO met in Paris on 3 May 2021 to discuss the report. "
            * 4 + "\n").encode()
    with path.open("wb") as f:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    assert path.stat().st_size > 100 * 1024 * 1024 > MAX_BYTES
    outcome, growth_kb = peak_growth(path)
    assert "above the limit" in outcome
    assert growth_kb < 20 * 1024  # nothing near the file's 100 MB was held


def test_a_zip_bomb_is_refused_with_memory_bounded(tmp_path):
    path = zip_bomb(tmp_path / "bomb.docx", 512)  # 512 MiB once inflated
    outcome, growth_kb = peak_growth(path)
    assert "zip bomb" in outcome
    assert growth_kb < 20 * 1024
