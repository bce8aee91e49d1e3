"""Reading .txt, .html, .docx and .pdf, and clear errors for what cannot be read."""

import io
import zipfile
from pathlib import Path

import pytest

from zhaoshang.intelligence.extract.readers import ReadError, read_bytes, read_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "<w:p><w:r><w:t>乾朔电子连接器项目</w:t></w:r><w:r><w:t>总投资5亿元。</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>全年新签约亿元以上项目不少于30个。</w:t></w:r></w:p>"
    "</w:body></w:document>"
)


def make_docx(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", DOCUMENT_XML)
    path.write_bytes(buffer.getvalue())
    return path


def test_text_in_utf8_gbk_and_big5(tmp_path):
    for encoding, text in (("utf-8", "项目总投资5亿元"), ("gbk", "项目总投资5亿元"), ("big5", "項目總投資5億元")):
        path = tmp_path / f"a-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert read_text(path) == text


def test_html_is_returned_for_the_normaliser(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<p>项目总投资5亿元</p>", encoding="utf-8")
    assert read_text(path) == "<p>项目总投资5亿元</p>"


def test_docx_paragraphs(tmp_path):
    assert read_text(make_docx(tmp_path / "a.docx")) == "乾朔电子连接器项目总投资5亿元。\n全年新签约亿元以上项目不少于30个。"


def test_pdf_text():
    text = read_text(FIXTURES / "article.pdf")
    assert "乾朔电子连接器项目总投资5亿元" in text


@pytest.mark.parametrize("name, content, code", [
    ("broken.docx", b"this is not a zip", "broken_file"),
    ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "broken_file"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "unsupported_type"),
])
def test_a_broken_or_unsupported_file_gives_a_clear_error(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_text(path)
    error = caught.value.as_json()
    assert error["error"] == code
    assert error["source"] == str(path)
    assert error["message_zh"] and error["message_en"]


def test_a_missing_file(tmp_path):
    with pytest.raises(ReadError) as caught:
        read_text(tmp_path / "missing.txt")
    assert caught.value.code == "not_found"


def test_the_content_of_an_upload_is_read_by_its_name(tmp_path):
    """An upload has bytes and a name, no path: the review queue reads it with read_bytes."""
    assert "乾朔电子连接器项目总投资5亿元" in read_bytes((FIXTURES / "article.pdf").read_bytes(), "文章.PDF")
    docx = make_docx(tmp_path / "a.docx").read_bytes()
    assert read_bytes(docx, "计划.docx").startswith("乾朔电子连接器项目")
    assert read_bytes("項目總投資5億元".encode("big5"), "a.txt") == "項目總投資5億元"
    with pytest.raises(ReadError) as caught:
        read_bytes(b"MZ", "setup.exe")
    assert caught.value.code == "unsupported_type" and ".exe" in caught.value.zh
