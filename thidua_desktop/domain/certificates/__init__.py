"""Certificates (Giấy khen, bằng Chiến sĩ thi đua cơ sở, Bằng khen): templates as data, text fitting,
printer calibration. Pure Python (domain layer): imports only other domain modules, no Qt, reportlab or SQL."""
from .calibration import MAX_OFFSET_MM, SCALE_BAR_MM, SCALE_TOLERANCE_MM, Calibration
from .fitting import Fit, Measure, fit_text, wrap_words
from .templates import (
    ALIGNS,
    DATA_KEYS,
    DERIVED_KEYS,
    FIELD_LABELS,
    FONTS,
    KINDS,
    MODES,
    PT_TO_MM,
    SOURCE_KEYS,
    CertificateData,
    EmblemBox,
    FieldSpec,
    Template,
    TemplateError,
    format_size,
    ngay_thang_nam,
    template_from_dict,
    template_to_dict,
)

__all__ = [
    "ALIGNS", "DATA_KEYS", "DERIVED_KEYS", "FIELD_LABELS", "FONTS", "KINDS", "MAX_OFFSET_MM", "MODES", "PT_TO_MM",
    "SCALE_BAR_MM", "SCALE_TOLERANCE_MM", "SOURCE_KEYS", "Calibration", "CertificateData", "EmblemBox", "FieldSpec",
    "Fit", "Measure", "Template", "TemplateError", "fit_text", "format_size", "ngay_thang_nam", "template_from_dict",
    "template_to_dict", "wrap_words",
]
