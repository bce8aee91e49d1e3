"""Uploads are limited in size and type and refused before parsing when they would unpack to too much."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.core.uploads import MSG_ZIP_BOMB, UnsafeArchive, check_office_archive
from zhaoshang.core.xlsx import MSG_NOT_XLSX, XlsxError, read_sheet
from zhaoshang.jobs.models import Job

LIMIT = 64 * 1024  # UPLOAD_MAX_BYTES in these tests


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.UPLOAD_MAX_BYTES = LIMIT


def zip_bomb(unpacked: int, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A valid zip archive (so it passes the magic-bytes check) whose one member unpacks to `unpacked` zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(name, "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def _import(client, upload):
    return client.post(reverse("projects:import"), {"file": upload})


def test_a_file_over_the_limit_is_refused_unread(client, officer):
    client.force_login(officer)
    big = SimpleUploadedFile("项目.xlsx", b"PK\x03\x04" + b"\0" * LIMIT)
    page = _import(client, big).content.decode()
    assert "超过上限" in page
    assert not Job.objects.exists()


def test_another_type_renamed_xlsx_is_refused(client, officer):
    client.force_login(officer)
    pdf = SimpleUploadedFile("项目.xlsx", b"%PDF-1.7\n" + b"x" * 100)
    page = _import(client, pdf).content.decode()
    assert "不是有效的 Excel 工作簿" in page
    assert not Job.objects.exists()


def test_a_zip_bomb_renamed_xlsx_is_refused_before_parsing(client, officer):
    bomb = zip_bomb(2 * 20 * LIMIT + 2**20)  # small on disk, over 20× the limit unpacked
    assert len(bomb) < LIMIT
    client.force_login(officer)
    page = _import(client, SimpleUploadedFile("项目.xlsx", bomb)).content.decode()
    assert "解压后过大" in page
    assert not Job.objects.exists()
    # The reader that jobs use refuses it too, whatever brought the bytes.
    with pytest.raises(XlsxError, match="解压后过大"):
        read_sheet(bomb, columns=[])


def test_a_zip_bomb_renamed_docx_is_refused_on_the_intelligence_upload(client, officer):
    bomb = zip_bomb(2 * 20 * LIMIT + 2**20, name="word/document.xml")
    client.force_login(officer)
    response = client.post(reverse("intelligence:upload"), {"files": [SimpleUploadedFile("签约.docx", bomb)]})
    assert "解压后过大" in response.content.decode()
    assert not Job.objects.exists()


def test_a_normal_workbook_passes_and_a_broken_archive_does_not():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["项目名称"])
    book.save(buffer)
    check_office_archive(buffer.getvalue())  # no error
    with pytest.raises(UnsafeArchive):
        check_office_archive(b"PK\x03\x04 not really a zip")
    assert "{size" in MSG_ZIP_BOMB and MSG_NOT_XLSX
