from ghgkit.cli import run

run()
