"""Writes of exemplary models (one module per concern; import from here)."""

from thidua.exemplars.services.exemplars import (
    exemplar_approve,
    exemplar_consent_record,
    exemplar_consent_withdraw,
    exemplar_create,
    exemplar_links_set,
    exemplar_publish,
    exemplar_return,
    exemplar_submit,
    exemplar_unpublish,
    exemplar_update,
    publication_problem,
)
from thidua.exemplars.services.media import (
    exemplar_evidence_add,
    exemplar_evidence_remove,
    exemplar_photo_add,
    exemplar_photo_consent_set,
    exemplar_photo_remove,
    exemplar_photo_review,
)
from thidua.exemplars.services.press import exemplar_press_pack_make

__all__ = [
    "exemplar_approve",
    "exemplar_consent_record",
    "exemplar_consent_withdraw",
    "exemplar_create",
    "exemplar_evidence_add",
    "exemplar_evidence_remove",
    "exemplar_links_set",
    "exemplar_photo_add",
    "exemplar_photo_consent_set",
    "exemplar_photo_remove",
    "exemplar_photo_review",
    "exemplar_press_pack_make",
    "exemplar_publish",
    "exemplar_return",
    "exemplar_submit",
    "exemplar_unpublish",
    "exemplar_update",
    "publication_problem",
]
