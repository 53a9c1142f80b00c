#include "load/declarations_codec.hpp"

#include <cstring>
#include <type_traits>

namespace ssis::detail {
namespace {

// Parameter tables nest no deeper than YAML does; a deeper encoding is not one of ours.
constexpr int max_table_depth = 512;

class Encoder {
 public:
  Encoder(const SourceFiles& files, int file) : files_(files), file_(file) {}

  bool failed() const { return failed_; }
  std::string take() { return std::move(out_); }

  void number(std::uint64_t value) {
    for (; value >= 0x80; value >>= 7) out_ += static_cast<char>(value | 0x80);
    out_ += static_cast<char>(value);
  }
  void signed_number(std::int64_t value) {
    number((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
  }
  void flag(bool value) { out_ += value ? '\1' : '\0'; }
  void put(std::string_view text) {
    number(text.size());
    out_.append(text);
  }
  // A position is in the file itself or nowhere.
  void put(SourcePos pos) {
    if ((pos.file != file_ && pos.file != -1) || (pos.file == -1 && pos.offset != 0) ||
        (pos.file == file_ && pos.offset > files_.text(file_).size()))
      failed_ = true;
    flag(pos.file == file_);
    number(pos.offset);
  }
  void put(const Text& text) {
    put(text.value);
    put(text.pos);
  }
  void put(const ExpressionText& expression) {
    put(expression.text);
    put(SourcePos{expression.file, 0});
    number(expression.offsets.size());
    std::uint32_t previous = 0;
    for (const std::uint32_t offset : expression.offsets) {
      signed_number(static_cast<std::int64_t>(offset) - previous);
      previous = offset;
    }
  }
  void put(const LocalizedNames& names) {
    number(names.size());
    for (const auto& [language, text] : names) {
      put(language);
      put(text);
    }
  }
  void put(const InputValue& value) {
    number(value.index());
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) flag(v);
          else if constexpr (std::is_same_v<T, std::int64_t>) signed_number(v);
          else if constexpr (std::is_same_v<T, Decimal>) signed_number(v.raw());
          else if constexpr (std::is_same_v<T, Date>) signed_number(v.days());
          else if constexpr (std::is_same_v<T, std::string>) put(v);
        },
        value);
  }
  void put(const InputRecord& record) {
    number(record.fields.size());
    for (const auto& [name, value] : record.fields) {
      put(name);
      put(value);
    }
  }
  void put(const Household& household) {
    put(static_cast<const InputRecord&>(household));
    put(household.id);
    put(household.members);
  }
  void put(const TableNode& node) {
    put(node.pos);
    flag(node.is_map);
    flag(node.is_null);
    put(node.scalar);
    number(node.entries.size());
    for (const auto& entry : node.entries) {
      put(entry.key);
      put(entry.value);
    }
  }
  template <typename T>
  void put(const std::optional<T>& value) {
    flag(value.has_value());
    if (value) put(*value);
  }
  template <typename T>
  void put(const std::vector<T>& items) {
    number(items.size());
    for (const auto& item : items) put(item);
  }

  void put(const LabelDecl& l) { put(l.language), put(l.key), put(l.text); }
  void put(const RuleSetHeader& h) {
    put(h.id), put(h.name), put(h.currency), put(h.description), put(h.labels), put(h.version), put(h.stale_parameters), put(h.stale_facts);
  }
  void put(const EnumDecl& e) { put(e.name), put(e.description), put(e.values); }
  void put(const FieldDecl& f) {
    put(f.name), flag(f.member), put(f.type), put(f.description), flag(f.required);
    put(f.min), put(f.max), put(f.default_value), put(f.not_after), put(f.max_age);
    put(f.question), put(f.source_agency), put(f.source_data);
  }
  void put(const ParameterKeyDecl& k) { put(k.name), put(k.type), flag(k.bracket); }
  void put(const DatedValueDecl& v) { put(v.date), put(v.value); }
  void put(const ParameterDecl& p) {
    put(p.name), put(p.description), put(p.type), put(p.source), put(p.confidence);
    put(p.keys), put(p.values), put(p.until), put(p.valid_until);
  }
  void put(const VariableDecl& v) {
    put(v.name), flag(v.member), put(v.type), put(v.description), put(v.source), put(v.formula);
  }
  void put(const UnitKindDecl& u) { put(u.name), put(u.description), put(u.key); }
  void put(const CriterionDecl& c) {
    put(c.id), put(c.description), put(c.condition), put(c.decided_by), put(c.members);
  }
  void put(const AmountDecl& a) {
    put(a.formula), put(a.rounding_unit), put(a.rounding_mode), put(a.period);
  }
  void put(const UnitDecl& u) { put(u.each), put(u.where); }
  void put(const ProgrammeDecl& p) {
    put(p.id), put(p.name), put(p.ministry), put(p.department), put(p.legal_basis);
    put(p.catalogue_id), put(p.catalogue_date), put(p.url), put(p.support_cycle), put(p.provision);
    put(p.active_from), put(p.active_to), put(p.unit), put(p.criteria), put(p.amount), put(p.not_encoded), put(p.notes);
    if (p.file != files_.path(file_)) failed_ = true;  // the path is the one of this load: not kept
  }
  void put(const RelationDecl& r) {
    put(r.id), put(r.kind), put(r.programmes), put(r.keep), put(r.programme);
    put(r.requires_programmes), put(r.description), put(r.source), put(r.per);
  }
  void put(const ExpectedUnitDecl& u) { put(u.member), put(u.status), put(u.amount), put(u.missing); }
  void put(const ExpectedOutcomeDecl& e) { put(e.programme), put(e.status), put(e.amount), put(e.missing), put(e.units); }
  void put(const ExpectedValueDecl& v) { put(v.name), put(v.value); }
  void put(const TestDecl& t) {
    put(t.name), put(t.date), put(t.household), put(t.household_pos), put(t.expect), put(t.variables);
  }
  void put(const std::string& text) { put(std::string_view(text)); }

