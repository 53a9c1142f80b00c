"""The screening page in headless Chromium (Selenium): a household entered fact by fact
through the form, the programmes and amounts shown equal to the API's answer, the language
switched to Korean, an explanation opened, the benefit-cliff chart drawn, and a screenshot
saved as WORK_DIR/page.png. Exits 77 (skipped) only when Chromium or its driver is absent.

    page_test.py SSIS REPOSITORY WORK_DIR
"""
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from server import Failures, Server, fresh_directory  # noqa: E402

ssis, root, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
chromium = shutil.which("chromium")
driver_path = shutil.which("chromedriver")
if not chromium or not driver_path:
    print("SKIP: Chromium or chromedriver is not installed (Debian: chromium, chromium-driver)")
    sys.exit(77)
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

fresh_directory(work)
failures = Failures()
check = failures.check


DATE = "2025-09-24"
entered = json.loads((root / "examples/households/gyeonggi_family_of_four.json").read_text())
entered.pop("id")

server = Server(ssis, [str(root / "rules/kr")], work / "serve.log")
options = webdriver.ChromeOptions()
options.binary_location = chromium
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,2200",
                 "--lang=en-US"):
    options.add_argument(argument)
browser = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options) \
    if hasattr(webdriver, "ChromeService") else webdriver.Chrome(service=webdriver.chrome.service.Service(driver_path), options=options)
