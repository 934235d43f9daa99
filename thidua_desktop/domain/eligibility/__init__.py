"""Eligibility for each danh hiệu / hình thức, quotas and suggestions.

May import the standard library and ``domain.titles`` / ``domain.rulesets`` only: no Qt, no SQL.
Small functions over plain input dataclasses; every number comes from a
:class:`~thidua_desktop.domain.rulesets.RuleSet`.

Modules, each importing only those before it
--------------------------------------------
``profiles``       the inputs (profiles of a person, collective, household) and the result
``conditions``     the reason accumulator, conditions every family reads, :func:`batch`
``individual``     LĐTT, CSTĐCS, CSTĐ cấp tỉnh, CSTĐ toàn quốc
``collective``     TTLĐTT, TTLĐXS, Cờ thi đua, and the counts over a unit's members
``commendations``  Giấy khen, Bằng khen tỉnh, Bằng khen Thủ tướng
``dispatch``       :func:`check_title` / :func:`check_titles`: a title's check for many subjects
``quotas``         suggestions (Gợi ý) and quotas

Inputs
------
Build one :class:`PersonProfile` per person (:meth:`PersonProfile.build`
groups the raw rows into ``year → data`` dicts once) and one
:class:`UnitProfile` per unit and year considered (its ``members`` are the
profiles of the people in the unit that year). A check then costs a few dict
look-ups: no history is scanned per call, so 200,000 registrations recompute
in well under a second (see the timing in the session report).

Results
-------
:class:`Eligibility` — ``status`` ``"ok"`` | ``"warning"`` | ``"blocked"`` and
Vietnamese ``reasons`` (blocking reasons first). The policy:

* **blocked** — a condition is known to fail: a past year missing from a
  chain ("Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở: thiếu năm 2024"), a
  xếp loại below the one required, too few months, disciplined in the year,
  under discipline review / inspection / investigation / complaint
  ("Đang bị xem xét kỷ luật"), a collective below a percentage.
* **warning** — the data to decide is not there yet, typically because the
  year considered is still running or decided in the same round: no xếp loại
  for the year yet ("Chưa có xếp loại Hoàn thành tốt nhiệm vụ năm 2026"), a
  same-year prerequisite that is satisfiable but not decided ("Chờ quyết định
  công nhận Lao động tiên tiến năm 2026 (xét cùng đợt)"), an initiative not yet
  recognised, members without data; and every condition of the rules marked
  warning-level (Cờ thi đua: ranking of the cụm/khối; Giấy khen: xếp loại;
  Bằng khen Thủ tướng unless ``bk_ttg_blocking``); and "already awarded this
  year" (unless that history entry came from the row's own decision:
  ``check_titles(own_decisions=…)``).
* **ok** — everything known holds.

Decisions where ``domain.md`` is silent (documented here, applied below):

* "Consecutive" chains end in the year considered; past years must be in
  the award history (``basis == "cong_trang"`` only — đột xuất and chuyên đề
  awards never count as a basis); the year considered counts when it is in
  the history, or is *pending* (warning) when that year's own title is not
  blocked. The message names every missing year.
* Disciplined "in the year": the discipline's effect period — ``date_from``
  to ``date_to``, or ``date_from`` plus ``discipline_effect_months`` of the
  rule set when ``date_to`` is empty — overlaps the calendar year. Blocks
  every title for an individual (danh hiệu and hình thức alike).
* Initiatives count in the years of the chain they support: CSTĐCS the year
  itself; CSTĐ cấp tỉnh the last ``cstd_tinh_initiative_window`` years (3);
  CSTĐ toàn quốc ``cstd_tq_initiative_window`` (6); Bằng khen tỉnh the years
  of the HTXSNV chain. A higher level satisfies a lower one. An initiative
  with ``level=None`` is registered but not recognised yet (warning).
* Collectives: a member counts as reaching LĐTT when the history has it, or
  is *pending* when the LĐTT check is ok but undecided (warning), *unknown*
  when the LĐTT check only warns (missing data). Percentages compare
  ``count * 100 >= pct * total`` exactly; the percentage shown is rounded
  for display only (never across the threshold).
* Bằng khen tỉnh for an individual passes on either path (2 CSTĐCS, or 2
  HTXSNV years with 2 initiatives); đột xuất / chuyên đề proposals
  (``basis``) skip the yearly conditions with a warning for the thẩm định.
"""

from .collective import check_co_tinh, check_ttldtt, check_ttldxs
from .commendations import check_bk_tinh, check_bk_ttg, check_gk
from .conditions import batch, disciplined_in_year
from .dispatch import check_title, check_titles
from .individual import check_cstd_tinh, check_cstd_tq, check_cstdcs, check_ldtt
from .profiles import (
    BASES,
    BLOCKED,
    ELIGIBLE,
    OK,
    REVIEW_KINDS,
    WARNING,
    AwardRecord,
    Discipline,
    Eligibility,
    HouseholdProfile,
    Initiative,
    PendingReview,
    PersonProfile,
    Subject,
    UnitProfile,
    YearEvaluation,
    add_award,
    subject_kind,
)
from .quotas import QuotaCheck, Suggestion, check_quota, check_quota_groups, quota_limit, suggest

__all__ = [
    "BASES",
    "BLOCKED",
    "ELIGIBLE",
    "OK",
    "REVIEW_KINDS",
    "WARNING",
    "AwardRecord",
    "Discipline",
    "Eligibility",
    "HouseholdProfile",
    "Initiative",
    "PendingReview",
    "PersonProfile",
    "QuotaCheck",
    "Subject",
    "Suggestion",
    "UnitProfile",
    "YearEvaluation",
    "add_award",
    "batch",
    "check_bk_tinh",
    "check_bk_ttg",
    "check_co_tinh",
    "check_cstd_tinh",
    "check_cstd_tq",
    "check_cstdcs",
    "check_gk",
    "check_ldtt",
    "check_quota",
    "check_quota_groups",
    "check_title",
    "check_titles",
    "check_ttldtt",
    "check_ttldxs",
    "disciplined_in_year",
    "quota_limit",
    "subject_kind",
    "suggest",
]
