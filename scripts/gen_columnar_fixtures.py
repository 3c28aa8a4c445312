#!/usr/bin/env python3
"""Regenerates tests/fixtures/columnar/: the same 12 pairs as JSON Lines and as files written by
pyarrow the way other tools write them, for tests/columnar_input.rs:

- pairs.pyarrow.parquet: pandas/pyarrow defaults (Snappy, `references` list<string>)
- pairs.large.parquet: large_string and large_list<large_string>, gzip
- pairs.hf.arrow: an Arrow IPC *stream*, as Hugging Face `datasets` caches are
- pairs.view.arrow: an Arrow IPC file with string_view candidates and a dictionary-encoded
  single `reference` column (the first reference; compared with pairs.first.jsonl)

    python3 -m venv v && v/bin/pip install pyarrow && v/bin/python scripts/gen_columnar_fixtures.py
"""
import json
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

OUT = pathlib.Path("tests/fixtures/columnar")
PAIRS = [
    ("vi-1", "Hoà bình ở Ukraine vẫn còn xa.", ["Hòa bình ở Ukraine còn xa.", "Chưa có hoà bình."]),
    ("vi-2", "Nga và Mỹ đàm phán tại Geneva.\nKhông có đột phá.", ["Nga, Mỹ đàm phán ở Geneva."]),
    ("vi-3", "Quân đội tập trung ở biên giới.", ["Quân đội Nga tập trung gần biên giới Ukraine."]),
    ("en-1", "The talks ended without a breakthrough.", ["Talks ended with no breakthrough.", "No deal."]),
    ("en-2", "Troops massed at the border.", ["Russian troops gathered near the border."]),
    ("vi-4", "Thủ tướng phát biểu tại hội nghị.", ["Thủ tướng đã phát biểu ở hội nghị thượng đỉnh."]),
    ("vi-5", "Giá xăng tăng mạnh trong tuần.", ["Giá xăng dầu tăng mạnh.", "Xăng tăng giá."]),
    ("en-3", "NATO met in Brussels on Monday.", ["NATO ministers met on Monday in Brussels."]),
    ("vi-6", "Học sinh trở lại trường sau kỳ nghỉ.", ["Học sinh đi học lại sau Tết."]),
    ("vi-7", "Mưa lớn gây ngập ở Hà Nội.", ["Hà Nội ngập sau mưa lớn.", "Mưa to, ngập nặng."]),
    ("en-4", "Markets fell sharply.", ["Stocks fell sharply on the news."]),
    ("vi-8", "Đội tuyển thắng 2-0.", ["Việt Nam thắng 2-0."]),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ids = [p[0] for p in PAIRS]
    cands = [p[1] for p in PAIRS]
    refs = [p[2] for p in PAIRS]
    with open(OUT / "pairs.jsonl", "w", encoding="utf-8") as f:
        for i, c, r in PAIRS:
            f.write(json.dumps({"id": i, "candidate": c, "references": r}, ensure_ascii=False) + "\n")
    with open(OUT / "pairs.first.jsonl", "w", encoding="utf-8") as f:
        for i, c, r in PAIRS:
            f.write(json.dumps({"id": i, "candidate": c, "reference": r[0]}, ensure_ascii=False) + "\n")
    table = pa.table({"id": ids, "candidate": cands, "references": refs})
    pq.write_table(table, OUT / "pairs.pyarrow.parquet")
    large = pa.table({
        "id": pa.array(ids, pa.large_string()),
        "candidate": pa.array(cands, pa.large_string()),
        "references": pa.array(refs, pa.large_list(pa.large_string())),
    })
    pq.write_table(large, OUT / "pairs.large.parquet", compression="gzip")
    with pa.ipc.new_stream(OUT / "pairs.hf.arrow", table.schema) as w:
        for batch in table.to_batches(max_chunksize=5):
            w.write_batch(batch)
    view = pa.table({
        "id": ids,
        "candidate": pa.array(cands, pa.string_view()),
        "reference": pa.array([r[0] for r in refs]).dictionary_encode(),
    })
    with pa.ipc.new_file(OUT / "pairs.view.arrow", view.schema) as w:
        w.write_table(view)
    # Issue 22: a plain-encoded string column whose third cell is the bytes FF FE.
    bad = pa.Array.from_buffers(
        pa.string(), 3, [None, pa.py_buffer(bytes([0] * 4 + [2, 0, 0, 0, 6, 0, 0, 0, 8, 0, 0, 0])),
                         pa.py_buffer(b"okfine\xff\xfe")])
    pq.write_table(pa.table({"id": ["a", "b", "c"], "reference": ["x", "y", "z"], "candidate": bad}),
                   OUT / "non-utf8.plain.parquet", use_dictionary=False)
    # Compressed Feather (pandas' default is LZ4): seeds for the columnar fuzz target.
    import pyarrow.feather as feather
    feather.write_feather(view.select(["id", "candidate"]).append_column("reference", pa.array([r[0] for r in refs])),
                          OUT / "pairs.lz4.feather", compression="lz4")
    feather.write_feather(table, OUT / "pairs.zstd.feather", compression="zstd")
    print("pyarrow", pa.__version__)


main()
