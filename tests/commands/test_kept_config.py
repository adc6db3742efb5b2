"""config.toml as last checked is kept in the cache folder: read back for the very same text, checked again for
any other, and a kept copy that cannot be used is never an error."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

from cadence import kept_config
from helpers import Cli

PROBE = (
    "import sys, io, contextlib\n"
    "from cadence.cli import main\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out):\n"
    "    code = main(['today', '--json'])\n"
    "loaded = 'tomllib' in sys.modules\n"
    "import json\n"
    "print(json.dumps([code, loaded, json.loads(out.getvalue())['plan']]))\n"
)


def _today() -> list[object]:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    answer: list[object] = json.loads(done.stdout.splitlines()[-1])
    return answer


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "cadence" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _plan(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(f'[plan]\nname = "{name}"\nstart = 2026-11-23\nweeks = 4\n[[task]]\nid = "post"\ntitle = "Post"\n')
    return path


def test_the_second_command_reads_the_checked_config_back_without_toml(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "Mine")
    _config(tmp_path, f'plan = "{plan}"\n[sync]\nurl = "postgresql://ana@hub/cadence"\n')
    assert _today() == [0, True, "Mine"]  # checked with tomllib, then kept
    assert (tmp_path / "userhome" / ".cache" / "cadence" / kept_config.FILE).is_file()
    assert _today() == [0, False, "Mine"]  # the very same text: read back


def test_a_changed_config_is_checked_again_and_its_error_said(tmp_path: Path, cli: Cli) -> None:
    plan = _plan(tmp_path, "Mine")
    config = _config(tmp_path, f'plan = "{plan}"\n')
    assert cli("today").code == 0
    config.write_text(f'plna = "{plan}"\n', encoding="utf-8")
    result = cli("today")
    assert result.code == 1
    assert result.err == (
        f"cadence: error: {config}:1:1: error: unknown key 'plna' in config.toml; it may hold: plan, theme,"
        " reminders, sync, serve\n"
    )


def test_a_kept_copy_that_cannot_be_read_is_no_error(tmp_path: Path, cli: Cli) -> None:
    plan = _plan(tmp_path, "Mine")
    _config(tmp_path, f'plan = "{plan}"\n')
    kept = tmp_path / "userhome" / ".cache" / "cadence" / kept_config.FILE
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"\x00not marshal")
    assert cli("today").out.startswith("Mine · week 2 of 4")
    assert kept_config.cached(f'plan = "{plan}"\n', os.environ) == {"plan": str(plan)}  # written anew


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, cli: Cli) -> None:
    plan = _plan(tmp_path, "Mine")
    _config(tmp_path, f'plan = "{plan}"\n')
    (tmp_path / "userhome").mkdir()
    (tmp_path / "userhome" / ".cache").write_text("a file where the folder would be")
    assert cli("today").out.startswith("Mine · week 2 of 4")
    assert cli("today").out.startswith("Mine · week 2 of 4")


def test_what_another_cadence_kept_is_not_used(tmp_path: Path) -> None:
    env = dict(os.environ)
    kept_config.keep('plan = "a.toml"\n', {"plan": "a.toml"}, env)
    assert kept_config.cached('plan = "a.toml"\n', env) == {"plan": "a.toml"}
    assert kept_config.cached('plan = "b.toml"\n', env) is None
    path = tmp_path / "userhome" / ".cache" / "cadence" / kept_config.FILE
    stamp, text, document = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((("0.0.1", *stamp[1:]), text, document)))
    assert kept_config.cached('plan = "a.toml"\n', env) is None
