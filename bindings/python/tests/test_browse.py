"""What a rule set declares: programmes, parameters, schema, variables; pickling."""
import datetime
import pickle
from decimal import Decimal

import ssis


def test_programmes(mini, kr):
    support = mini.programme("income_support")
    assert (support.name, support.ministry, support.legal_basis) == ("Income support", "Ministry of Tests", "Test Act art. 1")
    assert support.names["ko"] == "생계지원"
    assert support.criteria == (ssis.Criterion("income", "income at or below the threshold", "data", "income <= threshold"),)
    assert (support.amount_formula, support.rounding_unit, support.rounding_mode, support.period) == (
        "threshold - income", Decimal("10"), "down", "month")
    assert support.source.file.endswith("programmes/support.yaml")
    assert mini.programme("elder_care").active_from == datetime.date(2024, 7, 1)
    assert {"nbls_education", "nbls_livelihood", "nbls_medical", "nbls_housing_rent"} <= {p.id for p in kr.programmes}
    livelihood = kr.programme("nbls_livelihood")
    assert livelihood.ministries["en"] == "Ministry of Health and Welfare"
    assert livelihood.legal_basis and livelihood.source.catalogue


def test_parameters(mini, kr):
    parameters = {p.name: p for p in mini.parameters}
    assert parameters["support_ratio"].values == (ssis.ParameterValue(datetime.date(2024, 1, 1), True, Decimal("0.32")),)
    median = parameters["median_income"]
    assert median.keys == ("size",)
    assert [v.start for v in median.values] == [datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)]
    assert median.values[1].value == {1: Decimal("2392013"), 2: Decimal("3932658"), 3: Decimal("5025353")}
    assert parameters["rent_cap"].values[0].value[("city", 3)] == Decimal("375000")
    assert any(p.name == "standard_median_income" for p in kr.parameters)


def test_schema(mini, kr):
    region = mini.schema.field("region")
    assert (region.level, region.type, region.required, region.values) == ("household", "region", True, ("capital", "city", "rural"))
    income = mini.schema.field("earned_income")
    assert (income.level, income.type, income.minimum, income.default, income.required) == ("member", "money", Decimal("0"), Decimal("0"), False)
    assert income.description == "monthly earned income"
    assert mini.schema.enums == (ssis.Enum("region", "region tier", ("capital", "city", "rural")),)
    assert kr.schema.field("property_region").values == ("seoul", "gyeonggi", "metro", "other")
    assert (kr.schema.field("birth_date").level, kr.schema.field("birth_date").required) == ("member", True)


def test_variables_and_relations(mini):
    variables = {v.name: v for v in mini.variables}
    assert (variables["age"].level, variables["age"].formula) == ("member", "age(birth_date)")
    assert mini.relations == ()


def test_rule_sets_pickle_as_their_path(mini):
    copy = pickle.loads(pickle.dumps(mini))
    assert (copy.fingerprint, copy.path) == (mini.fingerprint, mini.path)
