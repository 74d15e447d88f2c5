"""KPIs that say where to improve: registry, history, comparisons, targets, benchmarks, cohorts,
competitors, alerts and improvement areas. Every result is a frozen dataclass with ``to_dict()``."""

from regulars.services.kpis.alerts import KpiAlert, kpi_alerts
from regulars.services.kpis.benchmarks import Benchmark, all_benchmarks, benchmarks_for
from regulars.services.kpis.cohorts import CohortTable, cohort_table
from regulars.services.kpis.comparison import COMPARISONS, KpiReport, KpiResult, kpi_report
from regulars.services.kpis.competitors import CompetitorReport, competitor_comparison
from regulars.services.kpis.highlights import kpi_highlights
from regulars.services.kpis.history import KpiHistory, kpi_history, kpi_series
from regulars.services.kpis.improvements import ImprovementPlan, improvement_areas
from regulars.services.kpis.registry import KPIS, Kpi, kpi
from regulars.services.kpis.targets import KpiTarget, list_targets, set_target, targets_document
from regulars.services.kpis.views import kpi_overview

__all__ = [
    "COMPARISONS",
    "KPIS",
    "Benchmark",
    "CohortTable",
    "CompetitorReport",
    "ImprovementPlan",
    "Kpi",
    "KpiAlert",
    "KpiHistory",
    "KpiReport",
    "KpiResult",
    "KpiTarget",
    "all_benchmarks",
    "benchmarks_for",
    "cohort_table",
    "competitor_comparison",
    "improvement_areas",
    "kpi",
    "kpi_alerts",
    "kpi_highlights",
    "kpi_history",
    "kpi_overview",
    "kpi_report",
    "kpi_series",
    "list_targets",
    "set_target",
    "targets_document",
]
