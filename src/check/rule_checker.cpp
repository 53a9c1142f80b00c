#include "check/rule_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <span>

#include "check/date_literal.hpp"
#include "check/dependency_order.hpp"
#include "check/expression_checker.hpp"
#include "check/member_criteria_check.hpp"
#include "model/value_codec.hpp"

namespace ssis::detail {
namespace {

class RuleChecker {
 public:
  RuleChecker(Declarations& d, const ExpressionLimits& limits, DiagnosticSink& sink, RuleModel& model)
      : d_(d), limits_(limits), sink_(sink), model_(model) {}

  bool run() {
    check_header();
    check_enums();
    check_fields();
    model_.schema = schema_.build();
    check_parameters();
    declare_variables();
    declare_unit_kinds();
    check_variables();
    check_programmes();
    check_relations();
    check_tests();
    return !sink_.has_errors();
  }

 private:
  void error(DiagnosticCode code, const Text& at, std::string message) {
    sink_.error(code, at.pos, std::move(message), static_cast<int>(std::max<std::size_t>(at.value.size(), 1)));
  }

  std::optional<Date> date_of(const Text& text, const char* what) {
    auto date = Date::parse(text.value);
    if (!date) error(DiagnosticCode::invalid_value, text, fmt::format("{}: {}", what, date_literal_problem(text.value)));
    return date;
  }

