"""`make bench`: run every bench/bench_*.py module's run() and print its figures.

Each benchmark measures a baseline in the same run and prints the ratio to it.
Select some with `python -m bench import pdf`.
"""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("TASKS_BACKEND", "immediate")


def main(argv: list[str]) -> int:
    import django

    django.setup()
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    wanted = [n for n in names if not argv or n.removeprefix("bench_") in argv]
    for name in wanted:
        started = time.perf_counter()
        print(f"== {name} ==", flush=True)
        from bench.common import setup_database

        print(f"   database: {setup_database()}", flush=True)
        importlib.import_module(f"bench.{name}").run()
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
