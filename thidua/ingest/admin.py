from django.contrib import admin

from thidua.core.admin import ReadOnlyAdmin
from thidua.ingest.models import IngestJob, SourceDocument


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "size", "uploaded_at"]
    search_fields = ["name", "sha256"]


@admin.register(IngestJob)
class IngestJobAdmin(ReadOnlyAdmin):
    list_display = ["document", "status", "kind", "ocr", "restored", "created_at"]
    list_filter = ["status", "kind"]
