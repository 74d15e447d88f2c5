"""Regulars: open-source customer intelligence for small businesses.

The public Python API (docs/python-api.md): ``import regulars`` costs nothing; each name below is
imported from its service module on first use, so a script loads only what it calls.

    import regulars
    with regulars.Workspace.open("my-shop") as ws:
        regulars.import_file(ws, "orders", "orders_export.csv", format="shopify-orders")
        print(regulars.rfm_report(ws).segment("Champions").customers)
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> the module that defines it (the one place the public API is listed)
PUBLIC = {
    "Workspace": "regulars.services.workspace",
    "load_settings": "regulars.settings",
    "import_file": "regulars.services.imports",
    "workspace_status": "regulars.services.status",
    "export_table": "regulars.services.exports",
    "customer_profile": "regulars.services.customers",
    "search_customers": "regulars.services.customers",
    "export_customer": "regulars.services.customers",
    "erase_customer": "regulars.services.customers",
    "consenting": "regulars.services.consent",
    "sales_orders": "regulars.services.sales",
    "kpi_report": "regulars.services.kpis",
    "improvement_areas": "regulars.services.kpis",
    "cohort_table": "regulars.services.kpis",
    "kpi_alerts": "regulars.services.kpis",
    "competitor_comparison": "regulars.services.kpis",
    "set_target": "regulars.services.kpis",
    "list_targets": "regulars.services.kpis",
    "rfm_report": "regulars.services.segments",
    "movement_matrix": "regulars.services.segments",
    "persona_report": "regulars.services.segments",
    "create_audience": "regulars.services.segments",
    "export_audience": "regulars.services.segments",
    "fit_clv": "regulars.services.clv",
    "predict_clv": "regulars.services.clv",
    "validate_clv": "regulars.services.clv",
    "plan_experiment": "regulars.services.experiments",
    "create_experiment": "regulars.services.experiments",
    "assign_experiment": "regulars.services.experiments",
    "analyze_experiment": "regulars.services.experiments",
    "analyze_summaries": "regulars.services.experiments",
    "campaign_report": "regulars.services.campaigns",
    "campaign_monitor": "regulars.services.campaigns",
    "run_demo": "regulars.services.demo",
    "RegularsError": "regulars.errors",
    "InputError": "regulars.errors",
    "NotFoundError": "regulars.errors",
    "ConfigError": "regulars.errors",
    "StoreError": "regulars.errors",
}

__all__ = ["__version__", *PUBLIC]


def __getattr__(name: str):
    if name not in PUBLIC:
        raise AttributeError(f"module 'regulars' has no attribute {name!r}")
    value = getattr(importlib.import_module(PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
