#pragma once
// Households read from JSON lines bound straight into a block's columns: each line is
// scanned once, its keys matched to the schema's fields and its values converted by their
// field's type, without a JSON tree, a record or a string per value. A line this reading
// does not settle (escapes in a string, an exponent, `as_of`, an unknown or repeated key, a
// value of another type, out of range or a required field without one, no members or too
// many, anything that is not plain JSON) is read by parse_household_json and bound by
// bind_household, so that the values accepted and the messages are exactly theirs.
#include <string>
#include <string_view>
#include <vector>

#include "eval/block.hpp"

namespace ssis::detail {

class JsonLineBinder {
 public:
  JsonLineBinder(const Schema& schema, const BindOptions& options);

  /// Appends the household of line `number` of the input, `text`, to `block` and sets `id` to
  /// its id (the line number when it has none). Throws InputError as parse_household_json and
  /// bind_household do, the block then unchanged (and `id` empty when the line is not a
  /// household object).
  void bind(std::string_view text, std::size_t number, Block& block, std::string& id);
  /// As bind when the line reads simply and every value checks out; false for anything
  /// else, leaving `block` and `id` unchanged.
  bool bind_directly(std::string_view text, std::size_t number, Block& block, std::string& id);

 private:
  struct FieldReader {
    const FieldInfo* field = nullptr;
    const EnumInfo* values = nullptr;  // of an enumeration
  };
  struct Record {  // one object's values, one per field of its level, and which keys it gave
    std::vector<BoundValue> values;
    std::vector<char> given;
  };
  class Scanner;

  bool read_object(Scanner& in, Level level, Record& record);
  bool read_value(Scanner& in, const FieldReader& reader, BoundValue& out) const;
  bool complete(Level level, Record& record) const;

  const Schema& schema_;
  BindOptions options_;
  std::vector<FieldReader> household_readers_;
  std::vector<FieldReader> member_readers_;
  Record household_;
  std::vector<Record> members_;  // the first member_count_ are the household's being bound
  std::size_t member_count_ = 0;
  std::string household_id_;  // as the line gives it, or empty
};

}  // namespace ssis::detail
