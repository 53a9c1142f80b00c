"""A seeded synthetic population of Korean households, as the tables
`RuleSet.evaluate_batch` reads: one row per household, one row per member, linked by
`household_id`, with the field names of the rules/kr schema.

The shapes are plausible, not statistics: household sizes close to the 2023 census
(35% single-person), ages, monthly earnings, property and regions drawn from simple
distributions. A few facts are left unknown (None) as in real case files.
"""
from __future__ import annotations

import datetime
from typing import Tuple

import numpy as np
import pandas as pd

SIDO = ["seoul", "busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "sejong", "gyeonggi",
        "gangwon", "chungbuk", "chungnam", "jeonbuk", "jeonnam", "gyeongbuk", "gyeongnam", "jeju"]
SIDO_SHARE = [0.18, 0.065, 0.046, 0.057, 0.028, 0.028, 0.022, 0.008, 0.265,
              0.03, 0.032, 0.041, 0.034, 0.035, 0.05, 0.064, 0.013]
METROPOLITAN = {"busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "sejong"}
HOUSEHOLD_SIZE_SHARE = [0.355, 0.288, 0.192, 0.128, 0.03, 0.007]  # 1 .. 6 members


def property_region(sido: str) -> str:
    """The 기본재산액 region of a 시·도."""
    if sido in ("seoul", "gyeonggi"):
        return sido
    return "metro" if sido in METROPOLITAN else "other"


def rent_tier(sido: str) -> str:
    """The 주거급여 기준임대료 급지 of a 시·도 (1급지 서울 ... 4급지 그 외)."""
    if sido == "seoul":
        return "tier1"
    if sido in ("gyeonggi", "incheon"):
        return "tier2"
    return "tier3" if sido in METROPOLITAN else "tier4"


def synthetic_population(households: int, seed: int = 2025,
                         date: datetime.date = datetime.date(2025, 9, 24)) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """(households, members) DataFrames for `households` households; the same seed gives
    the same population."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, households + 1)
    sido = rng.choice(SIDO, size=households, p=np.array(SIDO_SHARE) / sum(SIDO_SHARE))
    tenure = rng.choice(["owner", "tenant", "other"], size=households, p=[0.57, 0.38, 0.05])
    tenant = tenure == "tenant"
    rent = np.where(tenant, _round(rng.lognormal(np.log(450_000), 0.5, households), 10_000), 0)
    deposit = np.where(tenant, _round(rng.lognormal(np.log(30_000_000), 0.9, households), 1_000_000), 0)
    obligor = rng.random(households) < 0.55
    household_table = pd.DataFrame({
        "household_id": ids,
        "sido": sido,
        "property_region": [property_region(s) for s in sido],
        "housing_rent_tier": [rent_tier(s) for s in sido],
        "housing_tenure": tenure,
        "monthly_rent": rent,
        "rent_deposit": deposit,
        "has_support_obligor": obligor,
        # Unknown (NaN) where there is no obligor, or where the case file does not say.
        "support_obligor_annual_income": np.where(
            obligor & (rng.random(households) < 0.8), _round(rng.lognormal(np.log(42_000_000), 0.6, households), 100_000), np.nan),
        "livelihood_secured_by_other_law": False,
        "housing_provided_by_other_law": False,
    })
    sizes = rng.choice(np.arange(1, 7), size=households, p=HOUSEHOLD_SIZE_SHARE)
    member_rows = [_members(rng, household_id, int(size), date) for household_id, size in zip(ids, sizes)]
    member_table = pd.DataFrame([row for rows in member_rows for row in rows])
    member_table["birth_date"] = pd.to_datetime(member_table["birth_date"])
    return household_table, member_table


def _members(rng: np.random.Generator, household_id: int, size: int, date: datetime.date) -> list:
    head_age = int(rng.integers(20, 92) if size == 1 else rng.integers(27, 85))
    ages = [head_age]
    relations = ["head"]
    if size >= 2 and rng.random() < 0.85:
        ages.append(int(np.clip(head_age + rng.integers(-5, 4), 19, 95)))
        relations.append("spouse")
    while len(ages) < size:
        oldest_child = max(0, min(head_age - 20, 35))
        ages.append(int(rng.integers(0, oldest_child + 1)))
        relations.append("child")
    head_sex = "male" if rng.random() < 0.6 else "female"
    sexes = [head_sex] + [("female" if head_sex == "male" else "male") if relation == "spouse" else str(rng.choice(["female", "male"]))
                          for relation in relations[1:]]
    rows = []
    for index, (age, relation) in enumerate(zip(ages, relations)):
        rows.append({
            "household_id": household_id,
            "birth_date": date - datetime.timedelta(days=int(age * 365.25 + rng.integers(1, 365))),
            "sex": sexes[index],
            "relation_to_head": relation,
            "school_level": _school_level(rng, age),
            "earned_income": _earnings(rng, age),
            "general_property": _round(rng.lognormal(np.log(20_000_000), 1.2), 1_000_000) if relation == "head" else 0,
            "financial_property": _round(rng.lognormal(np.log(5_000_000), 1.3), 100_000) if age >= 19 else 0,
            "vehicle_value": _round(rng.lognormal(np.log(12_000_000), 0.5), 100_000) if relation == "head" and rng.random() < 0.6 else 0,
            "debt": _round(rng.lognormal(np.log(15_000_000), 1.0), 1_000_000) if relation == "head" and rng.random() < 0.4 else 0,
            # Registered disability is unknown for some adults.
            "disability_registered": None if age >= 19 and rng.random() < 0.05 else bool(rng.random() < 0.05),
        })
    return rows


def _school_level(rng: np.random.Generator, age: int) -> str:
    if 6 <= age <= 11:
        return "elementary"
    if 12 <= age <= 14:
        return "middle"
    if 15 <= age <= 17:
        return "high"
    if 18 <= age <= 22 and rng.random() < 0.6:
        return "university"
    return "none"


def _earnings(rng: np.random.Generator, age: int) -> int:
    works = 19 <= age <= 64 and rng.random() < 0.72 or 65 <= age <= 80 and rng.random() < 0.3
    if not works:
        return 0
    median = 3_000_000 if age < 65 else 1_100_000
    return int(_round(rng.lognormal(np.log(median), 0.6), 10_000))


def _round(values, unit: int):
    return np.round(np.asarray(values) / unit) * unit
