// The screening page: a household entered fact by fact (the facts a rule set takes come from
// its JSON Schema), evaluated by the service as it changes: eligible programmes with amounts
// and legal basis, the questions that settle the undetermined ones, each programme's
// explanation on click, and the benefit-cliff chart from a what-if sweep.
"use strict";

const TEXTS = {
  en: {
    title: "Benefit screening", ruleSet: "Rule set", language: "Language", date: "Date", token: "Token",
    household: "Household", members: "Members", member: "Member", addMember: "Add a member", remove: "Remove",
    addFact: "Add a fact…", json: "Household as JSON", jsonLoad: "Load", eligible: "Eligible",
    questions: "Questions that settle the rest", undetermined: "Undetermined", ineligible: "Not eligible",
    chart: "Benefit cliffs", chartField: "Income varied", chartUpTo: "Up to", ownIncome: "own income per month",
    netIncome: "net income", benefits: "benefits", cliff: "cliff at", yes: "yes", no: "no", unknown: "—",
    evaluating: "Evaluating…", programmesShown: (e, u) => `${e} eligible, ${u} undetermined`,
    settles: (n) => `settles ${n}`, inKind: "in kind", missing: "missing", legalBasis: "Legal basis",
    receipt: (r) => `Rule set ${r.rule_set}, ${r.fingerprint}, evaluated for ${r.date}`,
    period: { month: "/month", year: "/year", quarter: "/quarter", half_year: "/half year", semester: "/semester", day: "/day", hour: "/hour", once: " once" },
  },
  ko: {
    title: "복지 서비스 모의계산", ruleSet: "규칙", language: "언어", date: "기준일", token: "토큰",
    household: "가구", members: "가구원", member: "가구원", addMember: "가구원 추가", remove: "삭제",
    addFact: "항목 추가…", json: "가구 JSON", jsonLoad: "불러오기", eligible: "받을 수 있는 서비스",
    questions: "나머지를 판정할 질문", undetermined: "판정 보류", ineligible: "해당 없음",
    chart: "급여 절벽", chartField: "변동 소득", chartUpTo: "최대", ownIncome: "월 자체 소득",
    netIncome: "순소득", benefits: "급여", cliff: "절벽", yes: "예", no: "아니오", unknown: "—",
    evaluating: "판정 중…", programmesShown: (e, u) => `수급 가능 ${e}개, 판정 보류 ${u}개`,
    settles: (n) => `${n}개 판정`, inKind: "현물", missing: "필요한 정보", legalBasis: "근거 법령",
    receipt: (r) => `규칙 ${r.rule_set}, ${r.fingerprint}, 기준일 ${r.date}`,
    period: { month: "/월", year: "/년", quarter: "/분기", half_year: "/반기", semester: "/학기", day: "/일", hour: "/시간", once: " (1회)" },
  },
};

const page = {
  schema: null,       // the rule set's JSON Schema
  programmes: {},     // id -> the programme's summary
  records: [],        // the household's record, then each member's
  unknown: [],        // fields of a loaded household the rule set does not know
  lastOutcome: null,
  timer: null,
  generation: 0,      // of the newest evaluation asked for: older answers are dropped
};

const $ = (id) => document.getElementById(id);
const texts = () => TEXTS[$("language").value] || TEXTS.en;

function headers(json) {
  const sent = {};
  if (json) sent["Content-Type"] = "application/json";
  if ($("token").value) sent.Authorization = `Bearer ${$("token").value}`;
  return sent;
}

