"""The commendation workflow: a round (đợt) receives nominations (đề nghị) with their dossiers;
the emulation office appraises them within a working-day limit, optionally lists them publicly
for comments, the council votes in a session, and a decision numbered from the register turns
the passed nominations into award records, published for everyone.

Nomination status: draft → submitted → (returned → submitted)* → accepted → passed | failed →
decided; a unit may withdraw a nomination that no council has voted on yet.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from thidua.commendation.enums import AWARD_TYPE_CHOICES
from thidua.commendation.models.registry import AwardRecord, SubjectRecord
from thidua.org.models import OrgUnit


class RoundKind(models.TextChoices):
    ANNUAL = "hang_nam", _("Khen thưởng tổng kết năm")
    THEMATIC = "chuyen_de", _("Khen thưởng theo chuyên đề")
    EXTRAORDINARY = "dot_xuat", _("Khen thưởng đột xuất")
    CLUSTER = "cum_khoi", _("Đề nghị của cụm, khối thi đua")


class RoundStatus(models.TextChoices):
    OPEN = "mo", _("Đang nhận hồ sơ")
    CLOSED = "dong", _("Đã khóa sổ")


class Round(models.Model):
    """A round of commendation run by the emulation office for one issuing body."""

    name = models.CharField(_("tên đợt"), max_length=300)
    kind = models.CharField(_("loại đợt"), max_length=20, choices=RoundKind.choices)
    award_type = models.CharField(
        _("loại hình khen thưởng"), max_length=20, choices=AWARD_TYPE_CHOICES
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("cấp quyết định"), on_delete=models.PROTECT, related_name="+"
    )
    submission_deadline = models.DateField(_("hạn nộp hồ sơ"))
    appraisal_working_days = models.PositiveSmallIntegerField(
        _("thời hạn thẩm định (ngày làm việc)"), default=20
    )
    comment_working_days = models.PositiveSmallIntegerField(
        _("thời gian lấy ý kiến công khai (ngày làm việc, 0 = không lấy)"), default=0
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    # {award code: at most this many awards per proposing unit} (tỷ lệ, số lượng khen); the
    # decision keeps the best-voted within it, women first at equal votes (selection.py).
    quotas = models.JSONField(_("số lượng tối đa mỗi đơn vị"), default=dict, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt khen thưởng")
        verbose_name_plural = _("đợt khen thưởng")
        ordering = ["-year", "-submission_deadline", "-id"]

    def __str__(self) -> str:
        return self.name


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Hồ sơ hợp lệ, chờ Hội đồng")
    PASSED = "passed", _("Hội đồng thông qua")
    FAILED = "failed", _("Hội đồng không thông qua")
    DECIDED = "decided", _("Đã có quyết định")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút")


# A nomination in these states is visible beyond the proposing unit.
SHARED_STATUSES = frozenset(NominationStatus) - {NominationStatus.DRAFT}
# A nomination in these states holds its subject's place: no second one for the same award.
ACTIVE_STATUSES = frozenset(NominationStatus) - {
    NominationStatus.WITHDRAWN,
    NominationStatus.FAILED,
}


class Nomination(SubjectRecord):
    """A unit's proposal to award `award` to one subject in a round."""

    round = models.ForeignKey(
        Round, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="nominations"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    award = models.CharField(_("danh hiệu, hình thức đề nghị"), max_length=40)
    achievement = models.TextField(_("tóm tắt thành tích"))
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
    )
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    appraisal_due = models.DateField(_("hạn thẩm định"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    eligibility = models.JSONField(_("kết quả kiểm tra điều kiện"), default=dict, blank=True)
    listed_until = models.DateField(_("lấy ý kiến đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["round", "unit__path", "id"]
        constraints = [*SubjectRecord.Meta.constraints]
        indexes = [
            models.Index(fields=["round", "status"], name="nomination_round_status_idx"),
            models.Index(fields=["round", "unit"], name="nomination_round_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.award} – {self.subject}"

    @property
    def award_name(self) -> str:
        from thidua.commendation.catalogue import award_definitions

        definition = award_definitions().get(self.award)
        return definition.name if definition is not None else self.award


class DossierKind(models.TextChoices):
    """The pieces of a dossier (Law Art. 84, RULES.md §3.1)."""

    TO_TRINH = "to_trinh", _("Tờ trình đề nghị")
    BAO_CAO = "bao_cao", _("Báo cáo thành tích")
    BIEN_BAN = "bien_ban", _("Biên bản họp xét (có kết quả bỏ phiếu)")
    MINH_CHUNG = "minh_chung", _("Minh chứng sáng kiến hoặc hoàn thành xuất sắc nhiệm vụ")
    KHAC = "khac", _("Tài liệu khác")


class DossierFile(models.Model):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("đề nghị"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("thành phần hồ sơ"), max_length=20, choices=DossierKind.choices)
    name = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(_("tệp"), upload_to="commendation/dossiers/%Y/%m/")
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    generated = models.BooleanField(_("do hệ thống tạo"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name


class CommentStatus(models.TextChoices):
    """Moderation of a public comment: shown publicly only once approved."""

    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt, công khai")
    REJECTED = "rejected", _("Không công khai")


class PublicComment(models.Model):
    """A comment from the public on a nomination listed for opinions (Law Art. 84(5)).

    The emulation office moderates it: only the text of an approved comment is shown publicly;
    the author's name and contact stay with the office."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("đề nghị"), on_delete=models.CASCADE, related_name="comments"
    )
    author_name = models.CharField(_("họ và tên người góp ý"), max_length=200, blank=True)
    contact = models.CharField(_("địa chỉ liên hệ"), max_length=200, blank=True)
    text = models.TextField(_("nội dung góp ý"))
    status = models.CharField(
        _("kiểm duyệt"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
    )
    moderated_at = models.DateTimeField(_("kiểm duyệt lúc"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_note = models.TextField(_("ghi chú kiểm duyệt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="publiccomment_status_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CouncilMember(models.Model):
    """A member of the Hội đồng Thi đua – Khen thưởng of `council_of` for one year."""

    council_of = models.ForeignKey(
        OrgUnit, verbose_name=_("hội đồng của"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    full_name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức danh trong Hội đồng"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council_of", "year", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council_of", "year", "full_name"], name="council_member_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class BallotMode(models.TextChoices):
    ANONYMOUS = "an_danh", _("Bỏ phiếu kín (chỉ ghi kết quả kiểm phiếu)")
    NAMED = "dich_danh", _("Biểu quyết ghi tên từng thành viên")


class SessionStatus(models.TextChoices):
    OPEN = "mo", _("Đang họp")
    CLOSED = "dong", _("Đã kết thúc, có kết quả")


class CouncilSession(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    ballot_mode = models.CharField(
        _("hình thức biểu quyết"), max_length=10, choices=BallotMode.choices
    )
    members = models.ManyToManyField(
        CouncilMember, verbose_name=_("thành viên Hội đồng"), related_name="+"
    )
    present = models.ManyToManyField(
        CouncilMember, verbose_name=_("thành viên dự họp"), related_name="+", blank=True
    )
    candidates = models.ManyToManyField(
        Nomination, verbose_name=_("đề nghị đưa ra xét"), related_name="sessions"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    quorum = models.JSONField(_("số thành viên dự họp"), default=dict, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.round} – {self.held_on:%d/%m/%Y}"


class Vote(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không biểu quyết")


class Ballot(models.Model):
    """A member's named vote on one candidate (named sessions only)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(_("biểu quyết"), max_length=10, choices=Vote.choices)
    in_writing = models.BooleanField(_("ý kiến bằng văn bản"), default=False)

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination", "member"], name="ballot_one_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_vote_display()}"


class Recusal(models.Model):
    """A member who stood aside for one candidate (conflict of interest)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="recusals")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thành viên tránh xét")
        verbose_name_plural = _("thành viên tránh xét")
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination", "member"], name="recusal_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} – {self.nomination_id}"


class CandidateResult(models.Model):
    """The counted votes on one candidate: entered (anonymous ballot) or counted from the named
    ballots; `passed` and the explanation are set when the session closes."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="results")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    agree = models.PositiveSmallIntegerField(_("đồng ý"), default=0)
    disagree = models.PositiveSmallIntegerField(_("không đồng ý"), default=0)
    abstain = models.PositiveSmallIntegerField(_("không biểu quyết"), default=0)
    written_agree = models.PositiveSmallIntegerField(_("đồng ý bằng văn bản"), default=0)
    written_disagree = models.PositiveSmallIntegerField(_("không đồng ý bằng văn bản"), default=0)
    written_abstain = models.PositiveSmallIntegerField(
        _("không biểu quyết bằng văn bản"), default=0
    )
    passed = models.BooleanField(_("thông qua"), null=True)
    percent = models.CharField(_("tỷ lệ đồng ý"), max_length=20, blank=True)
    explanation = models.TextField(_("giải thích"), blank=True)

    class Meta:
        verbose_name = _("kết quả biểu quyết")
        verbose_name_plural = _("kết quả biểu quyết")
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="result_once")
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.percent}"


class DecisionKind(models.TextChoices):
    AWARD = "khen_thuong", _("Quyết định khen thưởng")
    REVOCATION = "thu_hoi", _("Quyết định hủy bỏ, thu hồi khen thưởng")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký, có số")
    PUBLISHED = "published", _("Đã công khai")


class Decision(models.Model):
    """A decision of the issuing body: awards from a round's passed nominations, or the
    revocation of awards (Law Art. 93). Numbered from the register when it is signed."""

    kind = models.CharField(_("loại quyết định"), max_length=20, choices=DecisionKind.choices)
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    award = models.CharField(_("danh hiệu, hình thức"), max_length=40, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    symbol = models.CharField(_("ký hiệu"), max_length=30, default="QĐ-UBND")
    number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    reason = models.TextField(_("lý do thu hồi"), blank=True)
    note = models.TextField(_("ghi chú khi lập"), blank=True)
    scan = models.FileField(
        _("bản ký số, bản chụp"), upload_to="commendation/decisions/%Y/", blank=True
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The register numbers per issuer, symbol and year (the symbol is in `number`).
            models.UniqueConstraint(
                F("issuer"),
                F("number"),
                ExtractYear("signed_on"),
                condition=~Q(number=""),
                name="decision_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(kind="thu_hoi") | ~Q(reason=""), name="revocation_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title


class DecisionItem(models.Model):
    """One line of a decision: a nomination awarded, or an award record revoked."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award_record = models.ForeignKey(
        AwardRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(_("số thứ tự"), default=0)

    class Meta:
        verbose_name = _("dòng quyết định")
        verbose_name_plural = _("dòng quyết định")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nomination__isnull=False) | Q(award_record__isnull=False),
                name="decision_item_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} #{self.order}"
