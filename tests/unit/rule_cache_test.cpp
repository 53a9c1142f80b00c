// The cache of parsed rule files: a rule set loaded from the cache is the rule set loaded
// from its files (outcomes, explanations, diagnostics, fingerprint), a changed file is parsed
// again, and an entry that is corrupt, truncated or foreign is ignored.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>

#include "load/declarations_codec.hpp"
#include "load/yaml_loader.hpp"
#include "population/kr_population.hpp"
#include "rule_fixture.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/outcome.hpp"
#include "ssis/rule_tests.hpp"
#include "support/sha256.hpp"

namespace fs = std::filesystem;
using ssis::detail::CacheSettings;

namespace {

// A small rule set with a little of everything a rule file declares.
const std::map<std::string, std::string> small_rule_set = {
    {"ruleset.yaml", "ruleset:\n  id: t\n  name: {en: Test, ko: 시험}\n  currency: KRW\n  description: >\n    folded\n    text\n"},
    {"schema.yaml", test_support::base_schema},
    {"parameters.yaml", R"(parameters:
  base:
    type: money
    keys: [{name: size, type: int, match: bracket}]
    values:
      2024-01-01: {1: 100000, 2: 150000}
      2025-01-01: {1: 110000, 2: 160000}
  rate: {type: rate, values: {2024-01-01: 0.5}, until: 2030-12-31}
)"},
    {"programmes/support.yaml", R"(programme:
  id: support
  name: {en: Support, ko: 지원}
  ministry: {en: Ministry}
  source: {catalogue: X1, url: "https://example.org"}
  active: {from: 2024-01-01, to: ~}
  provision: [cash]
  criteria:
    - id: low
      condition: |
        sum(members, income) <
          base[size: count(members)] * rate
    - id: renting
      condition: "rent > 0"
      decided_by: official
  amount:
    formula: 'base[size: count(members)] - sum(members, income)'
    rounding: {unit: 10, mode: down}
    period: month
)"},
    {"tests/support.yaml", R"(tests:
  - name: one member
    date: 2025-06-30
    household:
      id: h1
      region: city
      rent: 1000
      members:
        - {birth_date: 1980-01-01, income: 10000.5, disabled: false}
        - {birth_date: 1990-02-03, income: ~, note: "quoted"}
    expect:
      support: {status: eligible, amount: 150000}
)"},
};

struct DirectLoad {
  ssis::detail::SourceFiles files;
  std::vector<ssis::Diagnostic> diagnostics;
  ssis::detail::Declarations declarations;
  ssis::detail::LoadedDirectory loaded;

  // Every declaration with its position and text, to compare loads.
  std::string encoded() const {
    std::string out;
    for (std::size_t f = 0; f < files.size(); ++f) out += files.path(static_cast<int>(f)) + "\n";
    auto show = [&](const ssis::detail::Text& text) {
      const auto at = files.locate(text.pos);
      out += fmt::format("{}@{}:{}:{}\n", text.value, text.pos.file, at.line, at.column);
    };
    for (const auto& e : declarations.enums) show(e.name);
    for (const auto& f : declarations.fields) show(f.name), show(f.type);
    for (const auto& p : declarations.parameters) {
      show(p.name);
      for (const auto& v : p.values) show(v.date), out += v.value.scalar + std::to_string(v.value.entries.size());
    }
    for (const auto& v : declarations.variables) show(v.name), out += v.formula.text;
    for (const auto& p : declarations.programmes) {
      show(p.id);
      out += p.file + "\n";
      for (const auto& c : p.criteria) {
        show(c.id);
        out += c.condition.text;
        for (const auto o : c.condition.offsets) out += std::to_string(o) + ",";
      }
      if (p.amount) out += p.amount->formula.text + (p.amount->rounding_mode ? p.amount->rounding_mode->value : "");
    }
    for (const auto& t : declarations.tests) show(t.name), out += std::to_string(t.household.members.size());
    return out;
  }
};

DirectLoad load_directly(const fs::path& root, const CacheSettings& cache) {
  DirectLoad out;
  ssis::detail::DiagnosticSink sink(out.files);
  out.loaded = ssis::detail::load_rule_directory(root, {}, cache, out.files, sink, out.declarations);
  out.diagnostics = sink.take();
  return out;
}

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("ssis_cache_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
  }
  ~TemporaryDirectory() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<fs::path> entries(const fs::path& directory) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(directory, ec)) out.push_back(e.path());
  return out;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Households of the synthetic population with facts that are not required dropped at
