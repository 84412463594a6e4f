"""Uploaded files of policy documents and joint meetings: what is accepted, and how it is served.

A file is accepted by its content, not its name: the extension must be one of the allowed types and
the first bytes must be that type's signature (a renamed program is refused). The stored name is
chosen by the server; the original name is kept only to be offered again on download.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    signature: bytes
    zip_member: str = ""  # an Office Open XML file is a zip holding this part


FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("pdf", "application/pdf", b"%PDF-"),
    "docx": FileType(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP_SIGNATURE,
        "word/document.xml",
    ),
    "xlsx": FileType(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP_SIGNATURE, "xl/workbook.xml"
    ),
    "doc": FileType("doc", "application/msword", OLE2_SIGNATURE),
    "jpg": FileType("jpg", "image/jpeg", b"\xff\xd8\xff"),
    "jpeg": FileType("jpg", "image/jpeg", b"\xff\xd8\xff"),
    "png": FileType("png", "image/png", b"\x89PNG\r\n\x1a\n"),
}
ALLOWED_EXTENSIONS_TEXT = "PDF、DOCX、DOC、XLSX、JPG、PNG"
NAME_MAX = 200


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: its bytes, type, digest and a clean original name."""

    content: bytes
    file_type: FileType
    original_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def _clean_name(raw: str) -> str:
    """The last path part of the uploader's name, without control characters, at most NAME_MAX long."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > NAME_MAX:
        stem, _dot, extension = name.rpartition(".")
        name = f"{stem[: NAME_MAX - len(extension) - 1]}.{extension}" if stem else name[:NAME_MAX]
    return name


def _read_limited(upload: Any, limit: int) -> bytes:
    """At most limit + 1 bytes of the upload: enough to tell that it is too big without reading it all."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    buffer = io.BytesIO()
    for chunk in upload.chunks(CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(CHUNK), b""):
        buffer.write(chunk)
        if buffer.tell() > limit:
            break
    return buffer.getvalue()


def _zip_has(content: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def upload_check(upload: Any, *, field: str = "file") -> CheckedUpload:
    """Accept a PDF, Word, Excel, JPEG or PNG file within the size limit; otherwise say why, naming the field."""
    if upload is None:
        raise ValidationError({field: [_("请选择要上传的文件。")]})
    name = _clean_name(str(getattr(upload, "name", "") or ""))
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        raise ValidationError(
            {field: [_("不支持的文件类型，只能上传 %(types)s 文件。") % {"types": ALLOWED_EXTENSIONS_TEXT}]}
        )
    limit = int(settings.WENMING_UPLOAD_MAX_BYTES)
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError({field: [_("文件过大，不能超过 %(size)s。") % {"size": size_text(limit)}]})
    content = _read_limited(upload, limit)
    if not content:
        raise ValidationError({field: [_("文件是空的，请重新选择。")]})
    if len(content) > limit:
        raise ValidationError({field: [_("文件过大，不能超过 %(size)s。") % {"size": size_text(limit)}]})
    if not content.startswith(file_type.signature) or (
        file_type.zip_member and not _zip_has(content, file_type.zip_member)
    ):
        raise ValidationError(
            {field: [_("文件内容与扩展名 .%(extension)s 不符，请上传真实的文件。") % {"extension": extension}]}
        )
    return CheckedUpload(
        content=content, file_type=file_type, original_name=name, sha256=hashlib.sha256(content).hexdigest()
    )


def size_text(size: int) -> str:
    """A file size for people: 532 B, 12.5 KB, 20 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB".replace(".0 ", " ")
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 ", " ")


def stored_file_response(stored: Any) -> FileResponse:
    """The stored file as an attachment under its original name, with its checked type; never cached."""
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise NotFoundError(_("文件不存在或已丢失，请联系管理员。"), field="file") from None
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