async function api(path, body) {
  const response = await fetch(path, body === undefined ? { headers: headers(false) }
    : { method: "POST", headers: headers(true), body: JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw Object.assign(new Error(data.error ? data.error.message : response.statusText), { detail: data.error });
  return data;
}

function applyTexts() {
  document.documentElement.lang = $("language").value;
  for (const element of document.querySelectorAll("[data-text]")) element.textContent = texts()[element.dataset.text];
  for (const element of document.querySelectorAll(".add-fact")) element.placeholder = texts().addFact;
  page.records.forEach((record, i) => { if (record.title) record.title.textContent = i ? `${texts().member} ${i}` : ""; });
}

// ---- the household form -------------------------------------------------------------------

function fieldInput(name, property) {
  const types = [].concat(property.type || []);
  let input;
  if (property.enum || types.includes("boolean")) {
    input = document.createElement("select");
    const values = property.enum ? property.enum.filter((v) => v !== null) : [true, false];
    input.appendChild(new Option(texts().unknown, ""));
    for (const value of values) {
      const label = value === true ? texts().yes : value === false ? texts().no : value;
      input.appendChild(new Option(label, JSON.stringify(value)));
    }
    input.dataset.kind = "json";
  } else if (property.format === "date") {
    input = document.createElement("input");
    input.type = "date";
    input.dataset.kind = "text";
  } else if (types.includes("integer") || types.includes("number")) {
    input = document.createElement("input");
    input.inputMode = "decimal";
    input.dataset.kind = "number";
  } else {
    input = document.createElement("input");
    input.dataset.kind = "text";
  }
  input.name = name;
  input.addEventListener("input", scheduleEvaluation);
  input.addEventListener("change", scheduleEvaluation);
  return input;
}

// The input of `name` in `record`, added when it is not shown yet; set to `value` when given.
function addFact(record, name, value) {
  const input = record.inputs.get(name) || newFact(record, name);
  if (input && value !== undefined && value !== null) input.value = input.dataset.kind === "json" ? JSON.stringify(value) : String(value);
  return input;
}

function newFact(record, name) {
  const property = record.properties[name];
  if (!property) return null;
  const row = document.createElement("div");
  row.className = "fact";
  const label = document.createElement("label");
  label.textContent = name;
  label.title = property.description || name;
  const input = fieldInput(name, property);
  input.id = `${record.prefix}-${name}`;
  label.htmlFor = input.id;
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "×";
  remove.title = texts().remove;
  remove.addEventListener("click", () => { row.remove(); record.inputs.delete(name); scheduleEvaluation(); });
  row.append(label, input, remove);
  record.facts.appendChild(row);
  record.inputs.set(name, input);
  return input;
}

function addRecord(level, values) {
  const definition = page.schema.$defs[level];
  const index = page.records.length;
  const record = { level, properties: definition.properties, inputs: new Map(), prefix: level === "household" ? "hh" : `m${index - 1}` };
  const box = document.createElement("div");
  box.className = "record";
  if (level === "member") {
    const heading = document.createElement("h3");
    record.title = document.createElement("span");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "×";
    remove.addEventListener("click", () => { removeMember(record); });
    heading.append(record.title, remove);
    box.appendChild(heading);
  }
  record.facts = document.createElement("div");
  box.appendChild(record.facts);
  const search = document.createElement("input");
  search.className = "add-fact";
  search.setAttribute("list", `${record.prefix}-fields`);
  const list = document.createElement("datalist");
  list.id = `${record.prefix}-fields`;
  for (const [name, property] of Object.entries(record.properties)) {
    if (name === "members") continue;
    list.appendChild(new Option(property.description ? `${name} — ${property.description}` : name, name));
  }
  search.addEventListener("change", () => {
    const input = addFact(record, search.value.split(" — ")[0].trim());
    search.value = "";
    if (input) input.focus();
  });
  box.append(search, list);
  record.box = box;
  (level === "household" ? $("household") : $("members")).appendChild(box);
  page.records.push(record);
  for (const name of definition.required || []) if (name !== "members") addFact(record, name);
  for (const [name, value] of Object.entries(values || {}))
    if (name !== "members" && name !== "id" && !addFact(record, name, value)) page.unknown.push(`${record.prefix === "hh" ? "" : `members[${index - 1}].`}${name}`);
  applyTexts();
  return record;
}

function removeMember(record) {
  if (page.records.length <= 2) return;  // a household has a member
  const values = page.records.slice(1).filter((r) => r !== record).map(recordValues);
  const household = recordValues(page.records[0]);
  household.members = values;
  buildForm(household);
  scheduleEvaluation();
}

function recordValues(record) {
  const values = {};
  for (const [name, input] of record.inputs) {
    const element = input.closest(".fact");
    element.classList.remove("invalid");
    if (input.value === "") continue;
    if (input.dataset.kind === "json") values[name] = JSON.parse(input.value);
    else if (input.dataset.kind === "number") {
      const number = Number(input.value.replace(/[ ,_]/g, ""));
      if (Number.isFinite(number)) values[name] = number;
      else element.classList.add("invalid");
    } else values[name] = input.value;
  }
  return values;
}

function household() {
  const values = recordValues(page.records[0]);
  values.members = page.records.slice(1).map(recordValues);
  return values;
}

// Builds the form for `values` (a household as JSON); says which of its fields the rule set
// does not know rather than dropping them unseen.
function buildForm(values) {
  page.unknown = [];
  $("household").replaceChildren();
  $("members").replaceChildren();
  page.records = [];
  addRecord("household", values);
  for (const member of (values && values.members) || [{}]) addRecord("member", member);
  fillChartFields();
  if (page.unknown.length) throw new Error(`unknown fields, not entered: ${page.unknown.join(", ")}`);
}

// ---- the outcome --------------------------------------------------------------------------

function programmeName(id) {
  const programme = page.programmes[id];
  if (!programme) return id;
  return programme.name[$("language").value] || programme.name.en || Object.values(programme.name)[0] || id;
}

function amountText(programme) {
  if (programme.amount === null) return programme.status === "eligible" ? texts().inKind : "";
  const period = page.programmes[programme.id] && page.programmes[programme.id].amount_period;
  return Number(programme.amount).toLocaleString() + (period ? texts().period[period] || "" : "");
}

function criterionMark(criterion) {
  if (criterion.value === true) return ["✓", "criterion-true"];
  if (criterion.value === false) return ["✗", "criterion-false"];
  return ["?", "criterion-unknown"];
}

function explanationRow(programme) {
  const row = document.createElement("tr");
  row.className = "explanation";
  const cell = row.insertCell();
  cell.colSpan = 3;
  const basis = page.programmes[programme.id] && page.programmes[programme.id].legal_basis;
  if (basis) cell.appendChild(Object.assign(document.createElement("p"), { textContent: `${texts().legalBasis}: ${basis}` }));
  const list = document.createElement("ul");
  const criteria = programme.criteria || [];
  for (const criterion of criteria) {
    const [mark, style] = criterionMark(criterion);
    const item = document.createElement("li");
    item.className = style;
    item.textContent = `${mark} ${criterion.description}`;
    for (const c of criterion.comparisons || []) {
      const detail = document.createElement("div");
      detail.textContent = `${c.expression}: ${c.left} ${c.op} ${c.right}` + (c.margin !== null && c.margin !== undefined ? ` (${c.margin})` : "");
      item.appendChild(detail);
    }
    list.appendChild(item);
  }
  for (const unit of programme.units || []) {
    const item = document.createElement("li");
    item.textContent = `${texts().member} ${unit.member + 1}: ${unit.status}` + (unit.amount ? ` ${Number(unit.amount).toLocaleString()}` : "");
    list.appendChild(item);
  }
  if ((programme.missing || []).length) {
    const item = document.createElement("li");
    item.className = "criterion-unknown";
    item.textContent = `${texts().missing}: ${programme.missing.join(", ")}`;
    list.appendChild(item);
  }
  cell.appendChild(list);
  return row;
}

function programmeTable(table, programmes) {
  table.replaceChildren();
  for (const programme of programmes) {
    const row = table.insertRow();
    row.className = "programme";
    row.dataset.programme = programme.id;
    row.dataset.amount = programme.amount === null ? "" : programme.amount;
    row.insertCell().textContent = programmeName(programme.id);
    const amount = row.insertCell();
    amount.className = "amount";
    amount.textContent = amountText(programme);
    const basis = row.insertCell();
    basis.className = "basis";
    basis.textContent = (page.programmes[programme.id] && page.programmes[programme.id].legal_basis) || "";
    row.addEventListener("click", () => {
      const next = row.nextElementSibling;
      if (next && next.classList.contains("explanation")) next.remove();
      else row.after(explanationRow(programme));
    });
  }
}

function showQuestions(questions) {
  const list = $("questions");
  list.replaceChildren();
  for (const question of questions.slice(0, 10)) {
    const item = document.createElement("li");
    item.dataset.path = question.path;
    item.textContent = question.question + " ";
    item.appendChild(Object.assign(document.createElement("span"), { className: "count", textContent: texts().settles(question.programmes) }));
    item.addEventListener("click", () => {
      const record = page.records[question.member === null ? 0 : question.member + 1];
      const input = record && addFact(record, question.field);
      if (input) input.focus();
    });
    list.appendChild(item);
  }
}

function showOutcome(outcome) {
  page.lastOutcome = outcome;
  const by = (status) => outcome.programmes.filter((p) => p.status === status && p.in_force);
  const eligible = by("eligible").sort((a, b) => Number(b.amount || 0) - Number(a.amount || 0));
  programmeTable($("eligible"), eligible);
  programmeTable($("undetermined"), by("undetermined"));
  programmeTable($("ineligible"), by("ineligible"));
  showQuestions(outcome.questions);
  $("status").className = "";
  $("status").textContent = texts().programmesShown(eligible.length, by("undetermined").length);
  $("receipt").textContent = texts().receipt(outcome.receipt);
}

function showError(error) {
  $("status").className = "error";
  const detail = error.detail || {};
  $("status").textContent = detail.path ? `${detail.path}: ${error.message}` : error.message;
  const match = /^(?:members\[(\d+)\]\.)?(\w+)$/.exec(detail.path || "");
  if (!match) return;
  const record = page.records[match[1] === undefined ? 0 : Number(match[1]) + 1];
  const input = record && record.inputs.get(match[2]);
  if (input) input.closest(".fact").classList.add("invalid");
}

function query(extra) {
  const parameters = new URLSearchParams();
  if ($("date").value) parameters.set("date", $("date").value);
  for (const [key, value] of Object.entries(extra)) parameters.append(key, value);
  return parameters.toString();
}

async function evaluate() {
  const generation = ++page.generation;
  const ruleSet = $("rule-set").value;
  const sent = household();
  $("status").textContent = texts().evaluating;
  try {
    const outcome = await api(`/v1/${ruleSet}/evaluate?${query({ explain: "true", questions: "10", relied_on: "false", lang: $("language").value })}`, sent);
    if (generation !== page.generation) return;
    showOutcome(outcome);
    $("json-text").value = JSON.stringify(sent, null, 2);
    await drawChart(sent, generation);
  } catch (error) {
    if (generation === page.generation) showError(error);
  }
}

function scheduleEvaluation() {
  clearTimeout(page.timer);
  page.timer = setTimeout(evaluate, 250);
}

// ---- the benefit-cliff chart ----------------------------------------------------------------

function fillChartFields() {
  const select = $("chart-field");
  const chosen = select.value;
  select.replaceChildren();
  const properties = page.schema.$defs.member.properties;
  const numeric = Object.keys(properties).filter((name) => [].concat(properties[name].type).includes("number"));
  const incomes = numeric.filter((name) => name.includes("income"));
  for (const name of incomes.length ? incomes : numeric) select.appendChild(new Option(name, name));
  if (chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
  else if (properties.earned_income) select.value = "earned_income";
}

async function drawChart(sent, generation) {
  const field = $("chart-field").value;
  const chart = $("chart");
  if (!field) { chart.replaceChildren(); return; }
  const current = Number((sent.members[0] || {})[field] || 0);
  const upTo = Number($("chart-up-to").value) || Math.max(2 * current, 5000000);
  const step = Math.max(1, Math.round(upTo / 50));
  const vary = `members[0].${field}=0:${upTo}:${step}`;
  try {
    const sweep = await api(`/v1/${$("rule-set").value}/whatif?${query({ vary, income: field })}`, sent);
    if (generation !== page.generation) return;
    drawBenefitCliffChart(chart, sweep, texts(), programmeName);
  } catch (error) {
    if (generation === page.generation) chart.textContent = error.message;
  }
}

// ---- the rule set ---------------------------------------------------------------------------

async function loadRuleSet(values) {
  const ruleSet = $("rule-set").value;
  const [schema, listed] = await Promise.all([api(`/v1/${ruleSet}/schema`), api(`/v1/${ruleSet}/programmes?${query({})}`)]);
  page.schema = schema;
  page.programmes = Object.fromEntries(listed.programmes.map((p) => [p.id, p]));
  const languages = new Set(listed.programmes.flatMap((p) => Object.keys(p.name)));
  for (const option of $("language").options) option.disabled = languages.size > 0 && !languages.has(option.value);
  buildForm(values);
  scheduleEvaluation();
}

async function start() {
  const parameters = new URLSearchParams(location.search);
  $("language").value = parameters.get("lang") === "en" ? "en" : (parameters.get("lang") || (navigator.language.startsWith("ko") ? "ko" : "en"));
  $("date").value = new Date().toISOString().slice(0, 10);
  applyTexts();
  try {
    const health = await api("/healthz");
    for (const r of health.rule_sets) $("rule-set").appendChild(new Option(r.name, r.name));
    if (parameters.get("ruleset")) $("rule-set").value = parameters.get("ruleset");
    await loadRuleSet();
  } catch (error) {
    showError(error);
  }
  $("rule-set").addEventListener("change", () => loadRuleSet().catch(showError));
  $("language").addEventListener("change", () => {
    applyTexts();
    fillChartFields();
    scheduleEvaluation();
  });
  $("date").addEventListener("change", scheduleEvaluation);
  // A token entered after a refusal: load the rule set again, keeping what was entered.
  $("token").addEventListener("change", () => loadRuleSet(page.records.length ? household() : undefined).catch(showError));
  $("add-member").addEventListener("click", () => { addRecord("member", {}); scheduleEvaluation(); });
  $("chart-field").addEventListener("change", scheduleEvaluation);
  $("chart-up-to").addEventListener("change", scheduleEvaluation);
  $("json-load").addEventListener("click", () => {
    try {
      buildForm(JSON.parse($("json-text").value));
      scheduleEvaluation();
    } catch (error) {
      clearTimeout(page.timer);
      showError(error);
    }
  });
}

start();
