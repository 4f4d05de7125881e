"""Words that name something a procedure must mention to be the answer ("ô tô", "con nuôi", "bị mất")."""

from __future__ import annotations

from db.catalogue import matching as m

#: Score factor for a hit whose name and colloquial names lack a distinct term of the query. "đăng ký xe ô tô"
#: shares every other word with "đăng ký xe mô tô" and "sổ đỏ bị mất" with "cấp đổi sổ đỏ": without this the
#: near miss looks like the answer. A procedure that does mention the term (an admin adds "đăng ký xe ô tô")
#: is not touched, so the list never hides a procedure; among hits it favours the one that has the term.
DISTINCT_PENALTY = 0.7

#: Things and situations that set a request apart: a hit must mention them to answer it. Written from the
#: public services people ask for at a post office or commune that the shipped catalogue does not hold (other
#: vehicles, adoption, divorce, companies, banks, bills, taxes, fines, visas, other benefits, land changes,
#: schools, health, jobs, post and telecom), plus "mất" (lost), which the catalogue keeps as separate procedures.
_TERMS = (
    # vehicles other than motorbikes
    "ô tô", "oto", "xe hơi", "xe tải", "xe khách", "xe đạp", "đăng kiểm", "bảo hiểm xe",
    # family
    "con nuôi", "nhận nuôi", "ly hôn", "ly dị", "ly thân", "mai táng",
    # businesses other than household businesses
    "doanh nghiệp", "công ty", "hợp tác xã", "tnhh", "chi nhánh",
    # money, bills, taxes, fines
    "ngân hàng", "atm", "tín dụng", "tiết kiệm", "vay vốn", "tiền điện", "tiền nước", "điện nước", "hóa đơn",
    "mã số thuế", "nộp thuế", "đóng thuế", "quyết toán", "thuế thu nhập", "thuế đất", "phạt nguội",
    "nộp phạt", "đóng phạt", "vi phạm giao thông",
    # travel
    "visa", "thị thực", "vé tàu", "vé máy bay", "lái xe quốc tế", "bằng lái quốc tế",
    # benefits other than the ones catalogued
    "khuyết tật", "người có công", "thương binh", "liệt sĩ", "thất nghiệp", "thai sản", "ốm đau", "tự nguyện",
    "lãnh lương hưu", "lĩnh lương hưu", "nhận lương hưu", "hưởng lương hưu", "hộ nghèo", "cận nghèo", "covid",
    "tai nạn lao động", "mua bảo hiểm", "đóng bảo hiểm", "gia hạn bảo hiểm", "mua bhyt", "đóng bhyt", "đóng bhxh",
    # land changes other than first certificate, transfer, renewal and mediation
    "tách thửa", "hợp thửa", "chuyển mục đích", "thế chấp", "giao đất", "thu hồi đất", "bồi thường", "cho thuê đất",
    # school, health, work, army
    "tiêm chủng", "tiêm phòng", "tốt nghiệp", "học bạ", "học phí", "khám sức khỏe", "hiến máu", "chuyển trường",
    "nhập học", "học bổng", "xin việc", "việc làm", "tuyển dụng", "giấy phép lao động", "nghĩa vụ quân sự", "nhập ngũ",
    "thu nhập", "hạnh kiểm", "hành nghề",
    # post and telecom
    "sim", "điện thoại", "internet", "wifi", "bưu phẩm", "bưu kiện", "gửi hàng", "chuyển phát", "chuyển tiền",
    # licences, contracts and translations the catalogue lacks
    "an toàn thực phẩm", "phòng cháy", "rượu", "thuốc lá", "nhà xưởng", "dịch thuật", "bản dịch",
    "hợp đồng", "xác nhận cư trú", "xác nhận thông tin cư trú", "ct07", "thú cưng", "mèo", "tem",
    "gia hạn giấy phép", "điều chỉnh giấy phép",
    # lost (not "đã mất": died)
    "mất",
)
TERMS: tuple[tuple[str, ...], ...] = tuple(dict.fromkeys(tuple(m.tokens(t)) for t in _TERMS))
_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _term in TERMS:
    _BY_FIRST.setdefault(_term[0], []).append(_term)
#: Words before "mất" that make it "died" ("bố tôi mới mất", "người đã mất"), not "lost".
_DIED = frozenset(m.tokens("đã vừa mới người"))
#: Words after "mất" that make it "takes" ("mất bao lâu", "mất mấy ngày", "mất 3 ngày").
_TAKES = frozenset(m.tokens("bao mấy khoảng tầm chừng"))
_LOST = tuple(m.tokens("mất"))
#: Words after a term that make it the one asking, not the thing asked for ("ngân hàng đòi giấy xác nhận").
_ASKS = frozenset(m.tokens("đòi bắt yêu"))
#: "để" starts a purpose: "lý lịch tư pháp để xin việc", "xác nhận độc thân để vay ngân hàng".
_PURPOSE = tuple(m.tokens("để"))[0]


