"""Clusters and blocks in the Django admin (loaded by `emulation/admin.py`): clusters, their
years and members are configuration the office may correct here (audited); scoring tables go
through `scoring_table_set` (validated), sheets through the assessment pages."""

from django.contrib import admin

from thidua.core.admin import AuditedModelAdmin, ReadOnlyAdmin
from thidua.emulation.models import Assessment, Cluster, ClusterMember, ClusterYear


@admin.register(Cluster)
class ClusterAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "organised_by", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    raw_id_fields = ["organised_by"]


@admin.register(ClusterYear)
class ClusterYearAdmin(AuditedModelAdmin):
    list_display = ["cluster", "year", "leader", "deputy", "cross_mode", "status"]
    list_filter = ["year", "status", "cross_mode"]
    search_fields = ["cluster__name"]
    raw_id_fields = ["cluster", "leader", "deputy"]
    readonly_fields = ["status", "standings", "votes", "published_at", "version"]


@admin.register(ClusterMember)
class ClusterMemberAdmin(AuditedModelAdmin):
    list_display = ["edition", "unit", "signed_on", "signer", "order"]
    search_fields = ["edition__cluster__name", "unit__name"]
    raw_id_fields = ["edition", "unit"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["member", "status", "self_total", "final_total"]
    list_filter = ["status"]