// random, so that outcomes are undetermined and missing facts are listed.
std::vector<ssis::Household> households_with_unknowns(const ssis::Schema& schema, std::size_t count) {
  auto households = ssis::population::KrPopulation(23, *ssis::Date::parse("2025-09-24")).take(count);
  std::mt19937 random(5);
  auto drop = [&](ssis::InputRecord& record, ssis::Level level) {
    std::erase_if(record.fields, [&](const auto& field) {
      const ssis::FieldInfo* info = schema.find_field(level, field.first);
      return (info == nullptr || !info->required) && random() % 5 == 0;
    });
  };
  for (auto& household : households) {
    drop(household, ssis::Level::household);
    for (auto& member : household.members) drop(member, ssis::Level::member);
  }
  return households;
}

}  // namespace

TEST_CASE("SHA-256 gives the digests of the standard's examples") {
  using ssis::detail::sha256;
  using ssis::detail::to_hex;
  CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(to_hex(ssis::detail::Sha256().add("ab").add("c").finish()) == to_hex(sha256("abc")));
  // pieces carry their length: "ab" + "c" is not "a" + "bc"
  CHECK(ssis::detail::Sha256().add_piece("ab").add_piece("c").finish() !=
        ssis::detail::Sha256().add_piece("a").add_piece("bc").finish());
}

TEST_CASE("the second load of unchanged rule files takes their declarations from the cache") {
  test_support::RuleDirectory rules(small_rule_set);
  TemporaryDirectory cache;
  const CacheSettings settings{cache.path(), 0};
  const DirectLoad fresh = load_directly(rules.path(), {});
  INFO(ssis::format(fresh.diagnostics));
  REQUIRE(fresh.diagnostics.empty());
  REQUIRE(fresh.loaded.complete);

  const DirectLoad first = load_directly(rules.path(), settings);
  CHECK(first.loaded.files_parsed == small_rule_set.size());
  REQUIRE(entries(cache.path()).size() == 1);  // one entry, no temporary file left behind
  const DirectLoad second = load_directly(rules.path(), settings);
  CHECK(second.loaded.files_parsed == 0);
  CHECK(second.loaded.complete);
  CHECK(second.diagnostics.empty());
  CHECK(second.encoded() == fresh.encoded());
  CHECK(entries(cache.path()).size() == 1);

  SUBCASE("rule sets below the size threshold are not cached") {
    TemporaryDirectory other;
    const std::uintmax_t large = 1u << 30;
    CHECK(load_directly(rules.path(), {other.path(), large}).loaded.files_parsed == small_rule_set.size());
    CHECK(entries(other.path()).empty());
  }
  SUBCASE("a changed byte or a new file is parsed again, and only that file") {
    const fs::path file = rules.path() / "programmes" / "support.yaml";
    std::string text = read_bytes(file);
    text.replace(text.find("mode: down"), 10, "mode: up  ");
    write_bytes(file, text);
    const DirectLoad changed = load_directly(rules.path(), settings);
    CHECK(changed.loaded.files_parsed == 1);
    CHECK(changed.encoded() == load_directly(rules.path(), {}).encoded());
    CHECK(changed.encoded() != fresh.encoded());
    CHECK(load_directly(rules.path(), settings).loaded.files_parsed == 0);

    write_bytes(rules.path() / "extra.yaml", "variables:\n  x:\n    formula: 1\n");
    const DirectLoad added = load_directly(rules.path(), settings);
    CHECK(added.loaded.files_parsed == 1);
    CHECK(added.declarations.variables.size() == fresh.declarations.variables.size() + 1);
    CHECK(added.encoded() == load_directly(rules.path(), {}).encoded());
  }
  SUBCASE("a renamed file keeps its declarations under its new path and positions") {
    fs::rename(rules.path() / "programmes" / "support.yaml", rules.path() / "a_support.yaml");
    const DirectLoad renamed = load_directly(rules.path(), settings);
    CHECK(renamed.loaded.files_parsed == 0);  // the same bytes
    CHECK(renamed.encoded() == load_directly(rules.path(), {}).encoded());
    REQUIRE(renamed.declarations.programmes.size() == 1);
    CHECK(renamed.declarations.programmes[0].file == (rules.path() / "a_support.yaml").string());
  }
  SUBCASE("different loading limits miss the cache") {
    DirectLoad limited;
    ssis::detail::DiagnosticSink sink(limited.files);
    limited.loaded = ssis::detail::load_rule_directory(rules.path(), {.max_file_bytes = 1u << 20}, settings,
                                                       limited.files, sink, limited.declarations);
    CHECK(limited.loaded.files_parsed == small_rule_set.size());
  }
  SUBCASE("a corrupt, truncated, empty or foreign entry is ignored and replaced") {
    const fs::path entry = entries(cache.path()).at(0);
    const std::string good = read_bytes(entry);
    std::vector<std::string> bad;
    for (const std::size_t at : {std::size_t{0}, std::size_t{40}, good.size() / 2, good.size() - 1}) {
      std::string flipped = good;
      flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
      bad.push_back(flipped);
    }
    bad.push_back(good.substr(0, good.size() / 2));
    bad.push_back(good.substr(0, good.size() - 1));
    bad.push_back(good + "x");
    bad.push_back("");
    bad.push_back(std::string(good.size(), '\xff'));
    // the entry of another rule set (no file in common), in the place of this one's
    test_support::RuleDirectory other(
        {{"ruleset.yaml", test_support::header}, {"schema.yaml", std::string(test_support::base_schema) + "# other\n"}});
    TemporaryDirectory other_cache;
    load_directly(other.path(), {other_cache.path(), 0});
    bad.push_back(read_bytes(entries(other_cache.path()).at(0)));
    for (std::size_t b = 0; b < bad.size(); ++b) {
      INFO("damaged entry ", b);
      write_bytes(entry, bad[b]);
      const DirectLoad reloaded = load_directly(rules.path(), settings);
      CHECK(reloaded.loaded.files_parsed == small_rule_set.size());
      CHECK(reloaded.diagnostics.empty());
      CHECK(reloaded.encoded() == fresh.encoded());
      CHECK(read_bytes(entry) == good);  // written again
    }
  }
  SUBCASE("a cache directory that cannot be used leaves loading as it is") {
    TemporaryDirectory blocked;
    write_bytes(blocked.path(), "a file, not a directory");
    const DirectLoad loaded = load_directly(rules.path(), {blocked.path() / "ssis", 0});
    CHECK(loaded.loaded.files_parsed == small_rule_set.size());
    CHECK(loaded.loaded.complete);
    CHECK(loaded.encoded() == fresh.encoded());
    fs::remove(blocked.path());
  }
}