def distinct_terms(toks: list[str]) -> list[tuple[str, ...]]:
    """The distinct terms (see ``TERMS``) that occur in query tokens, each once.

    Terms in a purpose ("... để xin việc"), naming who asks ("ngân hàng đòi ...") and "mất" meaning died or
    takes ("đã mất", "mất bao lâu") do not count.

    >>> distinct_terms(m.tokens("dang ky xe o to")), distinct_terms(m.tokens("bo toi da mat"))
    ([('o', 'to')], [])
    >>> distinct_terms(m.tokens("ly lich tu phap de xin viec")), distinct_terms(m.tokens("so do bi mat"))
    ([], [('mat',)])
    """
    end = toks.index(_PURPOSE) if _PURPOSE in toks else len(toks)
    found: list[tuple[str, ...]] = []
    for k in range(end):
        for term in _BY_FIRST.get(toks[k], ()):
            n = len(term)
            if k + n > end or tuple(toks[k:k + n]) != term or term in found:
                continue
            after = toks[k + n] if k + n < len(toks) else ""
            if after in _ASKS or term == _LOST and ((k > 0 and toks[k - 1] in _DIED) or after in _TAKES
                                                    or after.isdigit()):
                continue
            found.append(term)
    return found


def lacks(own_text: str, terms: list[tuple[str, ...]]) -> int:
    """How many of ``terms`` a procedure does not mention.

    Args:
        own_text: The procedure's folded name and colloquial names, `` name | alias | … `` (space-padded).
        terms: Distinct terms of the query.
    """
    return sum(1 for term in terms if f" {' '.join(term)} " not in own_text)


#: The papers the catalogue is about, each with the words people use for it. A query naming one of them is
#: answered confidently only by a procedure that mentions it ("làm lại sổ hồng bị mất" shares "làm lại … bị mất"
#: with the lost-CCCD procedure but is not about a CCCD).
_OBJECTS = (
    ("sổ đỏ", "sổ hồng", "bìa đỏ", "bìa hồng", "giấy chứng nhận quyền sử dụng đất", "qsdđ", "giấy chủ quyền",
     "giấy tờ nhà", "giấy tờ đất"),
    ("căn cước", "cccd", "cmnd", "cmt", "chứng minh"),
    ("hộ chiếu", "passport", "hc"),
    ("bằng lái", "giấy phép lái xe", "gplx"),
    ("khai sinh", "gks"),
    ("kết hôn", "hôn thú"),
    ("hộ khẩu", "thường trú"),
    ("bảo hiểm y tế", "bhyt"),
    ("bảo hiểm xã hội", "bhxh"),
    ("lý lịch tư pháp", "lltp"),
    ("xe máy", "xe mô tô", "xe gắn máy", "cà vẹt", "cavet", "xe honda"),
    ("kinh doanh", "hkd"),
)
OBJECTS: tuple[tuple[str, ...], ...] = tuple(tuple(" ".join(m.tokens(w)) for w in group) for group in _OBJECTS)


def named_objects(toks: list[str]) -> list[tuple[str, ...]]:
    """The groups of ``OBJECTS`` that query tokens name."""
    query = f" {' '.join(toks)} "
    return [group for group in OBJECTS if any(f" {w} " in query for w in group)]


def other_object(objects: list[tuple[str, ...]], own_text: str) -> bool:
    """True when the query names a paper (``named_objects``) that the procedure never mentions."""
    return any(not any(f" {w} " in own_text for w in group) for group in objects)


_AGE = tuple(m.tokens("tuổi"))[0]
_UNDER = tuple(m.tokens("dưới"))[0]
_FROM = tuple(m.tokens("đủ"))[0]
_UP = tuple(m.tokens("trở lên"))


def age_range(name_toks: tuple[str, ...]) -> tuple[int, int] | None:
    """The ages a procedure's name admits: "từ đủ 14 tuổi trở lên" → (14, 200), "dưới 6 tuổi" → (0, 5)."""
    for k in range(len(name_toks) - 1):
        if name_toks[k].isdigit() and name_toks[k + 1] == _AGE:
            age = int(name_toks[k])
            if k > 0 and name_toks[k - 1] == _UNDER:
                return 0, age - 1
            if (k > 0 and name_toks[k - 1] == _FROM) or tuple(name_toks[k + 2:k + 4]) == _UP:
                return age, 200
    return None


def ages_asked(toks: list[str]) -> tuple[int, int] | None:
    """The ages a query speaks of: "cho con 10 tuổi" → (10, 10), "dưới 14 tuổi" → (0, 13)."""
    for k in range(len(toks) - 1):
        if toks[k].isdigit() and toks[k + 1] == _AGE and len(toks[k]) <= 3:
            age = int(toks[k])
            return (0, age - 1) if k > 0 and toks[k - 1] == _UNDER else (age, age)
    return None


def age_outside(asked: tuple[int, int] | None, name_toks: tuple[str, ...]) -> bool:
    """True when the query's ages fall outside the ages the procedure's name admits.

    >>> age_outside((10, 10), tuple(m.tokens("Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên")))
    True
    >>> age_outside((15, 15), tuple(m.tokens("Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên")))
    False
    """
    admitted = age_range(name_toks) if asked else None
    return admitted is not None and (asked[1] < admitted[0] or asked[0] > admitted[1])