 private:
  const SourceFiles& files_;
  int file_;
  std::string out_;
  bool failed_ = false;
};

// Reads what Encoder wrote. Any inconsistency (a value past the end, a count larger than the
// bytes left, a position outside the file) marks the whole input as not an encoding.
class Decoder {
 public:
  Decoder(std::string_view in, const SourceFiles& files, int file) : in_(in), files_(files), file_(file) {}

  bool complete() const { return ok_ && at_ == in_.size(); }

  std::uint64_t number() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) return fail();
      const auto byte = static_cast<unsigned char>(in_[at_++]);
      value |= std::uint64_t{byte & 0x7Fu} << shift;
      if (byte < 0x80) return value;
    }
    return fail();
  }
  std::int64_t signed_number() {
    const std::uint64_t z = number();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  bool flag() {
    const std::uint64_t value = number();
    if (value > 1) fail();
    return value == 1;
  }
  // A count of items that each take at least one byte.
  std::size_t count() {
    const std::uint64_t n = number();
    if (n > in_.size() - at_) return fail();
    return static_cast<std::size_t>(n);
  }

  void get(std::string& text) {
    const std::size_t size = count();
    text.assign(in_.substr(at_, size));
    at_ += size;
  }
  void get(SourcePos& pos) {
    const bool in_file = flag();
    const std::uint64_t offset = number();
    if (offset > (in_file ? files_.text(file_).size() : 0)) {
      fail();
      return;
    }
    pos = {in_file ? file_ : -1, static_cast<std::uint32_t>(offset)};
  }
  void get(Text& text) {
    get(text.value);
    get(text.pos);
  }
  void get(ExpressionText& expression) {
    get(expression.text);
    SourcePos file;
    get(file);
    expression.file = file.file;
    expression.offsets.resize(count());
    const std::uint64_t limit = file.file >= 0 ? files_.text(file.file).size() : 0;
    std::int64_t offset = 0;
    for (auto& o : expression.offsets) {
      offset += signed_number();
      if (offset < 0 || static_cast<std::uint64_t>(offset) > limit) {
        fail();
        return;
      }
      o = static_cast<std::uint32_t>(offset);
    }
  }
  void get(LocalizedNames& names) {
    for (std::size_t n = count(); n > 0 && ok_; --n) {
      std::string language;
      get(language);
      get(names[std::move(language)]);
    }
  }
  void get(InputValue& value) {
    switch (number()) {
      case 0: value = std::monostate{}; break;
      case 1: value = flag(); break;
      case 2: value = signed_number(); break;
      case 3: value = Decimal::from_raw(signed_number()); break;
      case 4: {
        const std::int64_t days = signed_number();
        if (days < INT32_MIN || days > INT32_MAX) fail();
        value = Date::from_days(static_cast<std::int32_t>(days));
        break;
      }
      case 5: get(value.emplace<std::string>()); break;
      default: fail();
    }
  }
  void get(InputRecord& record) {
    record.fields.resize(count());
    for (auto& [name, value] : record.fields) {
      get(name);
      get(value);
    }
  }
  void get(Household& household) {
    get(static_cast<InputRecord&>(household));
    get(household.id);
    get(household.members);
  }
  void get(TableNode& node) {
    if (++depth_ > max_table_depth) fail();
    if (!ok_) return;
    get(node.pos);
    node.is_map = flag();
    node.is_null = flag();
    get(node.scalar);
    node.entries.resize(count());
    for (auto& entry : node.entries) {
      get(entry.key);
      get(entry.value);
    }
    --depth_;
  }
  template <typename T>
  void get(std::optional<T>& value) {
    if (flag()) get(value.emplace());
  }
  template <typename T>
  void get(std::vector<T>& items) {
    items.resize(count());
    for (auto& item : items) {
      if (!ok_) return;
      get(item);
    }
  }

  void get(LabelDecl& l) { get(l.language), get(l.key), get(l.text); }
  void get(RuleSetHeader& h) {
    get(h.id), get(h.name), get(h.currency), get(h.description), get(h.labels), get(h.version), get(h.stale_parameters), get(h.stale_facts);
  }
  void get(EnumDecl& e) { get(e.name), get(e.description), get(e.values); }
  void get(FieldDecl& f) {
    get(f.name), f.member = flag(), get(f.type), get(f.description), f.required = flag();
    get(f.min), get(f.max), get(f.default_value), get(f.not_after), get(f.max_age);
    get(f.question), get(f.source_agency), get(f.source_data);
  }
  void get(ParameterKeyDecl& k) { get(k.name), get(k.type), k.bracket = flag(); }
  void get(DatedValueDecl& v) { get(v.date), get(v.value); }
  void get(ParameterDecl& p) {
    get(p.name), get(p.description), get(p.type), get(p.source), get(p.confidence);
    get(p.keys), get(p.values), get(p.until), get(p.valid_until);
  }
  void get(VariableDecl& v) {
    get(v.name), v.member = flag(), get(v.type), get(v.description), get(v.source), get(v.formula);
  }
  void get(UnitKindDecl& u) { get(u.name), get(u.description), get(u.key); }
  void get(CriterionDecl& c) {
    get(c.id), get(c.description), get(c.condition), get(c.decided_by), get(c.members);
  }
  void get(AmountDecl& a) { get(a.formula), get(a.rounding_unit), get(a.rounding_mode), get(a.period); }
  void get(UnitDecl& u) { get(u.each), get(u.where); }
  void get(ProgrammeDecl& p) {
    get(p.id), get(p.name), get(p.ministry), get(p.department), get(p.legal_basis);
    get(p.catalogue_id), get(p.catalogue_date), get(p.url), get(p.support_cycle), get(p.provision);
    get(p.active_from), get(p.active_to), get(p.unit), get(p.criteria), get(p.amount), get(p.not_encoded), get(p.notes);
    p.file = files_.path(file_);
  }
  void get(RelationDecl& r) {
    get(r.id), get(r.kind), get(r.programmes), get(r.keep), get(r.programme);
    get(r.requires_programmes), get(r.description), get(r.source), get(r.per);
  }
  void get(ExpectedUnitDecl& u) { get(u.member), get(u.status), get(u.amount), get(u.missing); }
  void get(ExpectedOutcomeDecl& e) { get(e.programme), get(e.status), get(e.amount), get(e.missing), get(e.units); }
  void get(ExpectedValueDecl& v) { get(v.name), get(v.value); }
  void get(TestDecl& t) {
    get(t.name), get(t.date), get(t.household), get(t.household_pos), get(t.expect), get(t.variables);
  }

 private:
  std::uint64_t fail() {
    ok_ = false;
    at_ = in_.size();  // every later read finds nothing
    return 0;
  }

  std::string_view in_;
  std::size_t at_ = 0;
  const SourceFiles& files_;
  int file_;
  bool ok_ = true;
  int depth_ = 0;
};

template <typename Visit>
void each_part(Visit&& visit, auto& declarations) {
  visit(declarations.headers);
  visit(declarations.enums);
  visit(declarations.fields);
  visit(declarations.parameters);
  visit(declarations.variables);
  visit(declarations.unit_kinds);
  visit(declarations.programmes);
  visit(declarations.relations);
  visit(declarations.tests);
}

}  // namespace

std::optional<std::string> encode_file_declarations(const Declarations& declarations, const SourceFiles& files,
                                                    int file) {
  Encoder encoder(files, file);
  each_part([&](const auto& part) { encoder.put(part); }, declarations);
  if (encoder.failed()) return std::nullopt;
  return encoder.take();
}

std::optional<Declarations> decode_file_declarations(std::string_view bytes, const SourceFiles& files, int file) {
  Decoder decoder(bytes, files, file);
  Declarations declarations;
  each_part([&](auto& part) { decoder.get(part); }, declarations);
  if (!decoder.complete()) return std::nullopt;
  return declarations;
}

}  // namespace ssis::detail
