"""tools/hostile.py: its inputs have the property each case names, and its judging of a
child (exit code, stderr, clock, memory) is right. detente itself is never run here:
the child is a few lines of Python standing in for it."""

from __future__ import annotations

import codecs
import datetime as dt
import importlib.util
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "hostile.py"


def _load_tool() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("hostile", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


hostile = _load_tool()

SLUGS = {
    "empty", "whitespace", "binary", "big-int", "nul", "utf16-bom", "utf8-bom", "latin1-byte",
    "emphasis", "paragraph-60k", "line-2mb", "sentence-20k", "nested-html", "nested-json", "bidi",
    "dates-text", "dates-jsonl", "same-name", "same-id", "stdin-brace", "stdin-zero", "dir-as-txt",
    "crlf-cr", "text-10mb", "emphasis-48k", "near-limit",
}  # fmt: skip


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    built = hostile.build_cases(tmp_path_factory.mktemp("hostile"))
    return {case.slug: case for case in built}


def only_file(cases: dict[str, Any], slug: str) -> bytes:
    case = cases[slug]
    assert len(case.args) == 1
    return Path(case.args[0]).read_bytes()


def jsonl_lines(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\n") if line]


# --- the generator -----------------------------------------------------------------
def test_every_case_is_built_once_and_its_inputs_exist(cases: dict[str, Any]) -> None:
    assert set(cases) == SLUGS
    for case in cases.values():
        assert case.args
        for arg in case.args:
            assert arg == "-" or Path(arg).exists(), (case, arg)
        if "-" in case.args:
            assert case.stdin is not None and case.stdin.exists()


def test_small_files(cases: dict[str, Any]) -> None:
    assert only_file(cases, "empty") == b""
    blank = only_file(cases, "whitespace")
    assert blank and not blank.strip()
    binary = only_file(cases, "binary")
    assert len(binary) == 64 * 1024 and b"\x00" in binary[:8192]


def test_binary_bytes_are_seeded(tmp_path: Path, cases: dict[str, Any]) -> None:
    again = {c.slug: c for c in hostile.build_cases(tmp_path)}
    assert only_file(again, "binary") == only_file(cases, "binary")


def test_big_integer_sits_between_two_good_lines(cases: dict[str, Any]) -> None:
    first, middle, last = jsonl_lines(only_file(cases, "big-int"))
    assert json.loads(first)["text"] and json.loads(last)["text"]
    assert b"7" * 5000 in middle and b"7" * 5001 not in middle
    with pytest.raises(ValueError):  # Python's int-string limit, the point of the case
        json.loads(middle)


def test_one_nul_byte_in_the_first_8_kb(cases: dict[str, Any]) -> None:
    data = only_file(cases, "nul")
    assert data.count(b"\x00") == 1 and data.index(b"\x00") < 8192
    lines = jsonl_lines(data)
    assert sum(b"\x00" in line for line in lines) == 1
    assert all(json.loads(line)["text"] for line in lines if b"\x00" not in line)
    assert len(lines) >= 3


def test_byte_order_marks(cases: dict[str, Any]) -> None:
    utf16 = only_file(cases, "utf16-bom")
    assert utf16.startswith(codecs.BOM_UTF16_LE)
    assert "criticised" in utf16[2:].decode("utf-16-le") or "praised" in utf16[2:].decode("utf-16-le")
    utf8 = only_file(cases, "utf8-bom")
    assert utf8.startswith(codecs.BOM_UTF8)
    utf8[3:].decode("utf-8")


def test_one_latin1_byte_in_utf8(cases: dict[str, Any]) -> None:
    data = only_file(cases, "latin1-byte")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    # Exactly one byte is not UTF-8, and it is é in Latin-1; the rest has real UTF-8 in it.
    assert data.decode("utf-8", errors="replace").count("\ufffd") == 1
    assert b"caf\xe9 " in data
    assert "Côte d’Ivoire" in data.replace(b"\xe9", b"").decode("utf-8")


def test_long_texts(cases: dict[str, Any]) -> None:
    emphasis = only_file(cases, "emphasis")
    assert emphasis == b"*a " * 100_000 and len(emphasis) == 300_000
    paragraph = only_file(cases, "paragraph-60k")
    assert 60_000 <= len(paragraph) < 61_000
    assert b"." not in paragraph and b"\n" not in paragraph and b"Kenya" in paragraph
    line = only_file(cases, "line-2mb")
    assert len(line) >= 2 * 1024 * 1024 and b"\n" not in line and b"\r" not in line
    sentence = only_file(cases, "sentence-20k")
    assert len(sentence.split()) == 20_000 and sentence.count(b".") == 1 and sentence.endswith(b".\n")
    big = only_file(cases, "text-10mb")
    assert 10 * 1024 * 1024 <= len(big) < 11 * 1024 * 1024
    assert big.count(b"\n\n") > 1000 and b"\x00" not in big
    big.decode("utf-8")


def test_deep_nesting(cases: dict[str, Any]) -> None:
    case = cases["nested-html"]
    assert case.args[0].endswith(".html")
    html = only_file(cases, "nested-html")
    assert html.count(b"<div>") == 100_000 and html.count(b"</div>") == 100_000
    first, deep, last = jsonl_lines(only_file(cases, "nested-json"))
    assert deep.count(b"[") == 100_000 and b"[" * 100_000 in deep
    assert json.loads(first)["text"] and json.loads(last)["text"]


def test_bidi_and_zero_width_characters(cases: dict[str, Any]) -> None:
    text = only_file(cases, "bidi").decode("utf-8")
    for char in ("\u202e", "\u200b", "\u200d"):
        assert char in text
    assert any("\u0600" <= c <= "\u06ff" for c in text)  # Arabic
    assert "praised" in text


def test_impossible_dates(cases: dict[str, Any]) -> None:
    text = only_file(cases, "dates-text").decode("utf-8")
    assert "On February 30, 2021" in text and "99999" in text
    records = [json.loads(line) for line in jsonl_lines(only_file(cases, "dates-jsonl"))]
    days = {r["date"] for r in records}
    assert {"2021-13-45", "99999-01-01", "2021-02-30"} <= days
    for day in days - {"2021-02-28"}:
        with pytest.raises(ValueError):
            dt.date.fromisoformat(day)


def test_same_name_in_two_folders_and_same_id_in_two_files(cases: dict[str, Any]) -> None:
    a, b = (Path(p) for p in cases["same-name"].args)
    assert a.name == b.name == "news.txt" and a.parent.name == "a" and b.parent.name == "b"
    assert a.read_bytes() != b.read_bytes()
    one, two = (json.loads(Path(p).read_text(encoding="utf-8")) for p in cases["same-id"].args)
    assert one["id"] == two["id"] and one["text"] != two["text"]


def test_stdin_cases(cases: dict[str, Any]) -> None:
    brace = cases["stdin-brace"]
    assert brace.args == ("-",)
    data = brace.stdin.read_bytes()
    assert data.startswith(b"{")
    with pytest.raises(ValueError):
        json.loads(data.split(b"\n")[0])
    zero = cases["stdin-zero"]
    assert zero.args == ("-",) and zero.stdin == Path("/dev/zero")


def test_directory_named_like_a_text_file(cases: dict[str, Any]) -> None:
    path = Path(cases["dir-as-txt"].args[0])
    assert path.suffix == ".txt" and path.is_dir()


def test_crlf_and_lone_cr(cases: dict[str, Any]) -> None:
    data = only_file(cases, "crlf-cr")
    assert b"\r\n" in data
    assert b"\r" in data.replace(b"\r\n", b"")  # a lone CR too
    assert b"\n" not in data.replace(b"\r\n", b"")


# --- judging a child ---------------------------------------------------------------
SKIP = "detente: skipped: /tmp/x/random.txt: binary file"


@pytest.mark.parametrize(
    ("exit_code", "stderr", "events", "expected", "failed"),
    [
        (0, "", 3, "ok: 3 events, 0 skipped", False),
        (1, f"{SKIP}\ndetente: 1 input skipped\n", 0, "ok: 0 events, 1 skipped (binary file)", False),
        (
            1,
            "detente: skipped: /t/n.jsonl:2: invalid JSON: nested too deeply\n"
            "detente: skipped: /t/n.jsonl:3: empty document\ndetente: 2 inputs skipped\n",
            5,
            "ok: 5 events, 2 skipped (line 2: invalid JSON: nested too deeply, …)",
            False,
        ),
        (1, f"{SKIP}\n", 0, "ok: 0 events, 1 skipped (binary file)", False),  # no count line: the lines count
        (1, "detente: error: nothing to code\n", 0, "error: detente: error: nothing to code", False),
        (2, "usage: detente ...\ndetente code: error: bad\n", 0, "error: usage: detente ...", False),
        (1, "", 0, "error: exit status 1, nothing on stderr", False),
        (1, "Traceback (most recent call last):\n  File ...\nRecursionError\n", 0, "crash (traceback)", True),
        (0, "Traceback (most recent call last):\n", 2, "crash (traceback)", True),
        (-9, "", 0, "crash (signal SIGKILL)", True),
        (-11, SKIP, 0, "crash (signal SIGSEGV)", True),
    ],
)
def test_classify(exit_code: int, stderr: str, events: int, expected: str, failed: bool) -> None:
    outcome = hostile.classify(exit_code, stderr, events)
    assert outcome.text == expected
    assert outcome.failed is failed


def test_classify_shortens_a_long_skip_message() -> None:
    outcome = hostile.classify(1, "detente: skipped: a.txt: " + "x" * 500 + "\n", 0)
    assert outcome.text == "ok: 0 events, 1 skipped (" + "x" * (hostile.REASON_CHARS - 1) + "…)"


def test_classify_timeout_and_memory_come_first() -> None:
    assert hostile.classify(-9, "Traceback", 0, timed_out=True) == hostile.Outcome("TIMEOUT", True)
    assert hostile.classify(-9, "", 0, over_memory=True).text == "killed: over 1024 MiB"


def fake_detente(tmp_path: Path, body: str) -> list[str]:
    """A stand-in for the detente command: Python running ``body``."""
    script = tmp_path / "fake.py"
    script.write_text(body, encoding="utf-8")
    return [sys.executable, str(script)]


def test_run_case_counts_events_and_passes_arguments(tmp_path: Path) -> None:
    seen = tmp_path / "argv.json"
    command = fake_detente(
        tmp_path,
        "import json, sys\n"
        f"json.dump([sys.argv[1:], sys.stdin.read()], open({str(seen)!r}, 'w'))\n"
        "print('{}'); print('{}')\n"
        "print('detente: skipped: /x/y.txt: empty document, first seen in /x/z.txt', file=sys.stderr)\n"
        "print('detente: 1 input skipped', file=sys.stderr)\n"
        "sys.exit(1)\n",
    )
    stdin = tmp_path / "in.txt"
    stdin.write_text("{Breaking} text", encoding="utf-8")
    case = hostile.Case("x", "x", ("-",), stdin)
    result = hostile.run_case(case, command, root=Path("/x"))
    # the temporary root is cut from every path, not only from the skipped file's
    assert result.outcome == hostile.Outcome("ok: 2 events, 1 skipped (empty document, first seen in z.txt)", False)
    assert json.loads(seen.read_text()) == [["code", "-", "--format", "jsonl"], "{Breaking} text"]
    assert 0 < result.seconds < 10 and result.peak_mib > 1


def test_run_case_times_out_and_kills_the_child(tmp_path: Path) -> None:
    command = fake_detente(tmp_path, "import time\ntime.sleep(60)\n")
    result = hostile.run_case(hostile.Case("slow", "slow", ()), command, timeout_s=0.5)
    assert result.outcome == hostile.Outcome("TIMEOUT", True)
    assert result.seconds < 5


def test_run_case_measures_the_childs_own_peak_memory(tmp_path: Path) -> None:
    import subprocess

    command = fake_detente(tmp_path, "block = bytearray(200 * 1024 * 1024)\nblock[::4096] = b'x' * len(block[::4096])\n")
    # A forked child's peak counts its parent's pages until it execs, so the tool must run
    # from a small process, as `./run hostile` does: here a fresh interpreter, not pytest
    # (which may hold a loaded spaCy model by now).
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('hostile', {str(TOOL)!r})\n"
        "tool = importlib.util.module_from_spec(spec); sys.modules['hostile'] = tool; spec.loader.exec_module(tool)\n"
        f"r = tool.run_case(tool.Case('big', 'big', ()), {command!r})\n"
        "print(r.outcome.text); print(r.peak_mib)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    outcome, peak = done.stdout.splitlines()
    assert outcome == "ok: 0 events, 0 skipped"
    assert 200 <= float(peak) < 400


def test_run_case_kills_a_child_over_the_memory_limit(tmp_path: Path) -> None:
    command = fake_detente(
        tmp_path, "import time\nblock = bytearray(200 * 1024 * 1024)\nblock[::4096] = b'x' * len(block[::4096])\ntime.sleep(60)\n"
    )
    result = hostile.run_case(hostile.Case("hog", "hog", ()), command, memory_limit_mib=100)
    assert result.outcome.failed and result.outcome.text.startswith("killed")
    assert result.seconds < 10


# --- the report ----------------------------------------------------------------
def result(title: str, text: str, failed: bool, peak: float = 300.0) -> Any:
    return hostile.Result(hostile.Case(title, title, ()), hostile.Outcome(text, failed), 1.25, peak)


def test_table_escapes_pipes_and_rounds() -> None:
    table = hostile.format_table([result("a|b", "error: x | y", False)])
    assert table.splitlines()[0] == "| input | outcome | seconds | peak MiB |"
    assert table.splitlines()[2] == "| a\\|b | error: x \\| y | 1.2 | 300 |"


def test_report_names_the_cases_over_a_limit() -> None:
    results = [
        result("fine", "ok: 1 events, 0 skipped", False),
        result("slow", "TIMEOUT", True),
        result("fat", "ok: 0 events, 0 skipped", False, 1500.0),
    ]
    assert hostile.failures(results) == ["slow (TIMEOUT)", "fat (1500 MiB)"]
    report = hostile.format_report(results, today=dt.date(2024, 3, 14), cores=2, timeout_s=30)
    assert "`./run hostile`" in report and "tools/hostile.py" in report and "2024-03-14" in report
    assert "2 CPU cores" in report and "30 s" in report and "1 GiB" in report
    assert "Cases over a limit or crashed: slow (TIMEOUT); fat (1500 MiB)." in report
    assert "| fine | ok: 1 events, 0 skipped | 1.2 | 300 |" in report
    clean = hostile.format_report(results[:1], today=dt.date(2024, 3, 14), cores=2, timeout_s=30)
    assert "No case exceeded a limit or crashed." in clean
