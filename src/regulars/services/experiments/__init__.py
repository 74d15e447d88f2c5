"""Experiments in the store: design, create, assign, analyse (statistics in the database),
monitor."""

from regulars.services.experiments.analysis import (
    analyze_experiment,
    analyze_summaries,
    read_summaries,
)
from regulars.services.experiments.assignment import (
    Assignment,
    AssignmentExport,
    assign_experiment,
    export_assignments,
)
from regulars.services.experiments.design import plan_experiment
from regulars.services.experiments.evaluation import Comparison, ExperimentAnalysis
from regulars.services.experiments.registry import (
    ExperimentListing,
    create_experiment,
    find_experiment,
    list_experiments,
    parse_arms,
)

__all__ = [
    "Assignment",
    "AssignmentExport",
    "Comparison",
    "ExperimentAnalysis",
    "ExperimentListing",
    "analyze_experiment",
    "analyze_summaries",
    "assign_experiment",
    "create_experiment",
    "export_assignments",
    "find_experiment",
    "list_experiments",
    "parse_arms",
    "plan_experiment",
    "read_summaries",
]
