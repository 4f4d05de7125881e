"""English catalogue for the catalogue's user-facing strings (domain ``db``)."""

from __future__ import annotations

from core.i18n import register_catalogue, translator

_ = translator("db")

ENGLISH = {
    "phải là chuỗi ký tự": "must be text",
    "dài quá {n} ký tự": "longer than {n} characters",
    "phải là số nguyên": "must be a whole number",
    "phải từ 0 đến {high}": "must be between 0 and {high}",
    "phải là true hoặc false": "must be true or false",
    "giá trị '{value}' không hợp lệ; chọn một trong: {choices}": "invalid value '{value}'; choose one of: {choices}",
    "mỗi thủ tục phải là một đối tượng JSON": "each procedure must be a JSON object",
    "trường không được hỗ trợ": "unknown field",
    "bắt buộc": "required",
    "chỉ dùng chữ, số và . _ - /": "use only letters, digits and . _ - /",
    "phải có dạng HH:MM, ví dụ 15:00": "must look like HH:MM, e.g. 15:00",
    "mã {code} có mã quốc gia {national}": "code {code} has national code {national}",
    "phải có dạng D.NNNNNN, ví dụ 1.001193": "must look like D.NNNNNN, e.g. 1.001193",
    "không khớp với mã {code}": "does not match code {code}",
    "phải là đối tượng JSON": "must be a JSON object",
    "kênh không hợp lệ; chọn in_person, online hoặc post": "unknown channel; use in_person, online or post",
    "phải là danh sách": "must be a list",
    "không được chứa ký tự |": "must not contain the | character",
    "giấy tờ có điều kiện phải ghi điều kiện": "a conditional document needs its condition",
    "giấy tờ có ghi điều kiện thì required phải là false": "a document with a condition must have required = false",
    "dòng {row}": "row {row}",
    "tệp": "file",
    "Không tìm thấy thủ tục {code}": "No procedure with code {code}",
    "Dữ liệu thủ tục {code} không hợp lệ: {issues}": "Invalid data for procedure {code}: {issues}",
    "Thủ tục {code} vừa được người khác sửa (phiên bản {current}, bạn mở phiên bản {expected}); hãy tải lại rồi sửa":
        "Procedure {code} was just changed by someone else (row version {current}, you opened {expected}); reload and edit again",
    "Thủ tục {code} đã tồn tại": "Procedure {code} already exists",
    "Không đọc được tệp {path}: {reason}": "Cannot read file {path}: {reason}",
    "tệp không phải UTF-8 (byte lỗi ở vị trí {pos})": "the file is not UTF-8 (bad byte at position {pos})",
    "JSON sai cú pháp ở dòng {line}, cột {col}: {msg}": "invalid JSON at line {line}, column {col}: {msg}",
    "định dạng tệp phải là .json hoặc .csv": "the file format must be .json or .csv",
    "thiếu danh sách 'procedures'": "missing the 'procedures' list",
    "thiếu cột: {columns}": "missing columns: {columns}",
    "cột không được hỗ trợ: {columns}": "unknown columns: {columns}",
    "tệp trống": "the file is empty",
    "số cột không khớp với dòng tiêu đề": "the number of cells does not match the header",
    "mã trùng với dòng {other}": "duplicate code, also on row {other}",
    "Tệp nhập có {n} lỗi; không áp dụng thay đổi nào": "The import file has {n} errors; nothing was applied",
    "dòng giấy tờ phải có dạng 'bản chính+bản sao | tên' hoặc 'bản chính+bản sao | tên | điều kiện'":
        "a document line must look like 'originals+copies | name' or 'originals+copies | name | condition'",
    "phải là JSON hợp lệ": "must be valid JSON",
    "CSV sai cú pháp: {msg}": "invalid CSV: {msg}",
    "Miễn lệ phí": "Free of charge",
    "Không ghi được tệp {path}: {reason}": "Cannot write file {path}: {reason}",
}
register_catalogue("db", ENGLISH)
