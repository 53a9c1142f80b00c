"""`ssis serve` end to end: every route against the OpenAPI document (docs/openapi.json) and
against the command line's own answers, the refusals (400 with the field path, 401, 404, 413,
415), bearer tokens and a non-loopback bind, the access log, a reload refused for a broken
rule set while the old one keeps serving, requests during reloads, and SIGTERM.

    service_test.py SSIS REPOSITORY WORK_DIR
"""
import hashlib
import hmac
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema

sys.path.insert(0, str(Path(__file__).parent))
from server import Failures, Server, fresh_directory  # noqa: E402

ssis, root, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
fresh_directory(work)
failures = Failures()
check = failures.check


openapi = json.loads((root / "docs/openapi.json").read_text())
outcome_schema = json.loads((root / "docs/outcome.schema.json").read_text())
base = outcome_schema["$id"].rsplit("/", 1)[0] + "/openapi.json"
resolver = jsonschema.RefResolver(base, openapi, store={outcome_schema["$id"]: outcome_schema})
checked = set()  # (path, method, status) checked against the document


def conforms(path, method, status, headers, body):
    """The response against the document's schema for this path, method and status."""
    responses = openapi["paths"][path][method]["responses"]
    check(str(status) in responses, f"{method} {path}: status {status} is not in docs/openapi.json")
    if str(status) not in responses:
        return
    content = responses[str(status)]["content"]
    media = headers.get("content-type", "").split(";")[0]
    check(media in content, f"{method} {path} {status}: content type {media} is not in docs/openapi.json")
    if media not in content:
        return
    document = json.loads(body) if "json" in media else body.decode()
    try:
        jsonschema.Draft202012Validator(content[media]["schema"], resolver=resolver).validate(document)
    except jsonschema.ValidationError as e:
        check(False, f"{method} {path} {status}: {e.message} at {list(e.absolute_path)}")
    for name in responses[str(status)].get("headers", {}):
        if name != "SSIS-Date" or path not in ("/v1/{ruleset}/schema",):
            check(name.lower() in headers, f"{method} {path} {status}: no {name} header")
    checked.add((path, method, status))


def call(server, method, path, route, body=None, expected=200, **kwargs):
    status, headers, data = server.request(method.upper(), path, body, **kwargs)
    check(status == expected, f"{method.upper()} {path}: status {status}, expected {expected}: {data[:300]!r}")
    conforms(route, method, status, headers, data)
    return headers, data


# The rule sets: a copy of tests/data/mini that the test breaks and mends, and rules/vn.
mini = work / "mini"
shutil.copytree(root / "tests/data/mini", mini)
household = json.loads((root / "tests/data/mini_household.json").read_text())
tokens = work / "tokens"
tokens.write_text("# name token\ncaseworker-kim  0123456789abcdef0123\nauditor 9876543210fedcba9876\n")
salt = work / "salt"
salt.write_text("a secret salt of the audit\n")
access_log = work / "access.log"

# A non-loopback address without a token file is refused.
refused = subprocess.run([ssis, "serve", f"m={mini}", "--bind", "0.0.0.0", "--port", "0"], capture_output=True, text=True, timeout=60)
check(refused.returncode == 2 and "--token-file" in refused.stderr, f"non-loopback bind without tokens: {refused.returncode} {refused.stderr}")
# A token file with a short token names its line.
short = work / "short_tokens"
short.write_text("someone short\n")
refused = subprocess.run([ssis, "serve", f"m={mini}", "--token-file", str(short), "--port", "0"], capture_output=True, text=True, timeout=60)
check(refused.returncode == 2 and f"{short}:1:" in refused.stderr, f"short token: {refused.stderr}")
# A broken rule set is not served at start.
broken_start = subprocess.run([ssis, "serve", f"m={root / 'tests/data'}", "--port", "0"], capture_output=True, text=True, timeout=60)
check(broken_start.returncode == 1, f"a directory without ruleset.yaml: exit {broken_start.returncode}")

server = Server(ssis, [f"m={mini}", str(root / "rules/vn"), "--token-file", str(tokens), "--access-log", str(access_log),
                       "--audit-salt-file", str(salt), "--max-body", "65536", "--timeout", "1", "--threads", "8"],
                work / "serve.log", token="0123456789abcdef0123")
