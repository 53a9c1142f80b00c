"""The rule set on dask workers: loaded once per worker process, from a directory every
worker can read, from the worker's own installation for a bundled rule set (``ssis.load("kr")``),
or from a copy of the rule files shipped with the job."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Dict, Optional

from distributed import WorkerPlugin

from .rule_set import RuleSet, _load

_loaded: Dict[str, RuleSet] = {}
"""The rule sets this process has loaded, by fingerprint."""
_lock = threading.Lock()


class RuleSetSpec:
    """What a task needs to find its rule set: the fingerprint, and where to load it from
    when this worker has not loaded it yet: the bundled rule set of that name, or the path."""

    def __init__(self, rules: RuleSet) -> None:
        self.fingerprint = rules.fingerprint
        self.path = rules.path
        self.bundled = rules.bundled

    def rules(self) -> RuleSet:
        """The rule set, loaded in this process once."""
        with _lock:
            if self.fingerprint not in _loaded:
                _store(_load(self.path, self.bundled, None), self.fingerprint, self.path)
            return _loaded[self.fingerprint]


class LoadRuleSet(WorkerPlugin):
    """Loads the rule set on each worker when it starts (and when a lost worker is replaced).

    ship=False: each worker loads the directory at the rule set's path, which must be the same
    rule files on every machine (a shared filesystem, or the same release installed on each);
    a bundled rule set from its own installation of ssis, which must be the same release.
    ship=True: the rule files travel with the plugin and each worker writes them under its
    local directory before loading them.
    """

    def __init__(self, rules: RuleSet, ship: bool) -> None:
        self.spec = RuleSetSpec(rules)
        self.name = f"ssis-rules-{rules.fingerprint}"
        self.files: Optional[Dict[str, bytes]] = _rule_files(Path(rules.path)) if ship else None

    def setup(self, worker) -> None:
        path, bundled = self.spec.path, self.spec.bundled
        if self.files is not None:
            path, bundled = os.path.join(worker.local_directory, "ssis-rules", self.spec.fingerprint.replace(":", "-")), None
            for relative, content in self.files.items():
                target = Path(path, relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        with _lock:
            if self.spec.fingerprint not in _loaded:
                _store(_load(path, bundled, None), self.spec.fingerprint, path)


def load_count() -> int:
    """How many rule sets this process has loaded."""
    return len(_loaded)


def _store(rules: RuleSet, fingerprint: str, path: str) -> None:
    if rules.fingerprint != fingerprint:
        raise RuntimeError(f"{path}: the rule set there has fingerprint {rules.fingerprint}, the job's has {fingerprint}: "
                           "the workers must load the same rule files as the client (or ship them: ship_rules=True)")
    _loaded[fingerprint] = rules


def _rule_files(root: Path) -> Dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
