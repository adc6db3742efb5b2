from cadence.cli import run

run()