try:
    # Evaluations: the same bytes as `ssis eval --format json`.
    household_file = work / "household.json"
    household_file.write_text(json.dumps(household))
    for query, options in (("date=2025-09-24", []), ("date=2025-09-24&explain=true&lang=ko", ["--explain", "--lang", "ko"])):
        expected = subprocess.run([ssis, "eval", str(mini), str(household_file), "--date", "2025-09-24", "--format", "json", *options],
                                  check=True, capture_output=True).stdout
        headers, data = call(server, "post", f"/v1/m/evaluate?{query}", "/v1/{ruleset}/evaluate", household)
        check(data == expected, f"evaluate ?{query} differs from ssis eval:\n{data[:400]!r}\n{expected[:400]!r}")
        check(headers.get("ssis-date") == "2025-09-24" and re.fullmatch(r"sha256:[0-9a-f]{64}", headers.get("ssis-fingerprint", "")), f"receipt headers: {headers}")
    pair = [household, dict(household, id="h2")]
    household_file.write_text(json.dumps(pair))
    expected = subprocess.run([ssis, "eval", str(mini), str(household_file), "--date", "2025-09-24", "--format", "json"],
                              check=True, capture_output=True).stdout
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-09-24", "/v1/{ruleset}/evaluate", pair)
    check(data == expected and len(json.loads(data)) == 2, "a list of households differs from ssis eval")
    _, data = call(server, "post", "/v1/m/questions?date=2025-09-24", "/v1/{ruleset}/questions", household)
    check(json.loads(data)["questions"][0]["path"] == "members[0].needs_assessment", f"questions: {data[:300]!r}")
    call(server, "post", "/v1/m/questions", "/v1/{ruleset}/questions", pair, expected=413)
    # Fewer questions, and no relied_on: the same programmes, the first questions of the full list.
    full = json.loads(expected)[0]
    check(len(full["questions"]) > 1, f"the household has more than one question: {full['questions']}")
    for query in ("questions=1", "questions=1&relied_on=false", "questions=0&relied_on=0"):
        _, data = call(server, "post", f"/v1/m/evaluate?date=2025-09-24&{query}", "/v1/{ruleset}/evaluate", household)
        lean = json.loads(data)
        check(lean["programmes"] == full["programmes"], f"?{query}: the programmes differ from the full answer")
        check(lean["questions"] == full["questions"][:int(query[10])], f"?{query}: questions {lean['questions']}")
        check(("relied_on" in lean) == ("relied_on=" not in query) and lean.get("relied_on", full["relied_on"]) == full["relied_on"],
              f"?{query}: relied_on")
    # The decisions alone: each programme's decision fields as the full answer has them.
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-09-24&view=decisions&questions=2", "/v1/{ruleset}/evaluate", household)
    decisions = json.loads(data)
    kept = ("id", "in_force", "period", "status", "amount", "missing", "excluded_by", "kept_instead", "requires", "error")
    check([{k: v for k, v in p.items() if k in kept} for p in full["programmes"]] == decisions["programmes"],
          f"view=decisions: {decisions['programmes'][:2]}")
    check(decisions["questions"] == full["questions"][:2] and decisions["relied_on"] == full["relied_on"], "view=decisions: questions")
    # Without the missing facts: the same decisions, "missing" null, no questions to rank.
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-09-24&view=decisions&missing=false&relied_on=false", "/v1/{ruleset}/evaluate",
                   household)
    unnamed = json.loads(data)
    check([dict(p, missing=None) for p in decisions["programmes"]] == unnamed["programmes"], f"missing=false: {unnamed['programmes'][:2]}")
    check(any(p["missing"] for p in decisions["programmes"]) and unnamed["questions"] == [] and "relied_on" not in unnamed,
          "missing=false: questions and relied_on")
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-09-24&missing=false&questions=0", "/v1/{ruleset}/evaluate", household)
    check(json.loads(data)["programmes"] == [dict(p, missing=None, units=[dict(u, missing=None) for u in p["units"]]) if "units" in p
                                             else dict(p, missing=None) for p in full["programmes"]], "missing=false in the full view")

    _, data = call(server, "get", "/v1/vn/programmes?date=2025-09-24", "/v1/{ruleset}/programmes")
    listed = json.loads(data)
    check(listed["receipt"]["rule_set"] == "vn" and len(listed["programmes"]) > 0, "vn programmes")
    first = listed["programmes"][0]["id"]
    _, data = call(server, "get", f"/v1/vn/programmes/{first}", "/v1/{ruleset}/programmes/{id}")
    check(json.loads(data)["programme"]["id"] == first, "one programme")
    call(server, "get", "/v1/vn/programmes/no_such_programme", "/v1/{ruleset}/programmes/{id}", expected=404)

    # The JSON Schema: the same as `ssis schema --format json-schema`; it accepts the household and
    # rejects what the service rejects.
    _, data = call(server, "get", "/v1/m/schema", "/v1/{ruleset}/schema")
    expected = subprocess.run([ssis, "schema", str(mini), "--format", "json-schema"], check=True, capture_output=True).stdout
    check(data == expected, "the schema route differs from ssis schema --format json-schema")
    input_schema = json.loads(data)
    jsonschema.Draft202012Validator.check_schema(input_schema)
    validator = jsonschema.Draft202012Validator(input_schema)
    check(validator.is_valid(household) and validator.is_valid(pair), "the household does not fit the JSON Schema")
    for bad in (dict(household, unknown_field=1), dict(household, members=[]), dict(household, region="nowhere"),
                {"members": [{"birth_date": "1950-01-01", "earned_income": -5}]}):
        check(not validator.is_valid(bad), f"the JSON Schema accepts {bad}")
        status, _, _ = server.request("POST", "/v1/m/evaluate?date=2025-09-24", bad)
        check(status == 400, f"the service accepts {bad}")
    for example in sorted((root / "examples/households").glob("*.json")):
        kr_schema = json.loads(subprocess.run([ssis, "schema", str(root / "rules/kr"), "--format", "json-schema"], check=True,
                                              capture_output=True).stdout)
        jsonschema.Draft202012Validator.check_schema(kr_schema)
        check(jsonschema.Draft202012Validator(kr_schema).is_valid(json.loads(example.read_text())), f"{example.name} against the kr schema")
        break

    # What-if: the same as `ssis whatif --format json`.
    household_file.write_text(json.dumps(household))
    vary = "members[0].earned_income=0:2000000:250000"
    expected = subprocess.run([ssis, "whatif", str(mini), str(household_file), "--vary", vary, "--format", "json", "--date", "2025-09-24"],
                              check=True, capture_output=True).stdout
    _, data = call(server, "post", "/v1/m/whatif?date=2025-09-24&vary=members%5B0%5D.earned_income%3D0%3A2000000%3A250000",
                   "/v1/{ruleset}/whatif", household)
    check(data == expected, "whatif differs from ssis whatif")
    call(server, "post", "/v1/m/whatif?vary=members%5B5%5D.earned_income%3D0%3A10%3A1", "/v1/{ruleset}/whatif", household, expected=400)

    _, data = call(server, "get", "/healthz", "/healthz", token="")
    check([r["name"] for r in json.loads(data)["rule_sets"]] == ["m", "vn"], "healthz rule sets")
    _, data = call(server, "get", "/openapi.json", "/openapi.json", token="")
    check(json.loads(data) == openapi, "/openapi.json is not docs/openapi.json")
    _, data = call(server, "get", "/outcome.schema.json", "/outcome.schema.json", token="")
    check(json.loads(data) == outcome_schema, "/outcome.schema.json")
    _, data = call(server, "get", "/", "/", token="")
    check(b"<html" in data, "the page")

    # Refusals.
    _, data = call(server, "post", "/v1/m/evaluate", "/v1/{ruleset}/evaluate", b'{"members": [', expected=400)
    error = json.loads(data)["error"]
    check(error["kind"] == "invalid_json" and error["line"] == 1 and error["column"] == 14, f"malformed JSON: {error}")
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-09-24", "/v1/{ruleset}/evaluate",
                   [household, {"region": "city", "members": [{"birth_date": "2025-02-30"}]}], expected=400)
    check(json.loads(data)["error"]["path"] == "[1].members[0].birth_date", f"field path: {data!r}")
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-13-01", "/v1/{ruleset}/evaluate", household, expected=400)
    check(json.loads(data)["error"]["path"] == "date", "bad date")
    _, data = call(server, "post", "/v1/m/evaluate?dates=2025-01-01", "/v1/{ruleset}/evaluate", household, expected=400)
    check(json.loads(data)["error"]["path"] == "dates", "unknown parameter")
    _, data = call(server, "post", "/v1/m/evaluate?lang=xx", "/v1/{ruleset}/evaluate", household, expected=400)
    check(json.loads(data)["error"]["path"] == "lang", "unknown language")
    for query, path in (("questions=-1", "questions"), ("questions=two", "questions"), ("questions=", "questions"),
                        ("relied_on=maybe", "relied_on"), ("explain=yes", "explain"), ("view=brief", "view"),
                        ("missing=no", "missing"), ("missing=false&questions=3", "questions")):
        _, data = call(server, "post", f"/v1/m/evaluate?{query}", "/v1/{ruleset}/evaluate", household, expected=400)
        check(json.loads(data)["error"]["path"] == path, f"?{query}: {data!r}")
    crowded = dict(household, members=[{"birth_date": "1990-01-01"}] * 101)
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-09-24", "/v1/{ruleset}/evaluate", crowded, expected=400)
    check(json.loads(data)["error"]["path"] == "members", f"101 members: {data!r}")
    call(server, "post", "/v1/nowhere/evaluate", "/v1/{ruleset}/evaluate", household, expected=404)
    call(server, "post", "/v1/m/evaluate", "/v1/{ruleset}/evaluate", household, token="wrong-token-0000000", expected=401)
    call(server, "post", "/v1/m/evaluate", "/v1/{ruleset}/evaluate", household, token="", expected=401)
    call(server, "post", "/v1/m/evaluate", "/v1/{ruleset}/evaluate", "region=city", content_type="application/x-www-form-urlencoded",
         expected=415)
    chunked = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    chunked.request("POST", "/v1/m/evaluate", body=iter([b"[", b"{}]"]), encode_chunked=True,
                    headers={"Content-Type": "application/json", "Authorization": f"Bearer {server.token}"})
    response = chunked.getresponse()
    conforms("/v1/{ruleset}/evaluate", "post", response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    check(response.status == 411, f"a body in chunks: {response.status}")
    chunked.close()
    big = [dict(household, id=f"h{i}") for i in range(2000)]
    call(server, "post", "/v1/m/evaluate", "/v1/{ruleset}/evaluate", big, expected=413)
    call(server, "get", "/metrics", "/metrics", token="", expected=401)
    status, headers, data = server.request("GET", "/no/such/route")
    check(status == 404 and json.loads(data)["error"]["kind"] == "not_found", "unknown route")

    def raw_exchange(data: bytes) -> bytes:
        """What the service answers to bytes sent as they are, until it closes or 10 s pass."""
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall(data)
            raw.settimeout(10)
            received = b""
            while chunk := raw.recv(65536):
                received += chunk
                if b"\r\n\r\n" in received and b"Connection: close" not in received and b"HTTP/1.1 100" not in received[:12]:
                    head, _, rest = received.partition(b"\r\n\r\n")
                    length = re.search(rb"Content-Length: (\d+)", head)
                    if length and len(rest) >= int(length.group(1)):
                        break
            return received

    # Bytes that are not HTTP, and a header over the size limit: 400 with a request id, connection closed.
    for garbage in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"):
        answer = raw_exchange(garbage)
        check(answer.startswith(b"HTTP/1.1 400") and b"X-Request-Id" in answer and b'"bad_request"' in answer, f"not HTTP: {answer[:200]!r}")
    # Expect: 100-continue (as curl sends for a body over 1 KB): the service says to continue, then answers.
    body = json.dumps(household).encode()
    answer = raw_exchange(b"POST /v1/m/evaluate?date=2025-09-24 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          + f"Authorization: Bearer {server.token}\r\nExpect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n".encode())
    check(answer.startswith(b"HTTP/1.1 100 Continue"), f"Expect: 100-continue: {answer[:100]!r}")
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(b"POST /v1/m/evaluate?date=2025-09-24 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + f"Authorization: Bearer {server.token}\r\nExpect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        raw.settimeout(10)
        check(raw.recv(100).startswith(b"HTTP/1.1 100 Continue"), "no 100 Continue")
        raw.sendall(body)
        answer = b""
        while b"\r\n\r\n" not in answer or b'"receipt"' not in answer:
            chunk = raw.recv(65536)
            if not chunk:
                break
            answer += chunk
        check(answer.startswith(b"HTTP/1.1 200"), f"the body after 100 Continue: {answer[:100]!r}")
    # HTTP/1.0, and a programme id sent percent-encoded.
    answer = raw_exchange(b"GET /healthz HTTP/1.0\r\n\r\n")
    check(answer.startswith(b"HTTP/1.0 200") and b'"status":"ok"' in answer, f"HTTP/1.0: {answer[:100]!r}")
    escaped = "".join(f"%{b:02X}" for b in first.encode())
    _, data = call(server, "get", f"/v1/vn/programmes/{escaped}", "/v1/{ruleset}/programmes/{id}")
    check(json.loads(data)["programme"]["id"] == first, "a percent-encoded programme id")
    # Idle kept-alive connections, more than the service's threads (8 here), hold no thread:
    # a request on a new connection is answered at once.
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(40)]
    for connection in idle[:20]:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        connection.settimeout(10)
        connection.recv(65536)
    started = time.monotonic()
    status, _, _ = server.request("GET", "/healthz")
    check(status == 200 and time.monotonic() - started < 0.5, f"a request behind 40 idle connections: {time.monotonic() - started:.2f} s")
    for connection in idle:
        connection.close()

    # A request that stops half-way is dropped after the timeout (1 s here), not waited for.
    with socket.create_connection(("127.0.0.1", server.port)) as half:
        half.sendall(b"POST /v1/m/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"mem")
        half.settimeout(10)
        started = time.monotonic()
        answer = half.recv(4096)
        check(time.monotonic() - started < 5, "a half-sent request held its connection past the timeout")

    # A second service on the same port fails instead of sharing it.
    second = subprocess.run([ssis, "serve", f"m={mini}", "--port", str(server.port)], capture_output=True, text=True, timeout=60)
    check(second.returncode == 2 and "cannot be bound" in second.stderr, f"a port in use: {second.returncode} {second.stderr[-200:]}")

    # Metrics: requests, the latency histogram and errors by kind.
    _, data = call(server, "get", "/metrics", "/metrics")
    metrics = data.decode()
    for line in ('ssis_requests_total{route="POST /v1/{ruleset}/evaluate",status="200"}',
                 'ssis_request_duration_seconds_bucket{route="POST /v1/{ruleset}/evaluate",le="+Inf"}',
                 'ssis_errors_total{kind="invalid_json"} 1', 'ssis_errors_total{kind="unauthorized"} 3',
                 'ssis_errors_total{kind="unknown_rule_set"} 1', 'ssis_errors_total{kind="body_too_large"}'):
        check(line in metrics, f"metrics lack {line}")

    # Reload: a broken rule set is refused and the old one keeps serving; a mended one is swapped in.
    _, _, before = server.json("GET", "/healthz")
    ruleset_yaml = mini / "ruleset.yaml"
    good = ruleset_yaml.read_text()
    programme_file = mini / "programmes/support.yaml"
    programme_text = programme_file.read_text()
    programme_file.write_text(programme_text.replace("condition: income <= threshold", "condition: income <= no_such_thing"))
    _, data = call(server, "post", "/admin/reload", "/admin/reload", expected=422)
    check("no_such_thing" in json.loads(data)["error"]["message"], f"reload diagnostics: {data[:300]!r}")
    server.process.send_signal(signal.SIGHUP)
    time.sleep(1)
    _, _, after = server.json("GET", "/healthz")
    check(after["rule_sets"] == before["rule_sets"], "a broken rule set replaced the one serving")
    _, data = call(server, "post", "/v1/m/evaluate?date=2025-09-24", "/v1/{ruleset}/evaluate", household)
    check(json.loads(data)["receipt"]["fingerprint"] == before["rule_sets"][0]["fingerprint"], "the old rule set does not serve")

    # Requests while the rule set is reloaded again and again: every one answered, on one
    # rule set or the other, never a mixture.
    programme_file.write_text(programme_text + "\n# reloaded\n")
    results = []
    stop = threading.Event()

    def evaluate_repeatedly():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        while not stop.is_set():
            connection.request("POST", "/v1/m/evaluate?date=2025-09-24", body=json.dumps(household),
                               headers={"Content-Type": "application/json", "Authorization": f"Bearer {server.token}"})
            response = connection.getresponse()
            body = response.read()
            results.append((response.status, json.loads(body)["receipt"]["fingerprint"] if response.status == 200 else body))
        connection.close()

    workers = [threading.Thread(target=evaluate_repeatedly) for _ in range(4)]
    for w in workers:
        w.start()
    reloads = []
    for i in range(6):
        programme_file.write_text(programme_text + f"\n# reload {i % 2}\n")
        reloads.append(server.json("POST", "/admin/reload")[0])
    stop.set()
    for w in workers:
        w.join()
    check(reloads == [200] * 6, f"reloads: {reloads}")
    check(len(results) > 0 and all(status == 200 for status, _ in results), f"requests lost during reloads: {[r for r in results if r[0] != 200][:3]}")
    _, _, after = server.json("GET", "/healthz")
    check(after["rule_sets"][0]["fingerprint"] != before["rule_sets"][0]["fingerprint"], "a mended rule set was not swapped in")

    # The access log: one line per request outside the public routes, who, the route, and the
    # household ids only as HMAC-SHA256 under the salt.
    log_lines = [json.loads(line) for line in access_log.read_text().splitlines()]
    key = salt.read_text().rstrip("\n").encode()
    digest = hmac.new(key, b"h1", hashlib.sha256).hexdigest()
    looked_up = [line for line in log_lines if digest in line["households"]]
    check(len(looked_up) > 10 and all(line["who"] == "caseworker-kim" for line in looked_up), "who looked at h1")
    check(any(line["who"] == "-" and line["status"] == 401 for line in log_lines), "refused requests are logged")
    check(all(set(line) == {"time", "request", "who", "route", "rule_set", "status", "households"} for line in log_lines), "access log fields")
    check(b'"h1"' not in access_log.read_bytes(), "a household id in clear in the access log")
    check(not any("/healthz" in line["route"] for line in log_lines), "public routes in the access log")

    # The request log names no household.
    request_log = server.log.read_text()
    # (the id as a token of its own: the log names the service's directories, which may contain "h1")
    check("request=" in request_log and not re.search(r"(?<![\w/.-])h1(?![\w/.-])", request_log)
          and "earned_income" not in request_log and "1950-01-01" not in request_log, "household data in the request log")

    # SIGTERM while a request is in flight (half its body sent): it is answered, then the service stops.
    body = json.dumps(household).encode()
    with socket.create_connection(("127.0.0.1", server.port)) as in_flight:
        in_flight.sendall(b"POST /v1/m/evaluate?date=2025-09-24 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          + f"Authorization: Bearer {server.token}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body[:10])
        time.sleep(0.2)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        in_flight.sendall(body[10:])
        in_flight.settimeout(10)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < 10:
            chunk = in_flight.recv(65536)
            if not chunk:
                break
            answer += chunk
    check(answer.startswith(b"HTTP/1.1 200"), f"the request in flight at SIGTERM: {answer[:100]!r}")
    code = server.process.wait(timeout=30)
    check(code == 0 and "stopped" in server.log.read_text(), f"SIGTERM: exit {code}")
finally:
    if server.process.poll() is None:
        server.process.kill()

missing = {(path, method) for path, methods in openapi["paths"].items() for method in methods} - {(p, m) for p, m, _ in checked}
check(not missing, f"routes never called: {missing}")
print(f"{len(checked)} route and status pairs checked against docs/openapi.json; {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