  bool valid_identifier(const Text& name, const char* what) {
    const std::string& s = name.value;
    bool ok = !s.empty() && (std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_');
    for (char c : s) ok = ok && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_');
    if (!ok) error(DiagnosticCode::invalid_value, name, fmt::format("{} '{}' must be snake_case (a-z, 0-9, _)", what, s));
    return ok;
  }

  void check_header() {
    if (d_.headers.size() != 1) {
      const SourcePos pos = d_.headers.size() > 1 ? d_.headers[1].id.pos : SourcePos{};
      sink_.error(DiagnosticCode::missing_ruleset, pos,
                  d_.headers.empty() ? "the rule set has no `ruleset:` section (id, name, currency)"
                                     : "more than one `ruleset:` section");
    }
    if (!d_.headers.empty()) {
      model_.id = d_.headers[0].id.value;
      model_.currency = d_.headers[0].currency;
      model_.version = d_.headers[0].version;
      if (const auto& stale = d_.headers[0].stale_parameters) {
        if (stale->value == "error") model_.stale_parameters_are_errors = true;
        else if (stale->value != "warning")
          error(DiagnosticCode::invalid_value, *stale,
                fmt::format("stale_parameters must be warning or error, not '{}'", stale->value));
      }
      if (const auto& stale = d_.headers[0].stale_facts) {
        if (stale->value == "unknown") model_.stale_facts_are_unknown = true;
        else if (stale->value != "warning")
          error(DiagnosticCode::invalid_value, *stale, fmt::format("stale_facts must be warning or unknown, not '{}'", stale->value));
      }
      check_labels(d_.headers[0]);
    }
  }

  // The words the engine writes, in each language the rule set gives them in.
  void check_labels(const RuleSetHeader& header) {
    model_.labels = Labels(header.currency);
    for (const LabelDecl& l : header.labels) {
      if (const auto label = parse_label_key(l.key.value)) model_.labels.set(l.language.value, *label, l.text);
      else
        error(DiagnosticCode::unknown_key, l.key, fmt::format("unknown label '{}' (expected one of: {})", l.key.value, label_keys()));
    }
  }

  void check_enums() {
    std::set<std::string> seen;
    for (auto& e : d_.enums) {
      if (!seen.insert(e.name.value).second) {
        error(DiagnosticCode::duplicate_name, e.name, fmt::format("enum '{}' is declared twice", e.name.value));
        continue;
      }
      EnumInfo info{e.name.value, e.description, {}};
      std::set<std::string> values;
      for (const auto& v : e.values) {
        if (!values.insert(v.value).second)
          error(DiagnosticCode::duplicate_name, v, fmt::format("value '{}' appears twice in enum '{}'", v.value, e.name.value));
        info.values.push_back(v.value);
      }
      if (info.values.empty()) error(DiagnosticCode::invalid_value, e.name, fmt::format("enum '{}' has no values", e.name.value));
      schema_.add_enum(std::move(info));
    }
  }

  void check_fields() {
    for (auto& f : d_.fields) {
      valid_identifier(f.name, "field");
      if (f.name.value == "as_of") error(DiagnosticCode::invalid_value, f.name, "a field cannot be named as_of: the input dates its facts with it");
      auto type = resolve_type_name(f.type.value, schema_.current());
      if (!type) {
        error(DiagnosticCode::unknown_name, f.type,
              fmt::format("unknown type '{}' (bool, int, money, rate, decimal, date, or an enum name)", f.type.value));
        continue;
      }
      FieldInfo info;
      info.name = f.name.value;
      info.level = f.member ? Level::member : Level::household;
      info.type = *type;
      info.type_name = f.type.value;
      info.description = f.description;
      info.question = f.question;
      info.source_agency = f.source_agency;
      info.source_data = f.source_data;
      info.required = f.required;
      auto bound = [&](const std::optional<Text>& text, std::optional<std::int64_t>& out, const char* what) {
        if (!text) return;
        std::string problem;
        if (type->kind == ValueKind::boolean || type->kind == ValueKind::enumeration) {
          error(DiagnosticCode::invalid_value, *text, fmt::format("{} does not apply to a {} field", what, f.type.value));
          return;
        }
        out = raw_from_text(text->value, *type, schema_.current(), problem);
        if (!out) error(DiagnosticCode::invalid_value, *text, fmt::format("{}: {}", what, problem));
      };
      bound(f.min, info.min_raw, "min");
      bound(f.max, info.max_raw, "max");
      if (f.default_value) {
        std::string problem;
        info.default_raw = raw_from_text(f.default_value->value, *type, schema_.current(), problem);
        if (!info.default_raw) error(DiagnosticCode::invalid_value, *f.default_value, fmt::format("default: {}", problem));
      }
      if (f.not_after) {
        if (type->kind != ValueKind::date)
          error(DiagnosticCode::invalid_value, *f.not_after, fmt::format("not_after does not apply to a {} field", f.type.value));
        else if (f.not_after->value != "evaluation_date")
          error(DiagnosticCode::invalid_value, *f.not_after,
                fmt::format("not_after must be evaluation_date, not '{}'", f.not_after->value));
        else
          info.not_after_evaluation_date = true;
      }
      if (f.max_age) {
        info.max_age = MaxAge::parse(f.max_age->value);
        if (!info.max_age)
          error(DiagnosticCode::invalid_value, *f.max_age,
                fmt::format("max_age must be P, a whole number from 1 to 9999 and Y, M or D (P12M), not '{}'", f.max_age->value));
      }
      const Level level = info.level;
      const int index = static_cast<int>((level == Level::member ? member_count_ : household_count_)++);
      if (!symbols_.add(info.name, {Reference::field, index, level})) {
        error(DiagnosticCode::duplicate_name, f.name, fmt::format("'{}' is declared twice", info.name));
        --(level == Level::member ? member_count_ : household_count_);
        continue;
      }
      schema_.add_field(std::move(info));
    }
  }

  // Parameters ---------------------------------------------------------------------------

  bool read_table(const TableNode& node, const ParameterDecl& decl, ParameterModel& p, std::size_t depth,
                  std::vector<std::int64_t>& prefix, DatedTable& out) {
    const Schema& schema = model_.schema;
    if (depth == p.key_types.size()) {
      if (node.is_map || node.is_null) {
        sink_.error(DiagnosticCode::invalid_table, node.pos,
                    fmt::format("parameter '{}' expects a single value here, found {}", decl.name.value,
                                node.is_map ? "a mapping" : "null"));
        return false;
      }
      std::string problem;
      auto value = raw_from_text(node.scalar, p.type, schema, problem);
      if (!value) {
        sink_.error(DiagnosticCode::invalid_value, node.pos, fmt::format("parameter '{}': {}", decl.name.value, problem));
        return false;
      }
      out.keys.insert(out.keys.end(), prefix.begin(), prefix.end());
      out.values.push_back(*value);
      return true;
    }
    if (!node.is_map) {
      sink_.error(DiagnosticCode::invalid_table, node.pos,
                  fmt::format("parameter '{}' is keyed by {}: expected a mapping from {} to values", decl.name.value,
                              decl.keys[depth].name.value, decl.keys[depth].name.value));
      return false;
    }
    bool ok = true;
    std::set<std::int64_t> seen;
    for (const auto& [key_text, child] : node.entries) {
      std::string problem;
      auto key = raw_from_text(key_text.value, p.key_types[depth], schema, problem);
      if (!key) {
        error(DiagnosticCode::invalid_table, key_text, fmt::format("key of '{}': {}", decl.name.value, problem));
        ok = false;
        continue;
      }
      if (!seen.insert(*key).second) {
        error(DiagnosticCode::duplicate_name, key_text, fmt::format("key '{}' appears twice", key_text.value));
        ok = false;
        continue;
      }
      prefix.push_back(*key);
      ok = read_table(child, decl, p, depth + 1, prefix, out) && ok;
      prefix.pop_back();
    }
    return ok;
  }

  void check_parameters() {
    const Schema& schema = model_.schema;
    for (auto& decl : d_.parameters) {
      ParameterModel p;
      ParameterInfo info;
      info.name = decl.name.value;
      info.description = decl.description;
      info.type_name = decl.type.value;
      info.source = decl.source;
      info.confidence = decl.confidence;
      bool ok = valid_identifier(decl.name, "parameter");
      auto type = resolve_type_name(decl.type.value, schema);
      if (!type) {
        error(DiagnosticCode::unknown_name, decl.type, fmt::format("unknown type '{}'", decl.type.value));
        ok = false;
      } else {
        p.type = *type;
      }
      for (const auto& key : decl.keys) {
        auto key_type = resolve_type_name(key.type.value, schema);
        if (!key_type || (key_type->kind != ValueKind::integer && key_type->kind != ValueKind::enumeration)) {
          error(DiagnosticCode::invalid_value, key.type, "a table key is int or an enum");
          ok = false;
          continue;
        }
        if (key.bracket && key_type->kind != ValueKind::integer) {
          error(DiagnosticCode::invalid_value, key.type, "bracket matching needs an int key");
          ok = false;
        }
        p.key_types.push_back(*key_type);
        p.key_bracket.push_back(key.bracket);
        info.key_names.push_back(key.name.value);
      }
      if (decl.until) {
        p.until = date_of(*decl.until, "until");
        info.until = p.until;
      }
      if (decl.valid_until) {
        p.valid_until = date_of(*decl.valid_until, "valid_until");
        info.valid_until = p.valid_until;
      }
      if (ok) {
        for (const auto& dated : decl.values) {
          auto from = date_of(dated.date, "effective date");
          if (!from) continue;
          DatedTable table;
          table.from = *from;
          if (dated.value.is_null && decl.keys.empty()) {
            table.in_force = false;
          } else {
            std::vector<std::int64_t> prefix;
            if (!read_table(dated.value, decl, p, 0, prefix, table)) continue;
          }
          p.tables.push_back(std::move(table));
        }
        std::sort(p.tables.begin(), p.tables.end(), [](const DatedTable& a, const DatedTable& b) { return a.from < b.from; });
        if (p.key_types.size() == 1)
          for (DatedTable& table : p.tables) index_dense_entries(table, p.key_bracket[0]);
        for (std::size_t i = 1; i < p.tables.size(); ++i)
          if (p.tables[i].from == p.tables[i - 1].from)
            error(DiagnosticCode::duplicate_name, decl.name, fmt::format("parameter '{}' has two values for {}", decl.name.value, p.tables[i].from.to_string()));
        if (p.until && !p.tables.empty() && *p.until < p.tables.back().from)
          error(DiagnosticCode::invalid_value, *decl.until,
                fmt::format("until {} is before the last effective date {} of '{}'", p.until->to_string(),
                            p.tables.back().from.to_string(), decl.name.value));
        if (std::none_of(p.tables.begin(), p.tables.end(), [](const DatedTable& t) { return t.in_force; }))
          error(DiagnosticCode::no_value_in_force, decl.name, fmt::format("parameter '{}' has no value in force on any date", decl.name.value));
        for (const auto& t : p.tables) info.values.push_back(describe_table(t, p, schema));
      }
      const int index = static_cast<int>(model_.parameters.size());
      if (!symbols_.add(decl.name.value, {Reference::parameter, index, Level::household}))
        error(DiagnosticCode::duplicate_name, decl.name, fmt::format("'{}' is declared twice", decl.name.value));
      model_.parameters.push_back(std::move(p));
      model_.parameter_infos.push_back(std::move(info));
    }
  }

  static ParameterValueInfo describe_table(const DatedTable& t, const ParameterModel& p, const Schema& schema) {
    ParameterValueInfo info;
    info.from = t.from;
    info.in_force = t.in_force;
    const std::size_t k = p.key_types.size();
    auto text = [&](std::int64_t raw, ValueType type) {
      Value v{type.kind, Knowledge::known, raw, nullptr};
      if (type.kind == ValueKind::enumeration) v.enum_values = &schema.enums()[static_cast<std::size_t>(type.enum_index)].values;
      return v.to_string();
    };
    for (std::size_t i = 0; i < t.values.size(); ++i) {
      std::vector<std::string> keys;
      for (std::size_t j = 0; j < k; ++j) keys.push_back(text(t.keys[i * k + j], p.key_types[j]));
      info.entries.emplace_back(std::move(keys), text(t.values[i], p.type));
    }
    return info;
  }

  // Variables ----------------------------------------------------------------------------

  ExprPtr parse(const ExpressionText& text) {
    if (text.offsets.empty()) return nullptr;  // the key is missing: already reported
    std::vector<SyntaxError> errors;
    ExprPtr root = parse_expression(text.text, limits_, errors);
    for (const auto& e : errors)
      sink_.error(e.limit ? DiagnosticCode::expression_limit : DiagnosticCode::expression_syntax, text.pos_of(e.begin), e.message,
                  static_cast<int>(e.end - e.begin));
    return root;
  }

  void declare_variables() {
    for (auto& decl : d_.variables) {
      valid_identifier(decl.name, "variable");
      VariableModel v;
      v.level = decl.member ? Level::member : Level::household;
      v.text = decl.formula;
      v.formula = parse(decl.formula);
      const int index = static_cast<int>(model_.variables.size());
      if (!symbols_.add(decl.name.value, {Reference::variable, index, v.level}))
        error(DiagnosticCode::duplicate_name, decl.name, fmt::format("'{}' is declared twice", decl.name.value));
      model_.variables.push_back(std::move(v));
      VariableInfo info;
      info.name = decl.name.value;
      info.description = decl.description;
      info.level = decl.member ? Level::member : Level::household;
      info.formula = decl.formula.text;
      info.source = decl.source;
      model_.variable_infos.push_back(std::move(info));
    }
    state_.assign(model_.variables.size(), State::unchecked);
  }

  // Unit kinds: names in the namespace of fields, parameters and variables, each with a key
  // of fields and parameters (so that no key depends on a unit) whose value groups members.
  void declare_unit_kinds() {
    for (auto& decl : d_.unit_kinds) {
      valid_identifier(decl.name, "unit");
      UnitKindModel unit{decl.name.value, decl.description, decl.key, parse(decl.key)};
      const int index = static_cast<int>(model_.unit_kinds.size());
      if (!symbols_.add(decl.name.value, {Reference::unit, index, Level::member}))
        error(DiagnosticCode::duplicate_name, decl.name, fmt::format("'{}' is declared twice", decl.name.value));
      if (unit.key && key_names_only_inputs(*unit.key, decl.key)) {
        ExpressionChecker checker = make_checker();
        if (checker.check(*unit.key, decl.key, Level::member)) {
          const ValueKind kind = unit.key->type.kind;
          if (kind != ValueKind::integer && kind != ValueKind::enumeration && kind != ValueKind::boolean)
            sink_.error(DiagnosticCode::type_mismatch, decl.key.pos_of(0),
                        fmt::format("a unit's key is an int, an enumeration or true/false, but this is {}",
                                    type_name(unit.key->type, model_.schema)),
                        static_cast<int>(decl.key.text.size()));
        }
      }
      model_.unit_kinds.push_back(std::move(unit));
    }
  }

  // Reports a name in a unit's key that is not a field or a parameter.
  bool key_names_only_inputs(const Expr& e, const ExpressionText& text) {
    if (e.kind == NodeKind::name) {
      const Symbol* symbol = symbols_.find(e.text);
      if (symbol != nullptr && symbol->reference != Reference::field && symbol->reference != Reference::parameter) {
        sink_.error(DiagnosticCode::invalid_value, text.pos_of(e.begin),
                    fmt::format("a unit's key reads fields and parameters only, and '{}' is neither", e.text),
                    static_cast<int>(e.end - e.begin));
        return false;
      }
    }
    bool ok = true;
    for (const auto& arg : e.args) ok = key_names_only_inputs(*arg, text) && ok;
    return ok;
  }

  ExpressionChecker make_checker() {
    return ExpressionChecker(symbols_, model_.schema, model_.parameters, sink_, [this](int variable) -> std::optional<ValueType> {
      const auto i = static_cast<std::size_t>(variable);
      if (state_[i] == State::done) return model_.variables[i].type;
      return std::nullopt;  // its own error, or a cycle, is already reported
    });
  }

  // The variables a formula names, each with where it is named. The rounding mode of
  // round() is a word of its own, not a name.
  std::vector<std::pair<int, SourcePos>> variable_references(const VariableModel& v) const {
    std::vector<std::pair<int, SourcePos>> out;
    if (v.formula == nullptr) return out;
    std::vector<const Expr*> pending{v.formula.get()};
    while (!pending.empty()) {
      const Expr& e = *pending.back();
      pending.pop_back();
      if (e.kind == NodeKind::name) {
        const Symbol* symbol = symbols_.find(e.text);
        if (symbol != nullptr && symbol->reference == Reference::variable) out.emplace_back(symbol->index, v.text.pos_of(e.begin));
        continue;
      }
      const std::size_t operands = e.kind == NodeKind::call && e.text == "round" ? std::min<std::size_t>(e.args.size(), 2) : e.args.size();
      for (std::size_t k = operands; k-- > 0;) pending.push_back(e.args[k].get());
    }
    return out;
  }

  // "a -> b -> a"; a long cycle shows its ends.
  std::string cycle_text(std::span<const int> cycle) const {
    constexpr std::size_t shown_each_end = 5;
    std::string chain;
    for (std::size_t k = 0; k < cycle.size(); ++k) {
      if (k == shown_each_end && cycle.size() > 2 * shown_each_end + 2) {
        chain += fmt::format("({} more) -> ", cycle.size() - 2 * shown_each_end);
        k = cycle.size() - shown_each_end;
      }
      chain += model_.variable_infos[static_cast<std::size_t>(cycle[k])].name + " -> ";
    }
    return chain + model_.variable_infos[static_cast<std::size_t>(cycle[0])].name;
  }

  // Checks every variable after the variables it uses, so that no check waits on another.
  void check_variables() {
    const std::size_t n = model_.variables.size();
    std::vector<std::vector<int>> uses(n);
    std::vector<std::vector<SourcePos>> used_at(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (const auto& [variable, at] : variable_references(model_.variables[i])) {
        uses[i].push_back(variable);
        used_at[i].push_back(at);
      }
    }
    model_.variable_order = dependency_order(uses, [&](std::span<const int> cycle, int node, std::size_t edge) {
      sink_.error(DiagnosticCode::dependency_cycle, used_at[static_cast<std::size_t>(node)][edge],
                  fmt::format("variables depend on themselves: {}", cycle_text(cycle)));
    });
    for (const int variable : model_.variable_order) check_variable(static_cast<std::size_t>(variable));
  }

  void check_variable(std::size_t i) {
    VariableModel& v = model_.variables[i];
    bool ok = v.formula != nullptr;
    if (ok) {
      ExpressionChecker checker = make_checker();
      ok = checker.check(*v.formula, v.text, v.level);
    }
    const VariableDecl& decl = d_.variables[i];
    if (ok) {
      v.type = v.formula->type;
      if (decl.type) {
        auto declared = resolve_type_name(decl.type->value, model_.schema);
        if (!declared) {
          error(DiagnosticCode::unknown_name, *decl.type, fmt::format("unknown type '{}'", decl.type->value));
          ok = false;
        } else if (*declared != v.type &&
                   !(v.type.kind == ValueKind::integer && (declared->kind == ValueKind::decimal || declared->kind == ValueKind::money))) {
          error(DiagnosticCode::type_mismatch, *decl.type,
                fmt::format("'{}' is declared {} but its formula gives {}", decl.name.value, decl.type->value,
                            type_name(v.type, model_.schema)));
          ok = false;
        } else {
          v.type = *declared;
        }
      }
    }
    state_[i] = ok ? State::done : State::failed;
    if (ok) model_.variable_infos[i].type_name = type_name(v.type, model_.schema);
  }

  // Programmes ---------------------------------------------------------------------------

  void check_programmes() {
    std::set<std::string> ids;
    for (auto& decl : d_.programmes) {
      valid_identifier(decl.id, "programme id");
      if (!ids.insert(decl.id.value).second)
        error(DiagnosticCode::duplicate_name, decl.id, fmt::format("programme '{}' is declared twice", decl.id.value));
      ProgrammeInfo info;
      ProgrammeModel model;
      info.id = decl.id.value;
      info.name = decl.name;
      info.ministry = decl.ministry;
      info.department = decl.department;
      info.legal_basis = decl.legal_basis;
      info.catalogue_id = decl.catalogue_id;
      info.catalogue_date = decl.catalogue_date;
      info.url = decl.url;
      info.support_cycle = decl.support_cycle;
      info.provision = decl.provision;
      info.not_encoded = decl.not_encoded;
      info.notes = decl.notes;
      info.file = decl.file;
      if (decl.active_from) info.active_from = date_of(*decl.active_from, "active.from");
      if (decl.active_to) info.active_to = date_of(*decl.active_to, "active.to");
      if (info.active_from && info.active_to && *info.active_to < *info.active_from)
        error(DiagnosticCode::invalid_value, *decl.active_to,
              fmt::format("active.to {} is before active.from {}", info.active_to->to_string(), info.active_from->to_string()));
      const Level scope = check_unit(decl, info, model);
      std::set<std::string> criterion_ids;
      for (auto& c : decl.criteria) {
        if (!criterion_ids.insert(c.id.value).second)
          error(DiagnosticCode::duplicate_name, c.id, fmt::format("criterion '{}' appears twice in '{}'", c.id.value, decl.id.value));
        static const std::set<std::string> deciders{"data", "official", "document", "medical"};
        if (!deciders.count(c.decided_by.value))
          error(DiagnosticCode::invalid_value, c.decided_by, "decided_by is one of data, official, document, medical");
        CriterionModel criterion = condition(c.condition, scope);
        info.criteria.push_back({c.id.value, c.description, c.decided_by.value, c.condition.text});
        model.criteria.push_back(std::move(criterion));
      }
      check_member_criteria(decl, model.criteria, model_.variables, sink_);
      if (decl.amount) {
        AmountDecl& a = *decl.amount;
        info.amount_formula = a.formula.text;
        if (a.period) {
          info.amount_period = parse_amount_period(a.period->value);
          if (!info.amount_period) {
            std::string periods;
            for (const AmountPeriod period : amount_periods) periods += fmt::format("{}{}", periods.empty() ? "" : ", ", to_string(period));
            error(DiagnosticCode::invalid_value, *a.period, fmt::format("period '{}' is not one of: {}", a.period->value, periods));
          }
        }
        model.amount_text = a.formula;
        model.amount = parse(a.formula);
        if (model.amount) {
          ExpressionChecker checker = make_checker();
          if (checker.check(*model.amount, a.formula, scope) && model.amount->type.kind != ValueKind::money &&
              model.amount->type.kind != ValueKind::integer)
            sink_.error(DiagnosticCode::type_mismatch, a.formula.pos_of(0),
                        fmt::format("an amount must be money, but this is {}", type_name(model.amount->type, model_.schema)),
                        static_cast<int>(a.formula.text.size()));
        }
        if (a.rounding_unit) {
          info.rounding_unit = Decimal::parse(a.rounding_unit->value);
          if (!info.rounding_unit || info.rounding_unit->raw() <= 0)
            error(DiagnosticCode::invalid_value, *a.rounding_unit, "the rounding unit must be a positive number");
        }
        if (a.rounding_mode) {
          info.rounding_mode = parse_rounding_mode(a.rounding_mode->value);
          if (!info.rounding_mode)
            error(DiagnosticCode::invalid_value, *a.rounding_mode, "the rounding mode is one of half_up, half_even, down, up, floor, ceiling");
        }
      }
      model_.programme_infos.push_back(std::move(info));
      model_.programmes.push_back(std::move(model));
    }
  }

  // A condition checked at `scope`: true or false for the household, or for a member.
  CriterionModel condition(const ExpressionText& text, Level scope) {
    CriterionModel criterion{text, parse(text)};
    if (criterion.condition) {
      ExpressionChecker checker = make_checker();
      if (checker.check(*criterion.condition, text, scope) && criterion.condition->type.kind != ValueKind::boolean)
        sink_.error(DiagnosticCode::type_mismatch, text.pos_of(0),
                    fmt::format("a condition must be true or false, but this is {}", type_name(criterion.condition->type, model_.schema)),
                    static_cast<int>(text.text.size()));
    }
    return criterion;
  }

  // Who the programme is assessed for; the level its criteria and amount speak of.
  Level check_unit(const ProgrammeDecl& decl, ProgrammeInfo& info, ProgrammeModel& model) {
    if (!decl.unit) return Level::household;
    const UnitDecl& unit = *decl.unit;
    if (unit.each.value == "member") {
      info.unit = ProgrammeUnit::member;
    } else if (unit.each.value != "household") {
      error(DiagnosticCode::invalid_value, unit.each, fmt::format("unit 'each' is household or member, not '{}'", unit.each.value));
    }
    if (unit.where) {
      if (info.unit != ProgrammeUnit::member) {
        sink_.error(DiagnosticCode::invalid_value, unit.where->pos_of(0), "unit 'where' chooses members: it needs 'each: member'",
                    static_cast<int>(unit.where->text.size()));
      } else {
        info.unit_where = unit.where->text;
        model.unit_where = condition(*unit.where, Level::member);
      }
    }
    return info.unit == ProgrammeUnit::member ? Level::member : Level::household;
  }

  int programme_index(const Text& id) {
    for (std::size_t i = 0; i < model_.programme_infos.size(); ++i)
      if (model_.programme_infos[i].id == id.value) return static_cast<int>(i);
    error(DiagnosticCode::unknown_name, id, fmt::format("unknown programme '{}'", id.value));
    return -1;
  }

  void check_relations() {
    std::set<std::string> ids;
    for (auto& decl : d_.relations) {
      if (!ids.insert(decl.id.value).second)
        error(DiagnosticCode::duplicate_name, decl.id, fmt::format("relation '{}' is declared twice", decl.id.value));
      RelationInfo info;
      RelationModel model;
      info.id = decl.id.value;
      info.description = decl.description;
      info.source = decl.source;
      if (decl.kind.value == "exclusive") {
        info.kind = RelationKind::exclusive;
        if (decl.keep.value == "highest_amount") info.keep_highest_amount = true;
        else if (decl.keep.value != "first_listed")
          error(DiagnosticCode::invalid_value, decl.keep, "keep is highest_amount or first_listed");
        if (decl.programmes.size() < 2)
          error(DiagnosticCode::invalid_value, decl.id, "an exclusive relation names at least two programmes");
        for (const auto& p : decl.programmes) {
          const int index = programme_index(p);
          if (index < 0) continue;
          if (info.keep_highest_amount && model_.programmes[static_cast<std::size_t>(index)].amount == nullptr)
            error(DiagnosticCode::invalid_value, p,
                  fmt::format("'{}' states no amount, so 'keep: highest_amount' cannot compare it", p.value));
          model.programmes.push_back(index);
          info.programmes.push_back(p.value);
        }
      } else if (decl.kind.value == "requires" || decl.kind.value == "requires_any") {
        model.any = decl.kind.value == "requires_any";
        info.kind = model.any ? RelationKind::requires_any_eligibility : RelationKind::requires_eligibility;
        if (!decl.programme) {
          error(DiagnosticCode::missing_key, decl.id, "a requires relation needs 'programme' and 'requires'");
        } else {
          model.dependent = programme_index(*decl.programme);
          info.programmes.push_back(decl.programme->value);
        }
        if (decl.requires_programmes.empty()) error(DiagnosticCode::missing_key, decl.id, "a requires relation needs 'requires'");
        for (const auto& p : decl.requires_programmes) {
          const int index = programme_index(p);
          if (index >= 0) model.required.push_back(index);
          info.required.push_back(p.value);
        }
      } else {
        error(DiagnosticCode::invalid_value, decl.kind, "kind is exclusive, requires or requires_any");
      }
      if (decl.per && decl.per->value == "member") {
        info.per = ProgrammeUnit::member;
        std::vector<const Text*> named;
        for (const auto& p : decl.programmes) named.push_back(&p);
        if (decl.programme) named.push_back(&*decl.programme);
        for (const auto& p : decl.requires_programmes) named.push_back(&p);
        for (const Text* p : named)
          for (const ProgrammeInfo& programme : model_.programme_infos)
            if (programme.id == p->value && programme.unit != ProgrammeUnit::member)
              error(DiagnosticCode::invalid_value, *p,
                    fmt::format("'{}' is assessed for the household: a relation per member holds between programmes "
                                "assessed per member",
                                p->value));
      } else if (decl.per && decl.per->value != "household") {
        error(DiagnosticCode::invalid_value, *decl.per, fmt::format("per is household or member, not '{}'", decl.per->value));
      }
      model_.relation_infos.push_back(std::move(info));
      model_.relations.push_back(std::move(model));
    }
    order_requires();
  }

  // Orders `requires` relations so each runs after the relations of what it requires.
  void order_requires() {
    const std::size_t n = model_.programme_infos.size();
    std::vector<std::vector<int>> by_dependent(n);
    std::vector<std::vector<int>> requirements(n);
    for (std::size_t r = 0; r < model_.relations.size(); ++r) {
      const RelationModel& relation = model_.relations[r];
      if (relation.dependent < 0) continue;
      const auto dependent = static_cast<std::size_t>(relation.dependent);
      by_dependent[dependent].push_back(static_cast<int>(r));
      requirements[dependent].insert(requirements[dependent].end(), relation.required.begin(), relation.required.end());
    }
    const auto order = dependency_order(requirements, [&](std::span<const int> cycle, int, std::size_t) {
      sink_.error(DiagnosticCode::dependency_cycle, d_.relations.empty() ? SourcePos{} : d_.relations[0].id.pos,
                  fmt::format("programmes require each other in a cycle through '{}'",
                              model_.programme_infos[static_cast<std::size_t>(cycle[0])].id));
    });
    for (const int p : order)
      for (const int r : by_dependent[static_cast<std::size_t>(p)]) model_.requires_order.push_back(r);
  }

  // Tests --------------------------------------------------------------------------------

  void check_tests() {
    std::set<std::string> names;
    for (auto& decl : d_.tests) {
      if (!names.insert(decl.name.value).second)
        error(DiagnosticCode::duplicate_name, decl.name, fmt::format("test '{}' is declared twice", decl.name.value));
      TestModel test;
      test.name = decl.name.value;
      test.pos = decl.name.pos;
      test.household = decl.household;
      if (test.household.id.empty()) test.household.id = decl.name.value;
      if (auto date = date_of(decl.date, "test date")) test.date = *date;
      for (auto& e : decl.expect) {
        ExpectedOutcome expected;
        expected.programme = programme_index(e.programme);
        expected_decision(e.status, e.amount, e.missing, false, expected);
        const bool per_member = expected.programme >= 0 &&
                                model_.programme_infos[static_cast<std::size_t>(expected.programme)].unit == ProgrammeUnit::member;
        for (const auto& u : e.units) {
          if (!per_member) {
            error(DiagnosticCode::invalid_test, u.member,
                  fmt::format("'{}' is assessed for the household: it has no decision per member", e.programme.value));
            break;
          }
          ExpectedUnit unit;
          std::size_t index = 0;
          const auto [end, problem] = std::from_chars(u.member.value.data(), u.member.value.data() + u.member.value.size(), index);
          if (problem != std::errc() || end != u.member.value.data() + u.member.value.size() || index >= test.household.members.size())
            error(DiagnosticCode::invalid_test, u.member,
                  fmt::format("'{}' is not the index of a member of this household (0 to {})", u.member.value,
                              test.household.members.size() - 1));
          unit.member = index;
          expected_decision(u.status, u.amount, u.missing, true, unit);
          expected.units.push_back(std::move(unit));
        }
        test.expect.push_back(std::move(expected));
      }
      for (auto& v : decl.variables) {
        const Symbol* symbol = symbols_.find(v.name.value);
        if (symbol == nullptr || symbol->reference != Reference::variable || symbol->level != Level::household) {
          error(DiagnosticCode::invalid_test, v.name, fmt::format("'{}' is not a household variable", v.name.value));
          continue;
        }
        test.variables.push_back({symbol->index, v.value.value});
      }
      if (test.expect.empty() && test.variables.empty())
        error(DiagnosticCode::invalid_test, decl.name, "a test needs `expect:` or `variables:`");
      model_.tests.push_back(std::move(test));
    }
  }

  // A test's expected status, amount and missing facts; a member's status may be not_assessed.
  void expected_decision(const std::optional<Text>& status, const std::optional<Text>& amount,
                         const std::optional<std::vector<Text>>& missing, bool of_member, ExpectedDecision& out) {
    if (status) {
      static const std::set<std::string> statuses{"eligible", "ineligible", "undetermined", "error"};
      if (of_member ? !statuses.count(status->value) && status->value != "not_assessed" : !statuses.count(status->value))
        error(DiagnosticCode::invalid_test, *status,
              of_member ? "status is eligible, ineligible, undetermined, error or not_assessed"
                        : "status is eligible, ineligible, undetermined or error");
      out.status = status->value;
    }
    if (amount) {
      out.amount = Decimal::parse(amount->value);
      if (!out.amount) error(DiagnosticCode::invalid_test, *amount, fmt::format("'{}' is not an amount", amount->value));
    }
    if (missing) {
      out.missing.emplace();
      for (const auto& m : *missing) out.missing->push_back(m.value);
    }
  }

  enum class State { unchecked, done, failed };

  Declarations& d_;
  const ExpressionLimits& limits_;
  DiagnosticSink& sink_;
  RuleModel& model_;
  SchemaBuilder schema_;
  SymbolTable symbols_;
  std::size_t household_count_ = 0;
  std::size_t member_count_ = 0;
  std::vector<State> state_;
};

}  // namespace

bool check_rules(Declarations& declarations, const ExpressionLimits& limits, DiagnosticSink& sink, RuleModel& model) {
  RuleChecker checker(declarations, limits, sink, model);
  return checker.run();
}

}  // namespace ssis::detail
