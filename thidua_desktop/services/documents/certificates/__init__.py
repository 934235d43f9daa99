"""Certificates as PDF: template files, the layout every renderer draws from, the reportlab writer and the
printer calibration sheet. May import the domain, store paths and the documents' fonts and output helpers."""
from .calibration import CALIBRATION_STEPS, CALIBRATION_TITLE, write_calibration_sheet
from .layout import (
    EMBLEM_BAND_KEEP_MM,
    RULE_DROP,
    RULE_WIDTH_PT,
    PlacedField,
    PlacedLine,
    Shape,
    border_shapes,
    check_fit,
    content_box,
    emblem_rect,
    layout,
    measure,
    place_field,
    without_emblem_band,
)
from .templates import bundled_template, load_templates, read_template, remove_user_template, save_user_template, \
    user_template_path
from .writer import check_emblem, write_certificates

__all__ = [
    "CALIBRATION_STEPS", "CALIBRATION_TITLE", "EMBLEM_BAND_KEEP_MM", "RULE_DROP", "RULE_WIDTH_PT",
    "PlacedField", "PlacedLine", "Shape", "border_shapes", "bundled_template", "check_emblem", "check_fit",
    "content_box", "emblem_rect", "layout", "load_templates", "measure", "place_field", "read_template",
    "remove_user_template", "save_user_template", "user_template_path", "without_emblem_band",
    "write_calibration_sheet", "write_certificates",
]
