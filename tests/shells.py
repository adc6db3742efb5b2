"""Real shells for completion tests: a script run in bash, zsh or fish with the venv's `cadence` on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from programs import program


def shell(name: str, script: str, plan: Path) -> list[str]:
    executable = program(name)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "CADENCE_PLAN": str(plan),
    }
    done = subprocess.run([executable, "-c", script], capture_output=True, text=True, env=env, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def bash_complete(line: list[str], plan: Path, name: str = "bash", setup: str = "") -> list[str]:
    words = " ".join(f"'{word}'" for word in line)
    script = f'eval "$(cadence completion {name})"; {setup} COMP_WORDS=({words}); COMP_CWORD={len(line) - 1}; _cadence; printf "%s\\n" "${{COMPREPLY[@]}}"'
    return shell(name, script, plan)
