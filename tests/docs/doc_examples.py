"""Runs the examples of a Markdown document and checks them against the files and outputs it
shows, so that the document cannot drift from what ssis does:

- a ```yaml or ```json block right after a line "`PATH`:" (or a line naming `PATH`
  and ending in a colon) must be the whole content of that file;
- in a ```console block, each line "$ COMMAND" is run from the repository root and what it
  prints must be the lines up to the next command (a hash, "sha256:" and its hex digits, is
  shown as "HASH");
- a ```python block is run, with the repository root as the working directory.

    doc_examples.py ROOT SSIS DOCUMENT...
"""
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
NAMED_FILE = re.compile(r"`([^`]+\.(?:yaml|json))`:\s*$")
HASH = re.compile(r"sha256:[0-9a-f]+")


def check(root: Path, ssis: str, document: Path) -> list:
    text = document.read_text(encoding="utf-8")
    failures, counts = [], {"files": 0, "commands": 0, "python": 0}
    for block in FENCE.finditer(text):
        language, body = block.group(1), block.group(2)
        line = text.count("\n", 0, block.start()) + 1
        where = f"{document}:{line}"
        before = text[:block.start()].rstrip("\n").rsplit("\n", 1)[-1]
        named = NAMED_FILE.search(before)
        if language in ("yaml", "json") and named:
            counts["files"] += 1
            path = root / named.group(1)
            if not path.is_file():
                failures.append(f"{where}: {named.group(1)} does not exist")
            elif path.read_text(encoding="utf-8") != body:
                failures.append(f"{where}: the block is not the content of {named.group(1)}")
        elif language == "console":
            for command, expected in commands(body):
                counts["commands"] += 1
                argv = shlex.split(command)
                if argv[0] == "build/ssis":
                    argv[0] = ssis
                run = subprocess.run(argv, cwd=root, capture_output=True, text=True)
                actual = HASH.sub("HASH", run.stdout)
                if run.returncode != 0 or actual != expected:
                    failures.append(f"{where}: $ {command}\nexit {run.returncode}; printed:\n{run.stdout}{run.stderr}"
                                    f"expected:\n{expected}")
        elif language == "python":
            counts["python"] += 1
            run = subprocess.run([sys.executable, "-c", body], cwd=root, capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"{where}: the Python example failed:\n{run.stderr}")
    print(f"{document}: {counts['files']} files, {counts['commands']} commands, {counts['python']} Python examples")
    if not any(counts.values()):
        failures.append(f"{document}: no example found")
    return failures


def commands(body: str):
    """(command, expected output) for each "$ " line of a console block."""
    command, output = None, []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            if command is not None:
                yield command, "".join(output)
            command, output = line[2:].strip(), []
        else:
            output.append(line)
    if command is not None:
        yield command, "".join(output)


def main() -> int:
    root, ssis, *documents = sys.argv[1:]
    failures = [f for document in documents for f in check(Path(root), ssis, Path(root) / document)]
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
