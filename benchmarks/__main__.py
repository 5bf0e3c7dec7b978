"""Run every benchmark module (or the ones named): python -m benchmarks [import rfm ...]."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(names):
    found = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if m.name.startswith("bench_"))
    chosen = [f"bench_{n}" for n in names] if names else found
    for name in chosen:
        if name not in found:
            sys.exit(f"no benchmark {name!r}; available: {[f[6:] for f in found]}")
        print(f"== {name[6:]} ==", flush=True)
        importlib.import_module(f"benchmarks.{name}").run()


if __name__ == "__main__":
    main(sys.argv[1:])
