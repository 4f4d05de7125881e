"""Search latency (p50/p95 per query) on the shipped catalogue and on a synthetic 10,000-procedure one.

Usage: ``python bench/search_bench.py [--size 10000] [--repeat 5] [--json]``.
The shipped catalogue is seeded into a temporary SQLite database and loaded the way the kiosk does;
the round-3 citizen queries (tests/catalogue/data/citizen_queries_2.json) are timed on it as "citizen";
the synthetic catalogue mixes the real procedures into 10,000 generated ones with realistic
Vietnamese names, fields and colloquial names, so the quality of the real queries is measured too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session

from db.catalogue.index import Entry
from db.catalogue.search import CatalogueSearch
from db.catalogue.seed import COMMON, seed_catalogue, shipped_records
from db.engine import Database
from db.models import Base

# Citizen phrasing: no diacritics, typos, partial words, abbreviations, expected code.
QUERIES: list[tuple[str, str | None]] = [
    ("lam giay khai sinh cho con", "1.001193"), ("khai s", "1.001193"), ("kahi sinh", "1.001193"),
    ("khaisinh", "1.001193"), ("dang ki khai sinh", "1.001193"), ("k", None), ("kh", None), ("kha", None),
    ("ket hon", "1.000894"), ("xac nhan doc than", "1.004873"), ("trich luc khai sinh", "2.000635"),
    ("cong chung giay to", "2.000815"), ("cong chung cccd", "2.000815"), ("chung thuc chu ki", "2.000884"),
    ("nhap ho khau", "1.004222"), ("KT3", "1.004194"), ("gia han tam tru", "1.002755"),
    ("lam can cuoc", "2.000200"), ("CCCD", "2.000200"), ("mat cmnd", "2.001194"), ("doi cccd", "2.001195"),
    ("lam ho chieu", "1.001456"), ("passport", "1.001456"), ("ho chi", "1.001456"), ("hochieu", "1.001456"),
    ("li lich tu phap", "2.000488"), ("LLTP", "2.000488"), ("ly lich tu pha", "2.000488"),
    ("doi bang lai", "3.000347"), ("GPLX", "3.000347"), ("doi giay phep lai xe", "3.000347"),
    ("dang ky xe may", "1.010914"), ("mo ho kinh doanh", "1.001612"), ("so do", "DP.DD.002"),
    ("lam so hong", "DP.DD.002"), ("sang ten so do", "DP.DD.001"), ("sang tne so do", "DP.DD.001"),
    ("the bhyt", "DP.BHYT.001"), ("BHXH 1 lan", "DP.BHXH.001"), ("rut bao hiem mot lan", "DP.BHXH.001"),
    ("giay phep xay nha", "1.013225"), ("tro cap nguoi gia", "1.014027"), ("tranh chap dat", "1.012812"),
    ("thu tuc cap giay chung nhan quyen su dung dat cho ho gia dinh ca nhan lan dau", "DP.DD.002"),
    ("", None), ("2.000815", "2.000815"), ("xin giay xac nhan tinh trang hon nhan de mua nha", "1.004873"),
]
#: Round 3 of the unseen citizen queries (sentences, Telex, dialect, out-of-catalogue requests), timed too.
CITIZEN_FILE = Path(__file__).resolve().parents[1] / "tests" / "catalogue" / "data" / "citizen_queries_2.json"


def citizen_queries() -> list[tuple[str, str | None]]:
    """The round-3 evaluation queries with one expected code (None: not in the catalogue)."""
    if not CITIZEN_FILE.exists():
        return []
    items = json.loads(CITIZEN_FILE.read_text(encoding="utf-8"))["queries"]
    return [(q["query"], (q["expected"] or [None])[0]) for q in items]


VERBS = ["Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Thu hồi", "Đăng ký", "Thông báo", "Công nhận",
         "Phê duyệt", "Xác nhận", "Chấp thuận", "Hỗ trợ", "Giải quyết", "Thẩm định", "Cho phép"]
OBJECTS = ["giấy phép kinh doanh vận tải", "chứng chỉ hành nghề", "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
           "giấy phép khai thác nước mặt", "quyết định hỗ trợ hộ nghèo", "giấy phép hoạt động giáo dục",
           "giấy chứng nhận đăng ký doanh nghiệp", "chế độ trợ cấp xã hội hàng tháng", "giấy phép lao động",
           "thẻ hướng dẫn viên du lịch", "giấy phép bán lẻ rượu", "giấy phép tổ chức lễ hội",
           "giấy chứng nhận cơ sở đủ điều kiện chăn nuôi", "biển hiệu quảng cáo", "giấy phép xả thải",
           "giấy phép kinh doanh karaoke", "chứng nhận nguồn gốc lâm sản", "giấy phép khám chữa bệnh",
           "giấy chứng nhận đăng ký tàu cá", "hồ sơ hưởng chế độ người có công", "giấy phép dạy thêm",
           "phương án phòng cháy chữa cháy", "giấy phép sử dụng vật liệu nổ", "giấy xác nhận ưu đãi đầu tư"]
QUALIFIERS = ["", "cho tổ chức", "cho cá nhân", "đối với doanh nghiệp nhỏ và vừa", "có yếu tố nước ngoài",
              "(thực hiện tại cấp tỉnh)", "(thực hiện tại cấp xã)", "trong khu công nghiệp", "tại vùng biên giới",
              "cho hợp tác xã", "khi thay đổi thông tin", "trường hợp bị mất, hỏng"]
FIELDS = ["Giao thông vận tải", "Y tế", "Giáo dục và đào tạo", "Lao động", "Du lịch", "Công thương", "Nông nghiệp",
          "Tài nguyên nước", "Môi trường", "Văn hóa", "Xây dựng", "Đầu tư", "Người có công", "Phòng cháy chữa cháy",
          "Lâm nghiệp", "Thủy sản", "Doanh nghiệp", "Bảo trợ xã hội", "Khoa học công nghệ", "Thông tin truyền thông"]
COLLOQUIAL = ["làm", "xin", "đổi", "mất", "gia hạn", "nộp", "hỏi", "thủ tục", "giấy", "cấp lại"]


def synthetic_entries(size: int, seed: int = 11) -> list[Entry]:
    """Return ``size`` entries: the shipped procedures plus generated ones (deterministic)."""
    rng = random.Random(seed)
    rank = {code: len(COMMON) - i for i, code in enumerate(COMMON)}
    entries = [Entry(i, r["code"], r["name"], r["field"], tuple(r["aliases"]), r["national_code"],
                     rank.get(r["code"], 0)) for i, r in enumerate(shipped_records(), 1)]
    for n in range(len(entries) + 1, size + 1):
        obj = rng.choice(OBJECTS)
        name = " ".join(x for x in (rng.choice(VERBS), obj, rng.choice(QUALIFIERS), f"mẫu {n % 97}") if x)
        words = obj.split()
        aliases = []
        for _ in range(rng.randint(5, 12)):
            start = rng.randrange(len(words))
            piece = " ".join(words[start:start + rng.randint(2, 4)])
            aliases.append(f"{rng.choice(COLLOQUIAL)} {piece}")
        entries.append(Entry(n, f"{rng.randint(1, 3)}.{n:06d}", name, rng.choice(FIELDS), tuple(aliases),
                             None, rng.randint(0, 50)))
    return entries


def shipped_search() -> tuple[CatalogueSearch, float]:
    """Seed the shipped catalogue into a temporary SQLite file and load the index like the kiosk."""
    folder = Path(tempfile.mkdtemp(prefix="search-bench-"))
    database = Database(f"sqlite:///{folder / 'bench.db'}")
    Base.metadata.create_all(database.engine)
    with database.session() as session:
        seed_catalogue(session)
    started = time.perf_counter()
    with Session(database.engine) as session:
        search = CatalogueSearch.load(session)
    load_s = time.perf_counter() - started
    database.dispose()
    return search, load_s


def measure(search: CatalogueSearch, repeat: int,
            queries: list[tuple[str, str | None]] | None = None) -> dict[str, object]:
    """Time every query ``repeat`` times; report p50/p95 over all runs, per query, and top-3 quality."""
    queries = QUERIES if queries is None else queries
    per_query: dict[str, list[float]] = {}
    for _ in range(repeat):
        for query, _code in queries:
            started = time.perf_counter()
            search.search(query, limit=20)
            per_query.setdefault(query, []).append((time.perf_counter() - started) * 1000)
    # Latency of a query = its median over the repeats (robust to a busy machine); p50/p95 over queries.
    runs = sorted(statistics.median(times) for times in per_query.values())
    judged = [(q, c) for q, c in queries if c]
    top3 = sum(c in [h.code for h in search.search(q, limit=3)] for q, c in judged)
    return {
        "procedures": len(search),
        "queries": len(queries),
        "p50_ms": round(statistics.median(runs), 3),
        "p95_ms": round(runs[int(0.95 * (len(runs) - 1))], 3),
        "max_ms": round(runs[-1], 3),
        "top3": f"{top3}/{len(judged)}",
        "slowest": sorted(((q, round(statistics.median(t), 3)) for q, t in per_query.items()),
                          key=lambda qt: -qt[1])[:5],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="synthetic catalogue size")
    parser.add_argument("--repeat", type=int, default=7, help="runs per query (its latency is the median)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    shipped, load_s = shipped_search()
    report: dict[str, dict] = {"shipped": {**measure(shipped, args.repeat), "load_ms": round(load_s * 1000, 1)}}
    if citizen := citizen_queries():
        report["citizen"] = {**measure(shipped, args.repeat, citizen), "load_ms": round(load_s * 1000, 1)}
    entries = synthetic_entries(args.size)
    started = time.perf_counter()
    big = CatalogueSearch.from_entries(entries)
    build_s = time.perf_counter() - started
    report["synthetic"] = {**measure(big, args.repeat), "build_ms": round(build_s * 1000, 1),
                           "aliases": sum(len(e.aliases) for e in entries)}
    report["machine"] = {"load_average_1m": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"machine: load average {report['machine']['load_average_1m']} on {os.cpu_count()} CPUs")
    for name in ("shipped", "citizen", "synthetic"):
        if name not in report:
            continue
        r = report[name]
        extra = f"load {r['load_ms']} ms" if "load_ms" in r else f"build {r['build_ms']} ms, {r['aliases']} aliases"
        print(f"{name:9} {r['procedures']:6} procedures  p50 {r['p50_ms']:.2f} ms  p95 {r['p95_ms']:.2f} ms  "
              f"max {r['max_ms']:.2f} ms  top-3 {r['top3']}  ({extra})")
        print(f"          slowest: {r['slowest']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
