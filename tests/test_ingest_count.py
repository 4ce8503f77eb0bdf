"""Counting input items for progress bars: cheap, and equal to what the readers yield."""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents import read_articles
from newsevents.ingest.count import count_items

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
<item><title>Russia attacked Kyiv</title><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Talks in Geneva</title><pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_counts_equal_the_items_the_readers_yield(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"date": "2024-05-01", "text": "One."}\n\n{"date": "2024-05-02", "text": "Two."}\n'
        "not json\n"
    )
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as f:
        f.write('{"date": "2024-05-03", "text": "Three."}\n')
    (tmp_path / "c.csv").write_text(
        'date,text\n2024-05-01,"A story\nover two lines"\n2024-05-02,Another\n'
    )
    (tmp_path / "d.txt").write_text("date 2024-05-01 A text article.\n")
    (tmp_path / "e.rss").write_text(RSS)
    inputs = [tmp_path]
    assert count_items(inputs) == sum(1 for _ in read_articles(inputs)) == 9


def test_unknowable_and_missing_inputs(tmp_path: Path) -> None:
    assert count_items(["-"]) is None
    assert count_items([tmp_path / "missing.jsonl"]) == 1  # reported as one bad item
    corrupt = tmp_path / "x.jsonl.gz"
    corrupt.write_bytes(b"\x1f\x8bnot gzip at all")
    assert count_items([corrupt]) == 1


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["", "   ", '{"date": "2024-01-01", "text": "x"}']), max_size=30))
def test_jsonl_counts_its_non_blank_lines(lines: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.jsonl"
        path.write_text("\n".join(lines))
        assert count_items([path]) == sum(1 for line in lines if line.strip())
