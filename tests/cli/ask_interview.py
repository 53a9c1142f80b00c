"""`ssis ask` driven as a person would drive it (pexpect): on the rule set of the next
questions, answers one question at a time, sees programmes become eligible, gives a wrong
answer and a value out of range, skips a question, and saves the household it built; then
quits half-way in Korean and on end of input.

    ask_interview.py SSIS RULES WORK_DIR
"""
import json
import sys
from pathlib import Path

import pexpect

ssis, rules, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
work.mkdir(parents=True, exist_ok=True)
start = work / "start.json"
start.write_text('{"id": "walk-in", "members": [{}, {}]}')
saved = work / "saved.json"
saved.unlink(missing_ok=True)


def interview(*args: str) -> pexpect.spawn:
    return pexpect.spawn(ssis, ["ask", rules, *args, "--date", "2025-06-01"], encoding="utf-8", timeout=10)


child = interview(str(start), "--save", str(saved))
child.expect_exact("What is the household's monthly income? [fetch from Test Revenue Office: income records] [a number] (q: quit, s: skip)")
child.sendline("a lot")
child.expect_exact('Not an answer: "a lot"')
child.expect_exact("What is the household's monthly income?")
child.sendline("-5")  # below the field's minimum: taken back, asked again
child.expect_exact("Not an answer: income")
child.expect_exact("What is the household's monthly income?")
child.sendline("300")
child.expect_exact("Now eligible: Income support 100,000 KRW a month")
child.expect_exact("the household has a car [yes or no]")
child.sendline("s")  # skipped: not asked again
child.expect_exact("How much is the monthly rent? [a number]")
child.sendline("450")
child.expect_exact("Now eligible: Housing A")
child.expect_exact("Does the household own its home?")
child.sendline("no")
child.expect_exact("Now eligible: Housing B")
child.expect_exact("member 1: Is this person registered as disabled? [yes or no]")
child.sendline("no")
child.expect_exact("member 2: Is this person registered as disabled?")
child.sendline("yes")
child.expect_exact("Now eligible: Disability aid")
child.expect_exact("Nothing left to settle.")
child.expect_exact(f"Household saved to {saved}")
child.expect(pexpect.EOF)
child.close()
assert child.exitstatus == 0, child.exitstatus
household = json.loads(saved.read_text())
assert household == {"id": "walk-in", "income": 300, "rent": 450, "owns_home": False,
                     "members": [{"disabled": False}, {"disabled": True}]}, household

# The saved household starts the next interview: only the skipped question is left.
child = interview(str(saved))
child.expect_exact("the household has a car [yes or no]")
child.sendline("yes")
child.expect_exact("Now eligible: Car grant 50,000 KRW once-only")
child.expect_exact("Nothing left to settle.")
child.expect(pexpect.EOF)

# Quitting half-way in Korean, from one member and nothing known.
child = interview("--lang", "ko", "--save", str(saved))
child.expect_exact("가구의 월 소득은 얼마입니까? [기관에서 조회 Test Revenue Office: income records] [숫자] (q: 끝내기, s: 건너뛰기)")
child.sendline("q")
child.expect_exact(f"가구를 저장했습니다: {saved}")
child.expect(pexpect.EOF)
child.close()
assert child.exitstatus == 0
assert json.loads(saved.read_text()) == {"id": "interview", "members": [{}]}

# In Korean the rule set's labels name the currency and the period; a label it does not give
# in Korean (the yes-or-no hint) is English, and English answers are understood.
child = interview("--lang", "ko")
child.expect_exact("가구의 월 소득은 얼마입니까?")
child.sendline("300")
child.expect_exact("이제 받을 수 있음: 소득 지원 100,000 원 매월")
child.expect_exact("[yes or no]")
child.sendline("yes")
child.expect_exact("이제 받을 수 있음: 자동차 지원 50,000 원 once-only")
child.sendline("q")
child.expect(pexpect.EOF)

# End of input ends the interview as quitting does.
child = interview()
child.expect_exact("What is the household's monthly income?")
child.sendeof()
child.expect(pexpect.EOF)
child.close()
assert child.exitstatus == 0
# A household that cannot be interviewed is an error naming the file and the field.
no_members = work / "no_members.json"
no_members.write_text('{"members": []}')
child = interview(str(no_members))
child.expect_exact(f"{no_members}: members: a household has at least one member")
child.expect(pexpect.EOF)
child.close()
assert child.exitstatus == 2
bad = work / "bad.json"
bad.write_text('{"members": [{"disabled": "maybe"}]}')
child = interview(str(bad))
child.expect_exact(f"{bad}: ")
child.expect_exact("members[0].disabled")
child.expect(pexpect.EOF)
child.close()
assert child.exitstatus == 2
print("ask: ok")
