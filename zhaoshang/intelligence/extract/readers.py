"""Read an uploaded file into text: .txt, .html/.htm, .docx, .pdf — or fail with a clear, bilingual error.

HTML is returned as it is: the normaliser strips it and keeps offsets into the page. Word files are read
with the standard library (a .docx is a zip of XML), PDFs with pypdf, imported only when one arrives.
Text files may come in UTF-8 (with or without BOM), GB18030 (which covers GBK and GB2312) or Big5.
"""

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree


class ReadError(Exception):
    """A file that cannot be read; `code` is stable for programs, the message is in Chinese and English."""

    def __init__(self, code: str, path: Path | str, zh: str, en: str):
        self.code, self.path, self.zh, self.en = code, str(path), zh, en
        super().__init__(f"{zh} / {en}")

    def as_json(self) -> dict:
        return {"error": self.code, "source": self.path, "message_zh": self.zh, "message_en": self.en}


SUPPORTED = (".txt", ".text", ".html", ".htm", ".docx", ".pdf")
_UNLIKELY = re.compile(r"[\u0370-\u04ff\u3040-\u30ff\u2500-\u257f\ue000-\uf8ff\uac00-\ud7af]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_text(path: Path | str) -> str:
    path = Path(path)
    check_suffix(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("not_found", path, "文件不存在", "file not found") from None
    except OSError as exc:
        raise ReadError("unreadable", path, f"无法读取文件: {exc.strerror}", f"cannot read the file: {exc.strerror}") from None
    return read_bytes(data, path)


def check_suffix(name: Path | str) -> str:
    """The file's lower-case suffix, if it is one the readers know."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError("unsupported_type", name, f"不支持的文件类型 {suffix or '(无扩展名)'}, 请上传 .txt、.html、.docx 或 .pdf",
                        f"unsupported file type {suffix or '(none)'}: use .txt, .html, .docx or .pdf")
    return suffix


def read_bytes(data: bytes, name: Path | str) -> str:
    """The text of a file's content, read by the suffix of its name (an upload has no path on disk)."""
    suffix = check_suffix(name)
    if suffix == ".docx":
        return _docx(data, name)
    if suffix == ".pdf":
        return _pdf(data, name)
    return decode(data, name)


def decode(data: bytes, path: Path | str = "") -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:2048].decode("ascii", "ignore")
    declared = re.search(r"charset=[\"']?([\w-]+)", head, re.IGNORECASE)
    for encoding in ["utf-8"] + ([declared.group(1)] if declared else []):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    # GB18030 decodes almost any bytes, Big5 text included (into kana and Cyrillic): take the reading
    # with fewer characters that Chinese news never has.
    readings = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((len(_UNLIKELY.findall(text)), encoding != "gb18030", text))
    if readings:
        return min(readings)[2]
    raise ReadError("bad_encoding", path, "无法识别文件编码 (支持 UTF-8、GBK/GB18030、Big5)",
                    "unknown text encoding (UTF-8, GBK/GB18030 and Big5 are supported)")


def _docx(data: bytes, path: Path | str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise ReadError("broken_file", path, "Word 文件已损坏或不是 .docx 格式 (旧版 .doc 请另存为 .docx)",
                        "the Word file is damaged or not a .docx (save an old .doc as .docx)") from None
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab",):
                parts.append(" ")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _pdf(data: bytes, path: Path | str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise ReadError("pdf_unavailable", path, "未安装 PDF 读取组件 pypdf", "pypdf is not installed") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReadError("encrypted_pdf", path, "PDF 文件已加密, 无法读取", "the PDF is encrypted")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise ReadError("broken_file", path, "PDF 文件已损坏, 无法读取", "the PDF is damaged and cannot be read") from None
    if not text.strip():
        raise ReadError("no_text", path, "PDF 中没有可提取的文字 (可能是扫描件, 需先做文字识别)",
                        "the PDF has no text layer (a scan needs OCR first)")
    return text
