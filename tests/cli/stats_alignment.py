"""`ssis stats` lines up its table of ministries by display width: every row, Korean names
included (two columns a syllable), ends its number columns at the same terminal column.

    stats_alignment.py SSIS RULES
"""
import subprocess
import sys
import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


lines = subprocess.run([sys.argv[1], "stats", sys.argv[2]], check=True, capture_output=True, text=True).stdout.splitlines()
table = lines[lines.index(next(line for line in lines if line.startswith("ministry"))):]
assert len(table) > 2 and any(width(row) != len(row) for row in table), "no row with wide characters to line up"
# The end of each number column: the display column after each run of digits.
ends = set()
for row in table:
    columns = []
    for at in range(len(row)):
        if row[at].isdigit() and (at + 1 == len(row) or row[at + 1] == " "):
            columns.append(width(row[: at + 1]))
    if row.startswith("ministry"):
        continue
    ends.add(tuple(columns[-4:]))
assert len(ends) == 1, f"number columns end at different columns: {sorted(ends)}"
assert len({width(row) for row in table}) == 1, {width(row) for row in table}
print("stats alignment: ok", ends)
