#pragma once
/// A loaded, checked and compiled rule set. Immutable: copies share one compiled plan and
/// may be used from any number of threads at once.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ssis/diagnostic.hpp"
#include "ssis/labels.hpp"
#include "ssis/schema.hpp"

namespace ssis {

namespace detail {
struct RuleModel;
struct RuleSetAccess;  // the engine's own way to the compiled model, outside the public headers
}

/// The period an amount is paid for, as a programme's `amount.period` states it.
enum class AmountPeriod : std::uint8_t { hour, day, month, quarter, half_year, semester, year, once };
/// Every period, in the order above.
inline constexpr AmountPeriod amount_periods[] = {AmountPeriod::hour,      AmountPeriod::day,      AmountPeriod::month,
                                                  AmountPeriod::quarter,   AmountPeriod::half_year, AmountPeriod::semester,
                                                  AmountPeriod::year,      AmountPeriod::once};
/// "month", "half_year", ...
std::string_view to_string(AmountPeriod period);
/// nullopt unless `name` is one of the names to_string gives.
std::optional<AmountPeriod> parse_amount_period(std::string_view name);

struct CriterionInfo {
  std::string id;
  std::string description;
  std::string decided_by;  ///< data | official | document | medical
  std::string condition;   ///< the expression as written
};

/// Who a programme is assessed for and paid to: the household as a whole, or each member
/// (each member who meets the programme's `unit.where`), one decision per member.
enum class ProgrammeUnit : std::uint8_t { household, member };
std::string_view to_string(ProgrammeUnit unit);

struct ProgrammeInfo {
  std::string id;
  std::map<std::string, std::string> name;      ///< language -> name ("ko", "en", ...)
  std::map<std::string, std::string> ministry;  ///< language -> ministry
  std::string department;
  std::string legal_basis;
  std::string catalogue_id;  ///< the service's id in the national catalogue (servId)
  std::string catalogue_date;
  std::string url;
  std::string support_cycle;
  std::vector<std::string> provision;
  std::optional<Date> active_from;
  std::optional<Date> active_to;
  ProgrammeUnit unit = ProgrammeUnit::household;
  std::string unit_where;  ///< members: the condition a member meets to be assessed ("": every member)
  std::vector<CriterionInfo> criteria;
  std::string amount_formula;  ///< empty when the programme states no amount
  std::optional<Decimal> rounding_unit;
  std::optional<RoundingMode> rounding_mode;
  std::optional<AmountPeriod> amount_period;  ///< none when the programme states none
  std::vector<std::string> not_encoded;
  std::vector<std::string> notes;
  std::string file;

  /// The name in `language`, else English, else any.
  const std::string& display_name(std::string_view language = "en") const;
  const std::string& display_ministry(std::string_view language = "en") const;
};

struct ParameterValueInfo {
  Date from;
  bool in_force = true;  ///< false for a `null` entry: no value from this date
  /// Each entry: the keys (as text) and the value (as text); one entry with no keys for scalars.
  std::vector<std::pair<std::vector<std::string>, std::string>> entries;
};

struct ParameterInfo {
  std::string name;
  std::string description;
  std::string type_name;
  std::string source;
  std::string confidence;
  std::vector<std::string> key_names;
  std::vector<ParameterValueInfo> values;  ///< sorted by date
  std::optional<Date> until;
  /// The last day its values are known to hold (`valid_until`): evaluating after it marks
  /// the programmes that use it (a warning, or an error when the rule set says so).
  std::optional<Date> valid_until;
};

struct VariableInfo {
  std::string name;
  std::string description;
  Level level = Level::household;
  std::string type_name;
  std::string formula;
  std::string source;
};

/// exclusive: at most one of a group is kept. requires_eligibility: eligible only if every
/// required programme is. requires_any_eligibility: eligible only if at least one is.
enum class RelationKind { exclusive, requires_eligibility, requires_any_eligibility };

struct RelationInfo {
  std::string id;
  RelationKind kind = RelationKind::exclusive;
  std::vector<std::string> programmes;  ///< the group, or the dependent programme first
  std::vector<std::string> required;    ///< for the requires kinds
  bool keep_highest_amount = false;     ///< else keep the first listed
  /// household: between the programmes' decisions for the household; member: between each
  /// member's decisions (every programme assessed per member), before the household's.
  ProgrammeUnit per = ProgrammeUnit::household;
  std::string description;
  std::string source;
};

/// Where parsed rule files are cached between loads: $SSIS_CACHE_DIR when set (set and empty:
/// no cache), else $XDG_CACHE_HOME/ssis, else $HOME/.cache/ssis; empty when none of them is set.
std::filesystem::path default_cache_directory();

struct LoadOptions {
  std::size_t max_expression_length = 4096;
  int max_expression_depth = 64;
  std::uintmax_t max_file_bytes = 16u << 20;
  std::size_t max_files = 20'000;
  /// The declarations read from rule files are kept here, so that a later load parses only
  /// the files whose bytes changed (checking and compiling always run); empty: no cache.
  std::filesystem::path cache_directory = default_cache_directory();
  /// Rule sets with fewer bytes of YAML than this are parsed every time (they parse in a few
  /// milliseconds) and leave nothing in the cache.
  std::uintmax_t cache_min_bytes = 256u << 10;
  /// A reform file (docs/what-if.md) applied to the rule set before it is checked; empty:
  /// none. Its problems are diagnostics at their place in it; the fingerprint covers it, and
  /// the rule set's own tests (written for the law as it stands) are left out.
  std::filesystem::path reform;
};

class RuleSet;
struct LoadResult;

class RuleSet {
 public:
  /// Reads, checks and compiles the rule-set directory. Never throws for problems in the
  /// rule files: they are returned as diagnostics.
  static LoadResult load(const std::filesystem::path& directory, const LoadOptions& options = {});
  /// As load(), but throws RuleError carrying the diagnostics when there are errors.
  static RuleSet load_or_throw(const std::filesystem::path& directory, const LoadOptions& options = {});

  const std::string& id() const;
  const std::string& currency() const;
  /// The words the engine writes around the rule set's text, per language (ruleset.yaml `labels:`).
  const Labels& labels() const;
  /// labels().get(label, language)
  const std::string& label(Label label, std::string_view language) const;
  /// The rule set's `version:` in ruleset.yaml ("" when it states none).
  const std::string& version() const;
  /// The SHA-256 of the rule set's canonical content (docs/audit.md): every rule file's path
  /// and bytes, and the reform's bytes when one was applied ("sha256:" and 64 hex digits).
  const std::string& fingerprint() const;
  const Schema& schema() const;
  const std::vector<ProgrammeInfo>& programmes() const;
  const std::vector<ParameterInfo>& parameters() const;
  const std::vector<VariableInfo>& variables() const;
  const std::vector<RelationInfo>& relations() const;
  /// Index of a programme, or -1.
  int programme_index(std::string_view id) const;
  std::size_t test_count() const;

 private:
  friend struct detail::RuleSetAccess;
  explicit RuleSet(std::shared_ptr<const detail::RuleModel> model) : model_(std::move(model)) {}
  std::shared_ptr<const detail::RuleModel> model_;
};

/// The result of loading: a rule set when there were no errors, and every diagnostic.
struct LoadResult {
  std::optional<RuleSet> rules;
  std::vector<Diagnostic> diagnostics;
};

}  // namespace ssis