TEST_CASE("a rule file with problems is never cached: it is parsed and reported on every load") {
  for (const char* broken : {"variables:\n  x:\n    formula: [1, 2\n", "variables:\n  x:\n    formla: 1\n"}) {
    auto files = small_rule_set;
    files["variables.yaml"] = broken;
    test_support::RuleDirectory rules(files);
    TemporaryDirectory cache;
    const DirectLoad fresh = load_directly(rules.path(), {});
    REQUIRE_FALSE(fresh.diagnostics.empty());
    for (int i = 0; i < 2; ++i) {
      const DirectLoad loaded = load_directly(rules.path(), {cache.path(), 0});
      CHECK(loaded.loaded.files_parsed == (i == 0 ? files.size() : 1));
      CHECK(ssis::format(loaded.diagnostics) == ssis::format(fresh.diagnostics));
      CHECK(loaded.loaded.complete == fresh.loaded.complete);
      CHECK(loaded.encoded() == fresh.encoded());
    }
  }
}

TEST_CASE("the cache keeps the 32 entries written last and removes abandoned temporary files") {
  test_support::RuleDirectory rules(small_rule_set);
  TemporaryDirectory cache;
  fs::create_directories(cache.path());
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
  for (int e = 0; e < 40; ++e) {
    const fs::path entry = cache.path() / ("rules-old" + std::to_string(e) + ".bin");
    write_bytes(entry, "an entry of another rule set");
    fs::last_write_time(entry, old + std::chrono::minutes(e));
  }
  const fs::path abandoned = cache.path() / "rules-x.bin.tmp-1-0";
  const fs::path in_progress = cache.path() / "rules-y.bin.tmp-2-0";
  write_bytes(abandoned, "half");
  fs::last_write_time(abandoned, old);
  write_bytes(in_progress, "half");
  write_bytes(cache.path() / "unrelated.txt", "not an entry");

  CHECK(load_directly(rules.path(), {cache.path(), 0}).loaded.files_parsed == small_rule_set.size());
  std::vector<std::string> names;
  for (const auto& path : entries(cache.path())) names.push_back(path.filename().string());
  std::sort(names.begin(), names.end());
  CHECK(std::count_if(names.begin(), names.end(), [](const std::string& n) { return n.ends_with(".bin"); }) == 32);
  for (int e = 0; e < 9; ++e)  // the oldest went
    CHECK_FALSE(std::binary_search(names.begin(), names.end(), "rules-old" + std::to_string(e) + ".bin"));
  CHECK(std::binary_search(names.begin(), names.end(), "rules-old9.bin"));
  CHECK_FALSE(std::binary_search(names.begin(), names.end(), abandoned.filename().string()));
  CHECK(std::binary_search(names.begin(), names.end(), in_progress.filename().string()));
  CHECK(std::binary_search(names.begin(), names.end(), "unrelated.txt"));
  CHECK(load_directly(rules.path(), {cache.path(), 0}).loaded.files_parsed == 0);  // its own entry is kept
}

