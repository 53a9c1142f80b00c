"""The output directory of a partitioned job: a manifest naming the run (rule-set
fingerprint, date, options, the identity of every input partition) and, per partition, its
output files and a record written after them. A run that finds the manifest of the same run
skips the partitions whose record is there; files are written under a temporary name and
renamed, so a partition's files are whole or absent, however the writer died."""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

MANIFEST = "manifest.json"
_TEMPORARY = ".tmp-"


def file_identity(path: str) -> Dict[str, Any]:
    """What identifies an input file: its absolute path, size and modification time."""
    status = os.stat(path)
    return {"path": os.path.abspath(path), "size": status.st_size, "mtime_ns": status.st_mtime_ns}


def temporary_name(path: Path) -> Path:
    """A name to write `path` under before renaming it: unique to this writer."""
    return path.with_name(f"{path.name}{_TEMPORARY}{uuid.uuid4().hex}")


def write_atomically(path: Path, content: bytes) -> None:
    temporary = temporary_name(path)
    temporary.write_bytes(content)
    os.replace(temporary, path)


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


class RunDirectory:
    """The directory `root` for the run described by `identity` (a JSON-able dict whose
    "partitions" entry lists one identity per input partition)."""

    def __init__(self, root: os.PathLike, identity: Mapping[str, Any], overwrite: bool) -> None:
        self.root = Path(root)
        self.identity = dict(identity)
        self.root.mkdir(parents=True, exist_ok=True)
        manifest = self.root / MANIFEST
        if manifest.exists():
            differences = self._differences(manifest)
            if differences and not overwrite:
                raise ValueError(f"{self.root} holds the output of another run, or one that cannot be told ({manifest}); use "
                                 "another directory, or overwrite=True to start over:\n  " + "\n  ".join(differences))
            if differences:
                self._remove_outputs()
        write_atomically(manifest, json_bytes({"run": self.identity, "complete": False}))

    def _differences(self, manifest: Path) -> List[str]:
        """How the run recorded in `manifest` differs from this one."""
        try:
            recorded = json.loads(manifest.read_text())
        except (ValueError, UnicodeDecodeError) as error:
            return [f"{manifest.name} cannot be read: {error}"]
        return _differences(recorded.get("run", {}) if isinstance(recorded, dict) else {}, self.identity)

    def record_path(self, name: str) -> Path:
        return self.root / f"{name}.json"

    def completed(self, name: str, partition: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
        """The record of partition `name` if an earlier attempt of this run wrote all its files."""
        try:
            record = json.loads(self.record_path(name).read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        if record.get("input") != partition:
            return None
        for file_name, size in record.get("files", {}).items():
            path = self.root / file_name
            if not path.is_file() or path.stat().st_size != size:
                return None
        return record

    def finish(self, summary: Mapping[str, Any]) -> None:
        """Marks the run complete and removes what writers that died left behind."""
        for leftover in self.root.glob(f"*{_TEMPORARY}*"):
            leftover.unlink()
        write_atomically(self.root / MANIFEST, json_bytes({"run": self.identity, "complete": True, "summary": summary}))

    def _remove_outputs(self) -> None:
        for path in self.root.iterdir():
            if path.is_file():
                path.unlink()


def write_record(root: Path, name: str, partition: Mapping[str, Any], files: Sequence[str], content: Mapping[str, Any]) -> None:
    """Records that partition `name` wrote `files` (already in place), with what it found."""
    sizes = {file_name: (root / file_name).stat().st_size for file_name in files}
    write_atomically(root / f"{name}.json", json_bytes({"input": dict(partition), "files": sizes, **content}))


def _differences(recorded: Mapping[str, Any], current: Mapping[str, Any]) -> List[str]:
    out = []
    for key in sorted(set(recorded) | set(current)):
        then, now = recorded.get(key), current.get(key)
        if then == now:
            continue
        if key == "partitions" and isinstance(then, list) and isinstance(now, list):
            if len(then) != len(now):
                out.append(f"partitions: {len(then)} then, {len(now)} now")
            out.extend(f"partition {i}: {a} then, {b} now" for i, (a, b) in enumerate(zip(then, now)) if a != b)
        else:
            out.append(f"{key}: {then} then, {now} now")
    return out
