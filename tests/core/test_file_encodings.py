"""Files in every encoding that real exports use are decoded to the very texts and labels written."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import labelled_rows
from workbench.core import csvparse, data
from workbench.core.data import load_dataset, read_table
from workbench.core.encodings import MAX_REPLACED_SHARE, utf8_damage
from workbench.core.errors import DatasetError

ZH = [
    ("这家店的牛肉面汤头很浓，下次还来", "好评"), ("服务员态度太差了，等了一个小时", "差评"),
    ("价格实惠，分量也足，推荐给朋友", "好评"), ("菜是凉的，外卖洒了一半", "差评"),
    ("环境安静，适合一家人周末吃饭", "好评"), ("米饭夹生，青菜发黄，不会再点", "差评"),
    ("老板很热情，还送了一碗绿豆汤", "好评"), ("排队太久，空调也坏了，热得难受", "差评"),
] * 3
ZH_HANT = [
    ("這家店的牛肉麵湯頭很濃，下次還來", "好評"), ("服務員態度太差了，等了一個小時", "差評"),
    ("價格實惠，份量也足，推薦給朋友", "好評"), ("菜是涼的，外賣灑了一半", "差評"),
    ("環境安靜，適合一家人週末吃飯", "好評"), ("米飯夾生，青菜發黃，不會再點", "差評"),
    ("老闆很熱情，還送了一碗綠豆湯", "好評"), ("排隊太久，冷氣也壞了，熱得難受", "差評"),
] * 3
JA = [
    ("この店のラーメンはスープが濃くて美味しかった。また来たい。", "良い"),
    ("店員の態度が悪くて、一時間も待たされた。", "悪い"),
    ("値段が安くて量も多い、友達にもおすすめです。", "良い"), ("料理が冷めていて、二度と行かない。", "悪い"),
    ("静かな雰囲気で、家族での食事にぴったりでした。", "良い"), ("ご飯が固くて、野菜もしおれていた。", "悪い"),
    ("店主がとても親切で、デザートをおまけしてくれた。", "良い"),
    ("冷房が壊れていて、暑くて我慢できなかった。", "悪い"),
] * 3
KO = [
    ("이 식당의 국수는 국물이 진하고 맛있어요. 또 올게요.", "좋음"),
    ("직원 태도가 너무 나빠서 한 시간이나 기다렸어요.", "나쁨"),
    ("가격이 싸고 양도 많아서 친구에게 추천합니다.", "좋음"), ("음식이 식어서 나왔고 다시는 안 갈 거예요.", "나쁨"),
    ("분위기가 조용해서 가족과 식사하기 좋았어요.", "좋음"), ("밥이 설익고 채소도 시들어 있었어요.", "나쁨"),
    ("사장님이 친절하고 후식도 서비스로 주셨어요.", "좋음"), ("에어컨이 고장 나서 너무 더웠어요.", "나쁨"),
] * 3
# Characters that GBK lacks and GB18030 has: CJK extensions A and B, Tibetan, Uyghur.
ZH_GB18030 = [
    ("𠮷野家的牛丼很好吃，下次还来", "好评"), ("坐𨋢上楼等了十分钟，服务太慢", "差评"),
    ("藏文菜单写着ཁ་ལག，味道正宗", "好评"), ("维吾尔文招牌ئاشخانا很漂亮，菜却很咸", "差评"),
    ("㐀㐁这样的生僻字也印在菜单上，很有意思", "好评"), ("㗎啡太苦，蛋糕也不新鲜", "差评"),
    ("价格实惠，分量也足，推荐给朋友", "好评"), ("排队太久，空调也坏了，热得难受", "差评"),
] * 3
FR = [(f"Très bon café, crème brûlée délicieuse, numéro {i}", "positif") if i % 2 else
      (f"Service médiocre, à éviter, garçon désagréable n° {i}", "négatif") for i in range(30)]


def csv_bytes(rows, header, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


CASES = [
    ("utf-8", ZH, "utf-8"), ("utf-8-sig", ZH, "utf-8-sig"), ("utf-16", ZH, "utf-16"),
    ("utf-16-le", ZH, "utf-16-le"), ("utf-16-be", ZH, "utf-16-be"),
    ("utf-16-le", labelled_rows(30), "utf-16-le"), ("utf-16-be", labelled_rows(30), "utf-16-be"),
    ("gbk", ZH, "gb18030"), ("gb18030", ZH_GB18030, "gb18030"), ("big5", ZH_HANT, "big5hkscs"),
    ("shift_jis", JA, "cp932"), ("euc_kr", KO, "cp949"), ("cp1252", FR, "cp1252"), ("latin-1", FR, "cp1252"),
]


@pytest.mark.parametrize("written,rows,reported", CASES, ids=[f"{c[0]}-{c[1][0][0][:4]}" for c in CASES])
def test_each_encoding_gives_back_the_rows_written(tmp_path, written, rows, reported):
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes(rows, ("text", "label"), written))
    ds = load_dataset(path)
    assert ds.texts == [t for t, _ in rows]
    assert ds.labels == [label for _, label in rows]
    assert (ds.summary.encoding, ds.summary.replaced_characters) == (reported, 0)


def test_the_gb18030_rows_really_need_gb18030(tmp_path):
    outside_gbk = [t for t, _ in ZH_GB18030[:6]]
    for text in outside_gbk:
        with pytest.raises(UnicodeEncodeError):
            text.encode("gbk")


def test_utf16_without_bom_really_has_none(tmp_path):
    for encoding in ("utf-16-le", "utf-16-be"):
        raw = csv_bytes(ZH, ("text", "label"), encoding)
        assert not raw.startswith((b"\xff\xfe", b"\xfe\xff"))


def _stray_byte_rows() -> tuple[bytes, list[str]]:
    """200 Chinese UTF-8 rows, two of them with a stray byte sequence, as the texts should read."""
    rows = [(f"{text}（第{i}位顾客）", label) for i, (text, label) in enumerate(ZH * 9)][:200]
    raw = csv_bytes(rows, ("评论", "标签"), "utf-8")
    texts = [t for t, _ in rows]
    lone = rows[50][0].encode() + b"\xe9"  # a Windows-1252 "é" left in the export
    cut = rows[120][0][:-1].encode() + b"\xe5\xa5" + "）".encode()  # 好 (e5 a5 bd) cut to two bytes
    raw = raw.replace(rows[50][0].encode(), lone).replace(rows[120][0].encode(), cut)
    texts[50] += "\ufffd"
    texts[120] = rows[120][0][:-1] + "\ufffd）"
    return raw, texts


def test_a_few_stray_bytes_in_utf8_load_with_replacement_characters(tmp_path):
    raw, texts = _stray_byte_rows()
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    ds = load_dataset(path)
    assert ds.summary.encoding == "utf-8" and ds.summary.replaced_characters == 2
    assert ds.texts == texts
    assert set(ds.labels) == {"好评", "差评"}


def test_replacement_characters_already_in_the_file_are_not_counted(tmp_path):
    rows = [(f"{t}\ufffd", label) for t, label in ZH]
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes(rows, ("text", "label"), "utf-8").replace("牛".encode(), b"\xff", 1))
    ds = load_dataset(path)
    assert ds.summary.replaced_characters == 1
    assert ds.texts[0] == "这家店的\ufffd肉面汤头很浓，下次还来\ufffd" and ds.texts[1:] == [t for t, _ in rows[1:]]


@pytest.mark.parametrize("written,rows", [("gbk", ZH), ("gb18030", ZH_GB18030), ("big5", ZH_HANT),
                                          ("shift_jis", JA), ("euc_kr", KO), ("cp1252", FR)])
def test_the_utf8_line_sits_far_from_legacy_encodings_and_from_stray_bytes(written, rows):
    """What is_mostly_utf8's docstring says: legacy text is mostly broken as UTF-8, exports are not."""
    _, replaced, non_ascii = utf8_damage(csv_bytes(rows, ("text", "label"), written))
    assert replaced / non_ascii > 5 * MAX_REPLACED_SHARE
    _, replaced, non_ascii = utf8_damage(_stray_byte_rows()[0])
    assert replaced / non_ascii < MAX_REPLACED_SHARE / 10


