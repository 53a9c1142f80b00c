"""The text of `ssis eval` as a caseworker reads it, on rules/kr and rules/vn: grouped
(eligible, undetermined under the next questions, not eligible as a count unless --all),
lines that fit the terminal (COLUMNS, the tty's width, 80 for a pipe), amounts lined up by
display width, every word in the chosen language (the rule set's labels), the JSON's too.

    text_outcome.py SSIS ROOT WORK_DIR
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

import pexpect

ssis, root, work = sys.argv[1], sys.argv[2], sys.argv[3]
kr, vn = f"{root}/rules/kr", f"{root}/rules/vn"
family = f"{root}/examples/households/gyeonggi_family_of_four.json"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def run(*args: str, columns: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns:
        env["COLUMNS"] = columns
    return subprocess.run([ssis, *args], check=True, capture_output=True, text=True, env=env).stdout


def widest(text: str) -> int:
    return max(width(line) for line in text.splitlines())


# A pipe without COLUMNS: 80 columns; COLUMNS narrows or widens it.
text = run("eval", kr, family, "--date", "2025-06-01")
assert widest(text) <= 80, widest(text)
assert widest(run("eval", kr, family, "--date", "2025-06-01", columns="60")) <= 60
assert widest(run("eval", kr, family, "--date", "2025-06-01", "--lang", "ko", columns="50")) <= 50
assert 80 < widest(run("eval", kr, family, "--date", "2025-06-01", "--all", columns="200")) <= 200

# A terminal: its width.
child = pexpect.spawn(ssis, ["eval", kr, family, "--date", "2025-06-01", "--all"], encoding="utf-8", timeout=30,
                      dimensions=(50, 110), env={k: v for k, v in os.environ.items() if k != "COLUMNS"})
tty = child.read()
child.close()
assert 80 < widest(tty.replace("\r", "")) <= 110, widest(tty)

# Grouped: eligible, then undetermined under the next questions, then a count.
headings = [line for line in text.splitlines() if line and not line.startswith(" ")]
assert headings[0].startswith("Household gyeonggi-family-of-four — rule set kr version 1, evaluated on"), headings
assert headings[1].startswith("Eligible ("), headings
assert headings[2].startswith("Undetermined — these questions would settle it ("), headings
# The receipt under the first line: the rule set's fingerprint and the input's hash.
receipt = text.split("\n\n")[0]
assert re.search(r"fingerprint\s+sha256:[0-9a-f]{64}\s+input\s+sha256:[0-9a-f]{64}$", receipt), receipt
assert re.fullmatch(r"Not eligible: \d+ programmes \(--all lists them\)", headings[-1]), headings
assert "  Next questions (best first)\n    1. " in text
assert "      settled by questions " in text
assert "/ once" not in text and "/ month" not in text
# An amount with its currency and period; a once-only amount reads as such.
assert re.search(r"  NBLS livelihood benefit +[\d,]+ KRW a month\n", text), text
assert re.search(r"[\d,]+ KRW once-only\n", text)
# Eligible: the ministry and the legal basis under the name.
assert "      Ministry of Health and Welfare · legal basis: 국민기초생활 보장법 제8조\n" in text

# --all lists each programme not eligible with the description of each criterion it fails.
everything = run("eval", kr, family, "--date", "2025-06-01", "--all", columns="400")
assert "Not eligible (" in everything and "--all lists them" not in everything
assert "not met: " in everything
failed = [line for line in everything.splitlines() if line.startswith("      not met: ")]
assert failed and not any(re.fullmatch(r"      not met: [a-z_]+(; [a-z_]+)*", line) for line in failed), failed[:3]

# Korean: the rule set's labels, amounts in 원 lined up by display width.
korean = run("eval", kr, family, "--date", "2025-06-01", "--lang", "ko")
assert "받을 수 있음 (" in korean and "판정 보류 — 다음 질문에 답하면 정해짐 (" in korean, korean[:400]
assert "  다음 질문 (먼저 물을 것부터)" in korean and "가구원 " in korean
assert re.search(r"받을 수 없음: \d+ 개 사업 \(--all 로 모두 보기\)", korean)
for english in ("Eligible", "Undetermined", "Not eligible", "a month", "KRW", "legal basis", "settled by", "member "):
    assert english not in korean, english
section = korean.split("\n\n")[1].splitlines()
ends = {width(line) for line in section if line.startswith("  ") and re.search(r"\d 원 \S+$", line)}
assert len(ends) == 1 and any(width(line) != len(line) for line in section), ends
assert re.search(r"[\d,]+ 원 매월\n", korean)

# Vietnamese, from rules/vn's labels: a poor rural household with one member aged 82.
os.makedirs(work, exist_ok=True)
elder = f"{work}/elder.json"
with open(elder, "w") as out:
    deprivations = ["employment", "dependants", "nutrition", "health_insurance", "adult_education",
                    "child_school_attendance", "housing_quality", "housing_area", "water_source", "hygienic_latrine",
                    "telecom_services", "information_access_means"]
    json.dump({"id": "elder", "area": "rural", "monthly_income": 1000000,
               **{f"dep22_{d}": i < 3 for i, d in enumerate(deprivations)},
               "members": [{"birth_date": "1942-03-01", "has_supporter_outside_household": False,
                            "community_care_instead_of_institution": False, "receives_pension": False,
                            "receives_monthly_social_insurance_benefit": False, "receives_monthly_social_allowance": False,
                            "disability_degree": "none", "has_hiv": False}]}, out)
vietnamese = run("eval", vn, elder, "--date", "2025-06-01", "--lang", "vi")
assert "Đủ điều kiện (" in vietnamese, vietnamese[:600]
assert re.search(r"Không đủ điều kiện: \d+ chương trình \(--all để liệt kê\)", vietnamese), vietnamese
assert re.search(r"[\d,]+ đồng mỗi tháng\n", vietnamese), vietnamese
for english in ("Eligible", "Undetermined", "Not eligible", "a month", "VND", "settled by"):
    assert english not in vietnamese, english

# The JSON speaks the chosen language too.
outcome = json.loads(run("eval", kr, family, "--date", "2025-06-01", "--format", "json", "--lang", "ko"))
assert outcome["language"] == "ko"
livelihood = next(p for p in outcome["programmes"] if p["id"] == "nbls_livelihood")
assert livelihood["name"] == "생계급여(맞춤형 급여)" and livelihood["ministry"] == "보건복지부", livelihood
assert re.fullmatch(r"[\d,]+ 원 매월", livelihood["amount_text"]), livelihood["amount_text"]
assert all("ministry" in p and "period" in p and "requires" in p for p in outcome["programmes"])
print("text outcome: ok")
