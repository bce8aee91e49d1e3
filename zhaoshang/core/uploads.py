"""Safety checks for uploaded Office files (.xlsx, .docx) before any parser opens them.

An Office file is a zip archive. A small archive can unpack to gigabytes (a "zip bomb"), and the parsers
(calamine, python-docx) unpack it in memory. The central directory states each member's uncompressed size,
so the archive is refused, unread, when the stated total is absurd. (The check trusts the stated sizes; an
archive that understates them is not caught here. Python's zipfile stops at the stated size; whether
calamine's Rust zip reader does has not been checked.)
"""

import io
import zipfile

from django.conf import settings

# The unpacked content may be this many times UPLOAD_MAX_BYTES (real workbooks unpack to 5–10×).
UNCOMPRESSED_FACTOR = 20
MAX_MEMBERS = 10_000

MSG_ZIP_BOMB = "文件解压后过大(约 {size:.0f} MB), 不像正常的 Office 文件, 已拒绝。请检查文件后重新上传。"
MSG_BAD_ZIP = "文件已损坏, 无法读取。"


class UnsafeArchive(ValueError):
    pass


def check_office_archive(data, *, limit: int | None = None, broken: str = MSG_BAD_ZIP) -> None:
    """Raise UnsafeArchive (with a Chinese message) for an archive that is broken or unpacks to too much.

    `data` is bytes or a file object (its position is restored); `broken` is the message for a broken archive."""
    limit = (settings.UPLOAD_MAX_BYTES if limit is None else limit) * UNCOMPRESSED_FACTOR
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise UnsafeArchive(broken) from None
    finally:
        stream.seek(position)
    total = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or total > limit:
        raise UnsafeArchive(MSG_ZIP_BOMB.format(size=total / 2**20))