def test_a_legacy_file_whose_start_is_plain_ascii_is_still_decoded(tmp_path, monkeypatch):
    """The first megabyte decides the encoding; when the rest says otherwise, the rest is judged."""
    monkeypatch.setattr(data, "HEAD_BYTES", 2048)
    monkeypatch.setattr(csvparse, "READ_BYTES", 1024)
    rows = labelled_rows(60, labels=("好评", "差评"))
    rows = [(t, "positive" if i < 40 else label) for i, (t, label) in enumerate(rows)]  # ASCII first
    rows += ZH * 2
    path = tmp_path / "gbk.csv"
    path.write_bytes(csv_bytes(rows, ("text", "label"), "gbk"))
    assert path.read_bytes()[:2048].isascii()
    ds = load_dataset(path)
    assert ds.summary.encoding == "gb18030" and ds.summary.replaced_characters == 0
    assert ds.texts == [t for t, _ in rows] and ds.labels == [label for _, label in rows]


@pytest.mark.parametrize("encoding", ["utf-16-le", "gb18030", "utf-8-sig"])
def test_a_character_cut_off_at_the_end_is_replaced_and_counted(tmp_path, encoding):
    raw = ("text,label\n" + "这家店的菜很好吃,好评\n服务太差了,差评\n" * 15 + "好吃").encode(encoding)
    (tmp_path / "cut.csv").write_bytes(raw[:-1])
    table = read_table(tmp_path / "cut.csv")
    assert (table.encoding, table.replaced_characters) == (encoding, 1)
    assert list(table.frame.columns) == ["text", "label"]  # the byte-order mark is not in the first name
    assert table.frame.iloc[-1].tolist() == ["好\ufffd", ""]


