#pragma once
/// The whole public API of ssis.
#include "ssis/date.hpp"
#include "ssis/decimal.hpp"
#include "ssis/diagnostic.hpp"
#include "ssis/error.hpp"
#include "ssis/evaluator.hpp"
#include "ssis/household.hpp"
#include "ssis/household_json.hpp"
#include "ssis/outcome.hpp"
#include "ssis/rule_set.hpp"
#include "ssis/rule_tests.hpp"
#include "ssis/schema.hpp"
#include "ssis/value.hpp"
