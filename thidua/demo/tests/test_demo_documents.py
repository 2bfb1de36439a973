"""Documents generated from the Kon Tum 2024 demo: the province's tổng kết report states the
figures the database holds, and the report, the decision and its certificates print to PDF
through LibreOffice (pages rasterised to PNG under test-artifacts/documents to look at)."""

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db.models import Q
from PIL import Image

from thidua.commendation.certificates import certificates_docx, decision_certificates
from thidua.commendation.dossier_documents import decision_docx
from thidua.commendation.models import AwardRecord, Decision, DecisionStatus
from thidua.demo.tests.conftest import Loaded
from thidua.documents.tests.layout_checks import (
    all_paragraphs,
    assert_decree_30_layout,
    read_docx,
)
from thidua.emulation.models import ClusterYear, EditionStatus, Movement
from thidua.org.models import OrgUnit
from thidua.reports.contents import report_facts
from thidua.reports.documents import periodic_report_docx
from thidua.reports.models import PeriodicReport
from thidua.reports.pdf import docx_to_pdf, pdf_page_count, soffice_path
from thidua.targets.models import Measure

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "documents"
pytestmark = pytest.mark.django_db

needs_libreoffice = pytest.mark.skipif(
    (soffice_path() is None or shutil.which("pdftoppm") is None)
    and os.environ.get("THIDUA_REQUIRE_BROWSER") != "1",
    reason="LibreOffice hoặc pdftoppm không có trên máy này",
)


def _province() -> OrgUnit:
    return OrgUnit.objects.get(name="Tỉnh Kon Tum")


def _report(kind: str) -> PeriodicReport:
    report, _ = PeriodicReport.objects.get_or_create(
        unit=_province(),
        kind=kind,
        year=2024,
        defaults={"overview": "Phong trào thi đua năm 2024 được triển khai sâu rộng."},
    )
    return report


def test_year_end_report_states_the_databases_figures(demo: Loaded) -> None:
    province = _province()
    facts = report_facts(_report("tong_ket"))

    in_province = (
        Q(person__unit__path__startswith=province.path)
        | Q(collective__path__startswith=province.path)
        | Q(household__unit__path__startswith=province.path)
    )
    awards = AwardRecord.objects.filter(
        in_province,
        revoked_at__isnull=True,
        decision_date__range=(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
    )
    assert facts.awards.total == awards.count() > 0
    assert facts.awards.individuals == awards.filter(person__isnull=False).count()
    assert facts.awards.direct_workers == awards.filter(category="truc_tiep").count()
    assert len(facts.targets) == Measure.objects.filter(target__campaign__year=2024).count()
    movements = (
        Movement.objects.filter(
            Q(launched_by__path__startswith=province.path)
            | Q(participants__path__startswith=province.path),
            starts_on__lte=datetime.date(2024, 12, 31),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=datetime.date(2024, 1, 1)))
        .distinct()
    )
    assert len(facts.movements) == movements.count() > 0
    published = ClusterYear.objects.filter(year=2024, status=EditionStatus.PUBLISHED)
    assert [line.cluster for line in facts.standings] == sorted(
        edition.cluster.name for edition in published
    )

    document = read_docx(periodic_report_docx(_report("tong_ket"))[1])
    assert_decree_30_layout(document, title="BÁO CÁO")
    texts = [paragraph.text for paragraph in all_paragraphs(document)]
    assert any(f"đã khen thưởng {facts.awards.total:,} lượt".replace(",", ".") in t for t in texts)
    assert any(t.startswith(f"Trong năm 2024 có {movements.count()} phong trào") for t in texts)


def _rasterise(pdf: bytes, stem: str) -> list[Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{stem}.pdf"
    target.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{stem}-*.png"):
        old.unlink()
    pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
    subprocess.run(  # noqa: S603 - poppler's rasteriser on our own file
        [pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "2", str(target), str(ARTIFACTS / stem)],
        check=True,
        timeout=60,
    )
    return sorted(ARTIFACTS.glob(f"{stem}-*.png"))


def _inked(image_path: Path) -> float:
    """The share of the page that is not white: a blank page is ~0."""
    image = Image.open(image_path).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:200])
    return dark / (image.width * image.height)


@needs_libreoffice
def test_report_decision_and_certificates_print_to_pdf(demo: Loaded) -> None:
    decision = Decision.objects.filter(status=DecisionStatus.PUBLISHED).exclude(number="").first()
    assert decision is not None
    certificates = decision_certificates(decision)
    documents = {
        "bao-cao-tong-ket-2024": periodic_report_docx(_report("tong_ket"))[1],
        "quyet-dinh": decision_docx(decision)[1],
        "bang-khen": certificates_docx(decision)[1],
    }
    pages = {}
    for stem, content in documents.items():
        pdf = docx_to_pdf(content)
        pages[stem] = pdf_page_count(pdf)
        images = _rasterise(pdf, stem)
        assert images, stem
        first = Image.open(images[0])
        landscape = first.width > first.height
        assert landscape is (stem == "bang-khen"), stem
        assert 0.005 < _inked(images[0]) < 0.5, stem  # text on the page, not a black box
    assert pages["bang-khen"] == len(certificates)  # one page per certificate
    assert pages["bao-cao-tong-ket-2024"] >= 3
    assert pages["quyet-dinh"] >= 2  # the decision and its attached list