class _CountedReads(io.BytesIO):
    """A file that counts the bytes read from it."""

    read_total = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_total += len(data)
        return data


def _parsed(raw: bytes) -> tuple[csvparse.ParsedCsv, int, list[float]]:
    """``raw`` parsed as UTF-8: what came out, the bytes read from the file, the progress reported."""
    file, reported = _CountedReads(raw), []
    return csvparse.parse_csv(file, len(raw), "utf-8", ",", "f.csv", reported.append), file.read_total, reported


def test_a_stray_byte_far_down_is_read_once(monkeypatch):
    monkeypatch.setattr(csvparse, "CHUNK_ROWS", 20)
    monkeypatch.setattr(csvparse, "READ_BYTES", 256)  # progress follows the reads
    raw = csv_bytes(labelled_rows(400, labels=("好评", "差评")), ("text", "label"), "utf-8")
    raw = raw[: len(raw) * 3 // 4] + b"\xe8\x8f" + raw[len(raw) * 3 // 4:]  # 菏 cut to two bytes, far down
    parsed, read_total, reported = _parsed(raw)
    assert (parsed.replaced, read_total) == (1, len(raw))  # not parsed again with the stray bytes replaced
    assert reported == sorted(reported) and reported[-1] == 1.0


def test_each_copy_of_a_damaged_cell_is_counted():
    """pandas decodes a cell repeated within a chunk once; each of its 300 copies is still counted."""
    raw = csv_bytes([(t, "好评") for t, _ in labelled_rows(300)], ("text", "label"), "utf-8")
    raw = raw.replace("好评".encode(), "好评".encode() + b"\xff")
    parsed, _, _ = _parsed(raw)
    assert parsed.replaced == 300
    assert parsed.frame[1].tolist()[1:] == ["好评\ufffd"] * 300


def test_a_stray_byte_at_the_start_of_a_long_row_is_counted(monkeypatch):
    """The row's start is read long before the chunk that holds it is made: its bytes are kept until then."""
    monkeypatch.setattr(csvparse, "CHUNK_ROWS", 3)
    monkeypatch.setattr(csvparse, "READ_BYTES", 256)
    long_text = "坏\xff" + "很长的评论，分好几行写。\n" * 200  # a quoted cell of 7 KB over 200 lines
    rows = [*labelled_rows(10), (long_text, "差评"), *labelled_rows(10)]
    raw = csv_bytes(rows, ("text", "label"), "utf-8").replace("\xff".encode(), b"\xff")
    parsed, read_total, _ = _parsed(raw)
    assert (parsed.replaced, read_total) == (1, len(raw))
    assert parsed.frame[0].tolist()[11] == long_text.replace("\xff", "\ufffd")


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(st.text('好评ab ,\n"', max_size=30), st.sampled_from(["好评", "差评"])), min_size=1,
                     max_size=30),
       strays=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from([b"\xff", b"\xe8\x8f", b"\x80"])),
                       min_size=1, max_size=4),
       read_bytes=st.sampled_from([1, 3, 7, 64]), chunk_rows=st.sampled_from([1, 2, 5]),
       kept_bytes=st.sampled_from([0, 16, csvparse.KEPT_BYTES]))
def test_stray_bytes_are_counted_as_decoding_the_whole_file_counts_them(rows, strays, read_bytes, chunk_rows,
                                                                        kept_bytes):
    """Wherever the stray bytes fall (in a character, a quoted cell of many lines, across reads and chunks)."""
    raw = csv_bytes(rows, ("text", "label"), "utf-8")
    for at, stray in strays:
        at %= len(raw) + 1
        raw = raw[:at] + stray + raw[at:]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvparse, "READ_BYTES", read_bytes)
        patch.setattr(csvparse, "CHUNK_ROWS", chunk_rows)
        patch.setattr(csvparse, "KEPT_BYTES", kept_bytes)  # even 0 keeps the last read
        try:
            parsed, _, _ = _parsed(raw)
        except DatasetError:  # a stray byte next to a quote can leave it open
            return
    if not parsed.malformed_lines:  # the cells of skipped rows are never decoded
        assert parsed.replaced == utf8_damage(raw)[1]
