"""Cleaning and checking free text typed into any service, with Vietnamese messages that name
the field."""

from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.text import nfc, normalize_tone_placement

__all__ = ["clean_text", "required_text"]


def clean_text(value: str | None) -> str:
    """NFC, single spaces and the product's one tone placement ("Hoà" → "Hòa")."""
    return " ".join(normalize_tone_placement(nfc(value or "")).split())


def required_text(value: str | None, label: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": label},
            extra={"field": label},
        )
    return cleaned
