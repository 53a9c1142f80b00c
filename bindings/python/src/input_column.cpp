#include "input_column.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "errors.hpp"
#include "python_values.hpp"

namespace py = pybind11;

namespace ssis::python {
namespace {

// One cell for a field: its raw value, missing, or a value the household binding would
// reject or convert with a message (then the cells are taken one by one).
struct CellRaw {
  enum class State : std::uint8_t { value, missing, unclean };
  State state = State::unclean;
  std::int64_t raw = 0;

  static CellRaw value(std::int64_t raw) { return {State::value, raw}; }
  static CellRaw missing() { return {State::missing, 0}; }
  static CellRaw unclean() { return {State::unclean, 0}; }
};

// The raw value of a non-null input for `field`, where the household binding takes it
// without a problem (ssis's raw_from_input: the same conversions, its errors left out).
CellRaw clean_raw(const InputValue& value, const FieldInfo& field, const Schema& schema) {
  switch (field.type.kind) {
    case ValueKind::boolean:
      if (const bool* b = std::get_if<bool>(&value)) return CellRaw::value(*b ? 1 : 0);
      break;
    case ValueKind::integer:
      if (const auto* i = std::get_if<std::int64_t>(&value)) return CellRaw::value(*i);
      if (const auto* d = std::get_if<Decimal>(&value))
        if (const auto whole = d->to_int()) return CellRaw::value(*whole);
      break;
    case ValueKind::decimal:
    case ValueKind::money:
      if (const auto* i = std::get_if<std::int64_t>(&value))
        if (const auto d = Decimal::from_int(*i)) return CellRaw::value(d->raw());
      if (const auto* d = std::get_if<Decimal>(&value)) return CellRaw::value(d->raw());
      break;
    case ValueKind::date:
      if (const auto* d = std::get_if<Date>(&value)) return CellRaw::value(d->days());
      if (const auto* s = std::get_if<std::string>(&value))
        if (const auto d = Date::parse(*s)) return CellRaw::value(d->days());
      break;
    case ValueKind::enumeration:
      if (const auto* s = std::get_if<std::string>(&value)) {
        const int index = schema.enums()[static_cast<std::size_t>(field.type.enum_index)].find(*s);
        if (index >= 0) return CellRaw::value(index);
      }
      break;
  }
  return CellRaw::unclean();
}

CellRaw clean_input(const InputValue& value, const FieldInfo& field, const Schema& schema) {
  if (std::holds_alternative<std::monostate>(value)) return CellRaw::missing();
  return clean_raw(value, field, schema);
}

// Element `element` of a values array as an input value. Throws ValueProblem.
InputValue element_value(const py::array& values, char kind, std::size_t element) {
  const void* cell = values.data(static_cast<py::ssize_t>(element));
  switch (kind) {
    case 'b': return *static_cast<const bool*>(cell);
    case 'i': return *static_cast<const std::int64_t*>(cell);
    case 'f': return float_input_value(*static_cast<const double*>(cell));
    case 'M': {
      const std::int64_t days = *static_cast<const std::int64_t*>(cell);
      if (days == INT64_MIN) return std::monostate{};  // NaT
      return days_input_value(days);
    }
    default: return to_input_value(*static_cast<PyObject* const*>(cell));
  }
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Converts the elements of a values array for one field; each distinct text once.
class ElementConverter {
 public:
  ElementConverter(const py::array& values, char kind, const Schema& schema, const FieldInfo& field)
      : values_(values), kind_(kind), schema_(schema), field_(field) {}

  CellRaw operator()(std::size_t element) {
    try {
      if (kind_ == 'O') return object(*static_cast<PyObject* const*>(values_.data(static_cast<py::ssize_t>(element))));
      return clean_input(element_value(values_, kind_, element), field_, schema_);
    } catch (const ValueProblem&) {
      return CellRaw::unclean();
    }
  }

 private:
  CellRaw object(PyObject* object) {
    if (!PyUnicode_Check(object)) return clean_input(to_input_value(object), field_, schema_);
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(object, &size);
    if (utf8 == nullptr) {  // lone surrogates: the binding reports them
      PyErr_Clear();
      return CellRaw::unclean();
    }
    const std::string_view text(utf8, static_cast<std::size_t>(size));
    if (const auto it = texts_.find(text); it != texts_.end()) return it->second;
    const CellRaw raw = clean_raw(std::string(text), field_, schema_);
    texts_.emplace(text, raw);
    return raw;
  }

  const py::array& values_;
  char kind_;
  const Schema& schema_;
  const FieldInfo& field_;
  std::unordered_map<std::string, CellRaw, TextHash, std::equal_to<>> texts_;
};

bool c_contiguous_int64(const py::array& array) {
  return array.dtype().kind() == 'i' && array.itemsize() == 8 && (array.shape(0) <= 1 || array.strides(0) == 8);
}

}  // namespace

InputColumn::InputColumn(std::string table, std::string name, py::array values, std::optional<py::array> codes,
                         std::optional<py::array> given)
    : table_(std::move(table)), name_(std::move(name)), values_(std::move(values)), kind_(values_.dtype().kind()) {
  if (values_.ndim() != 1) throw CellError(table_, name_, std::nullopt, "must be one-dimensional");
  const std::string dtype = py::str(values_.dtype());
  const bool supported = kind_ == 'b' || kind_ == 'O' || (kind_ == 'i' && values_.itemsize() == 8) ||
                         (kind_ == 'f' && values_.itemsize() == 8) || (kind_ == 'M' && dtype == "datetime64[D]");
  if (!supported) throw CellError(table_, name_, std::nullopt, fmt::format("has the unsupported dtype {}", dtype));
  if (codes) {
    if (codes->ndim() != 1 || codes->dtype().kind() != 'i')
      throw CellError(table_, name_, std::nullopt, "the categorical codes must be a 1-D integer array");
    codes_ = codes->cast<py::array_t<std::int64_t>>();
    const auto view = codes_->unchecked<1>();
    for (py::ssize_t r = 0; r < view.shape(0); ++r)
      if (view(r) >= values_.shape(0))
        throw CellError(table_, name_, static_cast<std::size_t>(r), fmt::format("the categorical code {} has no category", view(r)));
  }
  if (given) {
    if (given->ndim() != 1 || given->dtype().kind() != 'b') throw CellError(table_, name_, std::nullopt, "the mask must be a 1-D bool array");
    given_ = given->cast<py::array_t<bool>>();
    if (static_cast<std::size_t>(given_->shape(0)) != size())
      throw CellError(table_, name_, std::nullopt, fmt::format("has a mask of {} rows for {} values", given_->shape(0), size()));
  }
}

std::size_t InputColumn::size() const { return static_cast<std::size_t>(codes_ ? codes_->shape(0) : values_.shape(0)); }

InputValue InputColumn::at(std::size_t row) const {
  if (given_ && !given_->at(static_cast<py::ssize_t>(row))) return std::monostate{};
  std::size_t element = row;
  if (codes_) {
    const std::int64_t code = codes_->at(static_cast<py::ssize_t>(row));
    if (code < 0) return std::monostate{};
    element = static_cast<std::size_t>(code);
  }
  try {
    return element_value(values_, kind_, element);
  } catch (const ValueProblem& e) {
    throw CellError(table_, name_, row, e.what());
  }
}

std::optional<std::span<const std::int64_t>> InputColumn::int64_values() const {
  if (codes_ || given_ || !c_contiguous_int64(values_)) return std::nullopt;
  return std::span<const std::int64_t>(static_cast<const std::int64_t*>(values_.data()), size());
}

std::optional<RawValues> InputColumn::raw(const Schema& schema, const FieldInfo& field, std::span<const std::size_t> rows) const {
  RawValues out;
  const std::size_t count = rows.empty() ? size() : rows.size();
  if (const auto in_place = int64_values(); in_place && rows.empty() && field.type.kind == ValueKind::integer) {
    out.in_place = *in_place;  // int64 for an int field: read where it is
    return out;
  }
  ElementConverter element(values_, kind_, schema, field);
  // Categories are converted once each, before the cells that refer to them.
  std::vector<CellRaw> categories;
  if (codes_) {
    categories.reserve(static_cast<std::size_t>(values_.shape(0)));
    for (py::ssize_t c = 0; c < values_.shape(0); ++c) categories.push_back(element(static_cast<std::size_t>(c)));
  }
  const auto codes = codes_ ? std::optional(codes_->unchecked<1>()) : std::nullopt;
  const auto given = given_ ? std::optional(given_->unchecked<1>()) : std::nullopt;
  out.storage.resize(count);
  out.given.assign(count, 1);
  for (std::size_t i = 0; i < count; ++i) {
    const auto row = static_cast<py::ssize_t>(rows.empty() ? i : rows[i]);
    CellRaw cell = CellRaw::missing();
    if (!given || (*given)(row)) {
      if (!codes) {
        cell = element(static_cast<std::size_t>(row));
      } else if ((*codes)(row) >= 0) {
        cell = categories[static_cast<std::size_t>((*codes)(row))];
      }
    }
    if (cell.state == CellRaw::State::unclean) return std::nullopt;
    out.storage[i] = cell.raw;
    out.given[i] = cell.state == CellRaw::State::value ? 1 : 0;
  }
  if (std::find(out.given.begin(), out.given.end(), std::uint8_t{0}) == out.given.end()) out.given.clear();
  return out;
}

}  // namespace ssis::python