TEST_CASE("a rule set none of whose files can be cached leaves no entry") {
  test_support::RuleDirectory rules({{"a.yaml", "variables:\n  x:\n    formula: [1, 2\n"}, {"b.yaml", "nope: 1\n"}});
  TemporaryDirectory cache;
  const DirectLoad loaded = load_directly(rules.path(), {cache.path(), 0});
  CHECK(loaded.diagnostics.size() == 2);
  CHECK(entries(cache.path()).empty());
}

TEST_CASE("a cut or damaged encoding of a file's declarations is rejected, never misread") {
  using ssis::detail::decode_file_declarations;
  using ssis::detail::encode_file_declarations;
  test_support::RuleDirectory rules(small_rule_set);
  for (const char* name : {"programmes/support.yaml", "tests/support.yaml", "parameters.yaml", "ruleset.yaml"}) {
    DirectLoad one;
    ssis::detail::DiagnosticSink sink(one.files);
    test_support::RuleDirectory single({{name, small_rule_set.at(name)}});
    one.loaded = ssis::detail::load_rule_directory(single.path(), {}, {}, one.files, sink, one.declarations);
    REQUIRE(one.files.size() == 1);
    const auto encoded = encode_file_declarations(one.declarations, one.files, 0);
    REQUIRE(encoded);
    const auto decoded = decode_file_declarations(*encoded, one.files, 0);
    REQUIRE(decoded);
    CHECK(encode_file_declarations(*decoded, one.files, 0) == encoded);
    for (std::size_t size = 0; size < encoded->size(); ++size)
      CHECK_FALSE(decode_file_declarations(std::string_view(*encoded).substr(0, size), one.files, 0));
    // Damaged bytes decode to nothing or to declarations whose every position is in the file
    // (the entry's checksum rejects them before this; here nothing may crash either).
    std::mt19937 random(3);
    for (int trial = 0; trial < 1000; ++trial) {
      std::string damaged = *encoded;
      damaged[random() % damaged.size()] = static_cast<char>(random());
      if (const auto any = decode_file_declarations(damaged, one.files, 0)) CHECK(encode_file_declarations(*any, one.files, 0));
    }
    // positions are checked against the file they are decoded for
    ssis::detail::SourceFiles shorter;
    shorter.add(one.files.path(0), "x");
    CHECK_FALSE(decode_file_declarations(*encoded, shorter, 0));
  }
}

