"""The rule sets that come with the package: the repository's rules/<name> directories
(rules/kr, rules/vn), installed as ssis/rules/<name>, so that ``ssis.load("kr")`` needs no
path. In a build tree ssis/rules is a link to the repository's rules/."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Tuple, Union

BUNDLED_DIRECTORY = Path(__file__).resolve().parent / "rules"
"""Where the bundled rule sets are: one directory per rule set, with its ruleset.yaml."""


def bundled_rule_sets() -> Tuple[str, ...]:
    """The names of the bundled rule sets (``("kr", "vn")``), sorted; empty when the package
    carries none."""
    if not BUNDLED_DIRECTORY.is_dir():
        return ()
    return tuple(sorted(entry.name for entry in BUNDLED_DIRECTORY.iterdir() if (entry / "ruleset.yaml").is_file()))


def bundled_directory(name: str) -> Path:
    """The directory of the bundled rule set `name`. Raises KeyError, listing the bundled
    rule sets, when there is no such rule set."""
    if name not in bundled_rule_sets():
        known = ", ".join(bundled_rule_sets()) or "none"
        raise KeyError(f"no bundled rule set {name!r} (bundled: {known})")
    return BUNDLED_DIRECTORY / name


def bundled_name(rules: Union[str, os.PathLike]) -> Optional[str]:
    """The bundled rule set that `rules` names, or None: an existing file or directory is
    never taken for a name."""
    path = os.fspath(rules)
    if os.path.exists(path) or path not in bundled_rule_sets():
        return None
    return path
