"""The phone page's refusals in the command line's words, text shown as written, its request log, the week's strip, and
the command's own refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import PlanWriter, run_process
from phone_page import WEDNESDAY, events
from plans import plan, plan_table, task
from web import Client, Served, serving

# --------------------------------------------------------------------------- refusals in the command line's words


@pytest.mark.parametrize(
    ("path", "fields", "said"),
    [
        (
            "/check",
            {"task": "comment", "day": "2026-11-25"},
            "too late to make up 2026-11-25: the plan allows 1 day"
            " (on the command line, --force is there to correct the log)",  # a page has no --force
        ),
        ("/check", {"task": "comment", "day": "2026-12-03"}, "cannot check in for 2026-12-03: it is in the future"),
        (
            "/check",
            {"task": "coment", "day": WEDNESDAY},
            "unknown task &#39;coment&#39;; did you mean &#39;comment&#39;?",
        ),
        (
            "/check",
            {"task": "comment", "day": WEDNESDAY, "amount": "lots"},
            "the amount must be a number greater than 0, not &#39;lots&#39;",
        ),
        (
            "/check",
            {"task": "comment", "day": WEDNESDAY, "amount": "5000000"},
            "the amount must be at most 1,000,000, not &#39;5000000&#39;",
        ),
        ("/check", {"task": "comment", "day": "the other day"}, "not a day like 2026-12-01: &#39;the other day&#39;"),
        (
            "/step",
            {"task": "comment", "day": WEDNESDAY, "change": "100"},
            "a step is one more (1) or one less (-1), not &#39;100&#39;",
        ),
        (
            "/log",
            {"m:folowers": "3", "date": WEDNESDAY},
            "&#39;folowers&#39; is not a metric of this plan; did you mean &#39;followers@&#39;?",
        ),
        (
            "/log",
            {"m:replies": "three", "date": WEDNESDAY},
            "the value of replies must be a number greater than 0, not &#39;three&#39;",
        ),
        (
            "/log",
            {"m:followers": "-4", "date": WEDNESDAY},
            "the reading of followers cannot be negative, not &#39;-4&#39;",
        ),
        ("/log", {"m:replies": "", "date": WEDNESDAY}, "no results to log"),
        (
            "/skip",
            {"task": "post", "day": "2026-12-01"},
            "nothing to skip: &#39;post&#39; is not due on Tue 2026-12-01",
        ),
    ],
)
def test_a_refusal_shows_on_the_page_and_writes_nothing(
    phone: Client, home: Path, path: str, fields: dict[str, str], said: str
) -> None:
    phone.page("/")
    answer = phone.post(path, {"back": "/", **fields})
    page = phone.page(answer.location) if answer.status == 303 else answer.text
    assert said in page, page
    assert 'class="refused"' in page and "Traceback" not in page
    assert events(home) == []


def test_titles_and_notes_show_as_written_text(
    write_plan: PlanWriter, isolated_env: dict[str, str], home: Path
) -> None:
    odd = write_plan(
        plan(plan_table("<i>Plan</i>"), task("comment", '<script>alert("x")</script> & [bold]me[/]', target=1)),
        "odd.toml",
    )
    noted = run_process("check", "comment", "--note", "bell\x07 and \x1b[31mred", "--plan", str(odd))
    assert noted.code == 0, noted.err
    with serving(odd, isolated_env) as found:
        client = found.client()
        assert found.link is not None
        client.pair(found.link)
        page = client.page("/")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; [bold]me[/]" in page
    assert "<script>alert" not in page and "&lt;i&gt;Plan&lt;/i&gt;" in page
    assert "“bell␇ and ␛[31mred”" in page


def test_the_request_log_keeps_no_token_or_pairing_code(served: Served, phone: Client, home: Path) -> None:
    phone.page("/")
    phone.act("/check", task="comment", day=WEDNESDAY)
    served.process.terminate()
    served.process.wait(timeout=10)
    log = (home / "serve.log").read_text()
    assert phone.cookie is not None and served.link is not None
    assert phone.cookie not in log and served.link.rsplit("/", 1)[1] not in log and phone.csrf not in log
    assert "127.0.0.1 GET /pair/… 200" in log and "127.0.0.1 POST /check 303" in log
    assert "phone: Checked in comment: 3/3 comments on Wed 2026-12-02, done." in log


def test_the_days_of_the_week_strip_and_an_earlier_day(phone: Client, plan_file: Path) -> None:
    assert run_process("check", "comment", "--date", "2026-11-30", "--force", "--plan", str(plan_file)).code == 0
    page = phone.page("/")
    strip = page[page.index('<ol class="strip"') : page.index("</ol>")]
    assert [day for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") if day in strip] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert 'href="/?date=2026-11-30"' in strip and 'aria-current="date"' in strip
    monday = phone.page("/?date=2026-11-30")
    assert "Mon 30 Nov 2026" in monday and "3/3 comments" in monday


def test_no_port_to_listen_on_is_one_line(plan_file: Path, served: Served) -> None:
    taken = run_process("serve", "--port", str(served.port), "--plan", str(plan_file))
    assert (taken.code, taken.out) == (1, "")
    assert taken.err == f"cadence: error: cannot listen on 127.0.0.1:{served.port}: Address already in use\n"


def test_serve_without_the_extra_says_how_to_install_it(plan_file: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; sys.modules['uvicorn'] = None\n"
        "from cadence.cli import main\n"
        f"sys.exit(main(['serve', '--plan', {str(plan_file)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "cadence: error: the check-in page needs the serve extra, which is not installed: pip install 'cadence[serve]'\n"
    )


def test_start_is_unchanged_for_other_commands() -> None:
    """`cadence today` and `cadence devices` load no web stack."""
    import subprocess
    import sys

    probe = (
        "import sys, io, contextlib\n"
        "from cadence.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['today', '--json']); main(['devices'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2', 'segno', 'anyio')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_page_of_an_unknown_task_or_day_says_so(phone: Client) -> None:
    unknown = phone.get("/item/coment/2026-12-02")
    assert unknown.status == 400 and "unknown task &#39;coment&#39;; did you mean &#39;comment&#39;?" in unknown.text
    outside = phone.get("/item/comment/2027-06-01")
    assert outside.status == 400 and "2027-06-01 is outside the plan, which runs from 2026-11-23" in outside.text
    garbled = phone.get("/?date=someday")
    assert garbled.status == 400 and "not a day like 2026-12-01: &#39;someday&#39;" in garbled.text
