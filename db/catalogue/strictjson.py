"""JSON from import files, read strictly: every hostile shape is a CAT-010 file error, never a crash (GEN-500).

Refused: syntax errors, nesting deeper than :data:`MAX_DEPTH`, integers longer than :data:`MAX_INT_DIGITS` digits
(Python refuses 4300 digits with a bare ``ValueError``), ``NaN``/``Infinity`` (not JSON), a key repeated in one
object (``json`` would silently keep the last value), and lone surrogates (``"\\ud800"``: no database or file can
store them).
"""

from __future__ import annotations

import json
from typing import Any

from core.inputs import has_surrogates
from core.text import sanitize
from db.catalogue.errors import ImportFileError
from db.catalogue.messages import _

#: Deepest nesting accepted (a catalogue file needs 5: file, list, procedure, channels, channel).
MAX_DEPTH = 20
#: Longest integer accepted, in digits (fees in đồng fit in 13; anything longer is no value of ours).
MAX_INT_DIGITS = 30


class _Refused(ValueError):
    """Raised inside the parser's hooks; turned into :class:`ImportFileError` by :func:`loads`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(_("số nguyên dài {n} chữ số; tối đa {limit}", n=len(text.lstrip("-")), limit=MAX_INT_DIGITS))
    return int(text)


def _constant(name: str) -> Any:
    raise _Refused(_("giá trị {value} không phải JSON hợp lệ", value=name))


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            shown = sanitize(key.encode("utf-8", "replace").decode("utf-8"))[:60]
            raise _Refused(_("khóa '{key}' lặp lại trong cùng một đối tượng", key=shown))
        out[key] = value
    return out


def loads(text: str) -> Any:
    """Parse JSON text strictly (see the module).

    Raises:
        ImportFileError: CAT-010 with a message saying what is wrong (line and column for syntax errors).
    """
    try:
        doc = json.loads(text, parse_int=_int, parse_constant=_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise ImportFileError(_("JSON sai cú pháp ở dòng {line}, cột {col}: {msg}",
                                line=exc.lineno, col=exc.colno, msg=exc.msg)) from None
    except _Refused as exc:
        raise ImportFileError(exc.message) from None
    except RecursionError:
        raise ImportFileError(_("JSON lồng nhau quá sâu")) from None
    except ValueError as exc:  # anything else the parser refuses (e.g. a number Python cannot convert)
        raise ImportFileError(_("JSON không hợp lệ: {msg}", msg=str(exc).split(":")[0][:120])) from None
    check(doc)
    return doc


def check(doc: Any) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` and strings or keys with lone surrogates (no recursion).

    Raises:
        ImportFileError: CAT-010.
    """
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if has_surrogates(value):
                raise ImportFileError(_("có ký tự Unicode không hợp lệ (nửa cặp thay thế, ví dụ \\ud800)"))
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise ImportFileError(_("JSON lồng nhau quá sâu"))
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        else:
            stack.extend((item, depth + 1) for item in value)