TEST_CASE("rules/kr loaded from the cache gives the outcomes, explanations, tests and fingerprint of a fresh load") {
  TemporaryDirectory cache;
  ssis::LoadOptions fresh_options;
  fresh_options.cache_directory.clear();
  ssis::LoadOptions cached_options;
  cached_options.cache_directory = cache.path();
  const ssis::LoadResult fresh = ssis::RuleSet::load(SSIS_RULES_KR, fresh_options);
  const ssis::LoadResult writing = ssis::RuleSet::load(SSIS_RULES_KR, cached_options);
  REQUIRE(entries(cache.path()).size() == 1);
  CHECK(load_directly(SSIS_RULES_KR, {cache.path(), cached_options.cache_min_bytes}).loaded.files_parsed == 0);
  const ssis::LoadResult cached = ssis::RuleSet::load(SSIS_RULES_KR, cached_options);
  REQUIRE(fresh.rules);
  REQUIRE(writing.rules);
  REQUIRE(cached.rules);
  CHECK(ssis::format(cached.diagnostics) == ssis::format(fresh.diagnostics));
  CHECK(cached.rules->fingerprint() == fresh.rules->fingerprint());
  CHECK(cached.rules->test_count() == fresh.rules->test_count());
  REQUIRE(cached.rules->programmes().size() == fresh.rules->programmes().size());
  for (std::size_t p = 0; p < fresh.rules->programmes().size(); ++p) {
    CHECK(cached.rules->programmes()[p].id == fresh.rules->programmes()[p].id);
    CHECK(cached.rules->programmes()[p].file == fresh.rules->programmes()[p].file);
  }
  const ssis::RuleTestReport tests = ssis::run_rule_tests(*cached.rules);
  CHECK(tests.failures.empty());

  ssis::Evaluator from_files(*fresh.rules);
  ssis::Evaluator from_cache(*cached.rules);
  const ssis::Date day = *ssis::Date::parse("2025-09-24");
  const auto households = households_with_unknowns(fresh.rules->schema(), 400);
  for (std::size_t i = 0; i < households.size(); ++i) {
    const bool explain = i % 4 == 0;
    INFO("household ", i, explain ? " explained" : "");
    CHECK(ssis::to_json(from_cache.evaluate(households[i], day, explain)) ==
          ssis::to_json(from_files.evaluate(households[i], day, explain)));
  }
}

TEST_CASE("a small rule set with diagnostics reports them alike from the cache and from its files") {
  // Problems found by checking, not by reading, so that the declarations are cached.
  auto files = small_rule_set;
  files["variables.yaml"] = "variables:\n  x:\n    formula: no_such_field + 1\n  y:\n    formula: 1 +\n";
  test_support::RuleDirectory rules(files);
  TemporaryDirectory cache;
  ssis::LoadOptions fresh_options;
  fresh_options.cache_directory.clear();
  ssis::LoadOptions cached_options;
  cached_options.cache_directory = cache.path();
  cached_options.cache_min_bytes = 0;
  const ssis::LoadResult fresh = ssis::RuleSet::load(rules.path(), fresh_options);
  REQUIRE_FALSE(fresh.diagnostics.empty());
  ssis::RuleSet::load(rules.path(), cached_options);
  REQUIRE(load_directly(rules.path(), {cache.path(), 0}).loaded.files_parsed == 0);
  const ssis::LoadResult cached = ssis::RuleSet::load(rules.path(), cached_options);
  CHECK_FALSE(cached.rules);
  CHECK(ssis::format(cached.diagnostics) == ssis::format(fresh.diagnostics));
}

TEST_CASE("the cache directory comes from SSIS_CACHE_DIR, XDG_CACHE_HOME or HOME") {
  auto saved = [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  const auto ssis_dir = saved("SSIS_CACHE_DIR"), xdg = saved("XDG_CACHE_HOME"), home = saved("HOME");
  ::unsetenv("SSIS_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/x", 1);
  ::setenv("HOME", "/h", 1);
  CHECK(ssis::default_cache_directory() == fs::path("/x/ssis"));
  ::unsetenv("XDG_CACHE_HOME");
  CHECK(ssis::default_cache_directory() == fs::path("/h/.cache/ssis"));
  ::setenv("SSIS_CACHE_DIR", "/s", 1);
  CHECK(ssis::default_cache_directory() == fs::path("/s"));
  ::setenv("SSIS_CACHE_DIR", "", 1);  // set and empty: no cache
  CHECK(ssis::default_cache_directory().empty());
  ::unsetenv("SSIS_CACHE_DIR");
  ::unsetenv("HOME");
  CHECK(ssis::default_cache_directory().empty());
  auto restore = [](const char* name, const std::optional<std::string>& value) {
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  };
  restore("SSIS_CACHE_DIR", ssis_dir);
  restore("XDG_CACHE_HOME", xdg);
  restore("HOME", home);
}
