"""What the dashboard and the report both show: Plotly charts (``charts``) and, per capability, the
chart builders and view-models over service results. The dashboard (``web``) and the report
(``report``) import it; it imports services only, never an adapter.
"""
