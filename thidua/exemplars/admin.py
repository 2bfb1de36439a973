"""Exemplary models in the Django admin: read-only. Every change goes through the pages and the
API, which check consent, keep the personal details out of the audit trail and unpublish on a
withdrawal; the admin only helps to find a record."""

from django.contrib import admin

from thidua.core.admin import ReadOnlyAdmin
from thidua.exemplars.models import Exemplar, ExemplarEvidence, ExemplarPhoto


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyAdmin):
    list_display = ["public_name", "category", "unit", "year", "status", "consent_status"]
    list_filter = ["status", "consent_status", "category", "sector", "is_demo"]
    search_fields = ["name", "public_name", "headline"]
    list_select_related = ["unit"]
    exclude = ["birth_date", "phone", "id_number", "address"]


@admin.register(ExemplarPhoto)
class ExemplarPhotoAdmin(ReadOnlyAdmin):
    list_display = ["caption", "exemplar", "consent", "approved", "created_at"]
    list_filter = ["consent", "approved"]
    search_fields = ["caption", "exemplar__public_name"]
    list_select_related = ["exemplar"]


@admin.register(ExemplarEvidence)
class ExemplarEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["description", "exemplar", "file_name", "created_at"]
    search_fields = ["description", "exemplar__public_name"]
    list_select_related = ["exemplar"]
