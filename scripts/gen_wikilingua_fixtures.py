#!/usr/bin/env python3
"""Regenerates tests/fixtures/wikilingua/: WikiLingua in the two forms GEM released, with
texts written for these tests (never the data set's own):

- vietnamese/{val,test}.{src,tgt}.{vi,en}: GEM's line-aligned folder, one example a line,
  the four files of a split line-aligned (some lines with the stray spaces GEM strips);
- wiki_lingua_vietnamese_vi-test.parquet: the Hugging Face `GEM/wiki_lingua` form of the
  test split (config wiki_lingua_vietnamese_vi), built from the folder exactly as GEM's
  loader builds its rows: gem_id/gem_parent_id `wiki_lingua_vietnamese_vi-<split>-<i>`,
  source = src.vi, target = tgt.en, references = [tgt.en] (empty on train),
  source_aligned/target_aligned = {vi, en}, every text stripped.

    python3 -m venv v && v/bin/pip install pyarrow && v/bin/python scripts/gen_wikilingua_fixtures.py
"""
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

OUT = pathlib.Path("tests/fixtures/wikilingua")
CONFIG = "wiki_lingua_vietnamese_vi"

# (src.vi, src.en, tgt.vi, tgt.en)
SPLITS = {
    "val": [
        ("Đổ nước vào nồi và đun sôi. Cho mì vào, khuấy đều trong tám phút. Chắt nước và trộn với sốt.",
         "Pour water into a pot and boil it. Add the pasta and stir for eight minutes. Drain and mix with sauce.",
         "Đun sôi nước, nấu mì tám phút rồi trộn sốt.",
         "Boil water, cook the pasta for eight minutes, then add sauce."),
        ("Chọn một chậu có lỗ thoát nước.  Đổ đất vào chậu và gieo hạt sâu khoảng một đốt ngón tay. ",
         "Choose a pot with drainage holes. Fill it with soil and sow the seeds a knuckle deep.",
         "Dùng chậu có lỗ thoát nước và gieo hạt vào đất.",
         "Use a pot with drainage and sow the seeds in soil. "),
    ],
    "test": [
        ("Tắt máy tính và rút dây nguồn. Mở nắp máy bằng tua vít. Lắp thanh RAM mới vào khe trống cho đến khi nghe tiếng tách.",
         "Shut down the computer and unplug it. Open the case with a screwdriver. Push the new RAM stick into a free slot until it clicks.",
         "Tắt máy, mở nắp và lắp RAM vào khe trống.",
         "Turn off the computer, open the case and insert the RAM."),
        ("  Viết ra mục tiêu của bạn mỗi sáng. Chia mục tiêu lớn thành những việc nhỏ. Thưởng cho bản thân khi hoàn thành.",
         "Write down your goals every morning. Break big goals into small tasks. Reward yourself when you finish.",
         "Viết mục tiêu, chia nhỏ và tự thưởng.",
         "Write your goals down, split them into small tasks and reward yourself."),
        ("Rửa sạch vết thương bằng nước. Bôi thuốc sát trùng. Dán băng cá nhân và thay băng mỗi ngày.",
         "Rinse the wound with water. Apply antiseptic. Put on a bandage and change it every day.",
         "Rửa vết thương, sát trùng và băng lại.",
         "Clean the wound, disinfect it and bandage it."),
    ],
}


def main():
    folder = OUT / "vietnamese"
    folder.mkdir(parents=True, exist_ok=True)
    for split, rows in SPLITS.items():
        for k, name in enumerate(["src.vi", "src.en", "tgt.vi", "tgt.en"]):
            (folder / f"{split}.{name}").write_text("".join(r[k] + "\n" for r in rows), encoding="utf-8")
    rows = []
    split = "test"
    for i, (src_vi, src_en, tgt_vi, tgt_en) in enumerate(SPLITS[split]):
        rows.append({
            "gem_id": f"{CONFIG}-{split}-{i}",
            "gem_parent_id": f"{CONFIG}-{split}-{i}",
            "source_aligned": {"vi": src_vi.strip(), "en": src_en.strip()},
            "target_aligned": {"vi": tgt_vi.strip(), "en": tgt_en.strip()},
            "source": src_vi.strip(),
            "target": tgt_en.strip(),
            "references": [] if split == "train" else [tgt_en.strip()],
        })
    pq.write_table(pa.Table.from_pylist(rows), OUT / f"{CONFIG}-{split}.parquet")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
