"""Segments: RFM scores and named segments, their movement over time, personas from clustering, and
saved audiences with consent-checked exports."""

from regulars.services.segments.audiences import (
    Audience,
    AudienceExport,
    audience_exports,
    create_audience,
    delete_audience,
    download_name,
    export_audience,
    export_audience_csv,
    get_audience,
    list_audiences,
)
from regulars.services.segments.highlights import segment_highlights
from regulars.services.segments.movement import MovementMatrix, movement_customers, movement_matrix
from regulars.services.segments.personas import PersonaReport, cached_persona_report, persona_report
from regulars.services.segments.profile import CustomerSegment, customer_segment
from regulars.services.segments.rfm import RfmReport, customer_rfm, rfm_report

__all__ = [
    "Audience",
    "AudienceExport",
    "CustomerSegment",
    "MovementMatrix",
    "PersonaReport",
    "RfmReport",
    "audience_exports",
    "cached_persona_report",
    "create_audience",
    "customer_rfm",
    "customer_segment",
    "delete_audience",
    "download_name",
    "export_audience",
    "export_audience_csv",
    "get_audience",
    "list_audiences",
    "movement_customers",
    "movement_matrix",
    "persona_report",
    "rfm_report",
    "segment_highlights",
]