wait = WebDriverWait(browser, 30)
try:
    browser.get(f"http://127.0.0.1:{server.port}/?ruleset=kr&lang=en")
    wait.until(lambda b: b.find_elements(By.ID, "m0-birth_date"))
    browser.execute_script("document.getElementById('date').value = arguments[0];", DATE)

    # One fact as a person enters it: its name chosen in the record's search box (a change
    # event), then its value typed or picked (input and change events). In one script per
    # fact, so that the test stays short on a busy machine.
    enter_fact = """
        const [prefix, name, value] = arguments;
        if (!document.getElementById(`${prefix}-${name}`)) {
          const box = document.querySelector(`input.add-fact[list='${prefix}-fields']`);
          box.value = name;
          box.dispatchEvent(new Event('change'));
        }
        const input = document.getElementById(`${prefix}-${name}`);
        if (!input) return `no input for ${prefix}-${name}`;
        input.value = input.tagName === 'SELECT' ? JSON.stringify(value) : String(value);
        if (input.value !== (input.tagName === 'SELECT' ? JSON.stringify(value) : String(value))) return `${name}: ${value} not taken`;
        input.dispatchEvent(new Event('input'));
        input.dispatchEvent(new Event('change'));
        return '';
    """

    def enter(prefix, name, value):
        problem = browser.execute_script(enter_fact, prefix, name, value)
        check(problem == "", problem)

    for name, value in entered.items():
        if name != "members":
            enter("hh", name, value)
    for index, member in enumerate(entered["members"]):
        if index > 0:
            browser.find_element(By.ID, "add-member").click()
            wait.until(lambda b: b.find_elements(By.ID, f"m{index}-birth_date"))
        for name, value in member.items():
            enter(f"m{index}", name, value)

    # The page shows what it sent once the answer is shown: wait for the household as entered.
    def shown_household(b):
        try:
            return json.loads(b.find_element(By.ID, "json-text").get_property("value")) == entered
        except json.JSONDecodeError:
            return False
    wait.until(shown_household)
    time.sleep(0.5)

    status, _, answer = server.json("POST", f"/v1/kr/evaluate?date={DATE}&lang=en", entered)
    check(status == 200, f"the API: {status}")
    _, _, listed = server.json("GET", f"/v1/kr/programmes?date={DATE}")
    names = {p["id"]: p["name"] for p in listed["programmes"]}
    expected = {p["id"]: p["amount"] or "" for p in answer["programmes"] if p["status"] == "eligible" and p["in_force"]}
    rows = browser.find_elements(By.CSS_SELECTOR, "#eligible tr.programme")
    shown = {row.get_attribute("data-programme"): row.get_attribute("data-amount") for row in rows}
    check(shown == expected, f"eligible programmes shown differ from the API:\n{shown}\n{expected}")
    check(len(expected) > 5, f"only {len(expected)} eligible programmes")
    for row in rows:
        programme = row.get_attribute("data-programme")
        check(row.find_elements(By.TAG_NAME, "td")[0].text == names[programme]["en"], f"{programme}: English name")
        amount = expected[programme]
        if amount:
            check(f"{int(float(amount)):,}" in row.find_elements(By.TAG_NAME, "td")[1].text, f"{programme}: amount {amount} not shown")
    undetermined = {p["id"] for p in answer["programmes"] if p["status"] == "undetermined" and p["in_force"]}
    check({r.get_attribute("data-programme") for r in browser.find_elements(By.CSS_SELECTOR, "#undetermined tr.programme")} == undetermined,
          "undetermined programmes shown differ from the API")
    questions = [q.get_attribute("data-path") for q in browser.find_elements(By.CSS_SELECTOR, "#questions li")]
    check(questions == [q["path"] for q in answer["questions"][:10]], f"questions shown: {questions}")

    # An explanation on click: the programme's criteria.
    first = rows[0]
    first.click()
    explanation = wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#eligible tr.explanation li"))
    criteria = next(p for p in answer["programmes"] if p["id"] == first.get_attribute("data-programme"))["criteria"]
    check(len(explanation) >= len(criteria) > 0, "the explanation does not list the criteria")

    # The benefit-cliff chart from the what-if sweep.
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#chart svg path.net"))

    # Korean: the headings and the programme names change.
    Select(browser.find_element(By.ID, "language")).select_by_value("ko")
    wait.until(lambda b: b.find_element(By.CSS_SELECTOR, "h2[data-text=eligible]").text == "받을 수 있는 서비스")
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#questions li")
               and b.find_element(By.ID, "status").text.startswith("수급 가능"))
    for row in browser.find_elements(By.CSS_SELECTOR, "#eligible tr.programme"):
        name = names[row.get_attribute("data-programme")]
        check(row.find_elements(By.TAG_NAME, "td")[0].text == name.get("ko", name["en"]), "Korean name")
    _, _, korean = server.json("POST", f"/v1/kr/evaluate?date={DATE}&lang=ko", entered)
    shown_questions = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "#questions li")]
    check(shown_questions and shown_questions[0].startswith(korean["questions"][0]["question"]), f"Korean questions: {shown_questions[:1]}")
    browser.save_screenshot(str(work / "page.png"))

    # With a token file the page is refused until the token is entered; then it works.
    tokens = work / "tokens"
    tokens.write_text("page-test 0123456789abcdef0123\n")
    guarded = Server(ssis, [f"m={root / 'tests/data/mini'}", "--token-file", str(tokens)], work / "serve_tokens.log")
    try:
        browser.get(f"http://127.0.0.1:{guarded.port}/?ruleset=m&lang=en")
        wait.until(lambda b: "bearer token" in b.find_element(By.ID, "status").text)
        browser.find_element(By.ID, "token").send_keys("0123456789abcdef0123\t")
        wait.until(lambda b: b.find_elements(By.ID, "m0-birth_date"))
        enter("hh", "region", "city")
        enter("m0", "birth_date", "1950-01-01")
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#undetermined tr.programme"))
        check("page-test" in guarded.log.read_text(), "the token's holder is not in the log")
    finally:
        guarded.stop()
    check((work / "page.png").stat().st_size > 10_000, "the screenshot")
    # Script errors, not the 400s of the households still incomplete while they were typed.
    logs = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE" and entry["source"] != "network"]
    check(not logs, f"browser errors: {logs}")
finally:
    browser.quit()
    server.stop()

print(f"page: {len(failures)} failure(s); screenshot {work / 'page.png'}")
sys.exit(1 if failures else 0)
