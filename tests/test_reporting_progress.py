"""The progress line: delayed, throttled, erased before report text, and only on a
terminal for text output."""

from __future__ import annotations

import io

from nwx_schema.cli.validate_cmd import show_progress, use_color
from nwx_schema.reporting.progress import Progress


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_stays_silent_during_the_delay() -> None:
    clock, out = FakeClock(), io.StringIO()
    bar = Progress(10, out, delay=0.5, clock=clock)
    clock.now += 0.4
    bar.advance(records=5, size=1000)
    bar.close()
    assert out.getvalue() == ""


def test_progress_shows_files_records_and_megabytes_per_second() -> None:
    clock, out = FakeClock(), io.StringIO()
    bar = Progress(4, out, delay=0.5, clock=clock, columns=200)
    clock.now += 2.0
    bar.advance(records=3000, size=4_000_000)
    assert out.getvalue() == "\r\x1b[K[######..................] 1/4 files  1,500 records/s  2.0 MB/s"


def test_progress_redraws_at_most_once_per_interval_but_always_at_the_end() -> None:
    clock, out = FakeClock(), io.StringIO()
    bar = Progress(3, out, delay=0.0, interval=1.0, clock=clock, columns=200)
    bar.advance()
    bar.advance()  # same instant: throttled
    assert out.getvalue().count("\r") == 1
    bar.advance()  # the last file is always drawn
    assert out.getvalue().count("\r") == 2
    assert out.getvalue().endswith("3/3 files  0 records/s  0.0 MB/s")


def test_progress_clears_before_report_text_and_comes_back() -> None:
    clock, out = FakeClock(), io.StringIO()
    bar = Progress(2, out, delay=0.0, clock=clock, columns=200)
    bar.advance()
    bar.clear()
    assert out.getvalue().endswith("\r\x1b[K")
    bar.redraw()
    assert out.getvalue().endswith("1/2 files  0 records/s  0.0 MB/s")
    bar.close()
    assert out.getvalue().endswith("\r\x1b[K")
    bar.redraw()  # closed: stays away
    assert out.getvalue().endswith("\r\x1b[K")


def test_progress_line_is_cut_to_the_terminal_width() -> None:
    clock, out = FakeClock(), io.StringIO()
    bar = Progress(2, out, delay=0.0, clock=clock, columns=20)
    bar.advance()
    assert out.getvalue() == "\r\x1b[K[############......"


def test_progress_only_for_text_on_a_terminal_with_several_files() -> None:
    assert show_progress("text", True, 5, Tty()) is True
    assert show_progress("text", True, 5, io.StringIO()) is False  # not a terminal
    assert show_progress("json", True, 5, Tty()) is False  # machine output
    assert show_progress("sarif", True, 5, Tty()) is False
    assert show_progress("text", False, 5, Tty()) is False  # --no-progress
    assert show_progress("text", True, 1, Tty()) is False  # one file: nothing to show


def test_colour_on_a_terminal_unless_no_color() -> None:
    assert use_color("auto", Tty(), {}) is True
    assert use_color("auto", io.StringIO(), {}) is False
    assert use_color("auto", Tty(), {"NO_COLOR": "1"}) is False
    assert use_color("always", io.StringIO(), {}) is True
    assert use_color("always", io.StringIO(), {"NO_COLOR": "1"}) is False
    assert use_color("never", Tty(), {}) is False
    assert use_color("auto", Tty(), {"NO_COLOR": ""}) is True  # empty means unset
