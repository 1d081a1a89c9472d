"""`treatykg.sample`: the bundled sample in a store on disk, built once, never half-built."""

from __future__ import annotations

from pathlib import Path

import pytest
from treatykg.samples import ARTICLES

import treatykg
from treatykg.errors import StoreError


def _articles(kg: treatykg.TreatyKG) -> int:
    return int(kg.stats()["articles"])  # type: ignore[call-overload]


@pytest.mark.parametrize("name", ["sample-store", "build/notebooks/sample-store"])
def test_sample_builds_the_store_once_and_then_opens_it(tmp_path: Path, name: str) -> None:
    with treatykg.sample(tmp_path / name) as kg:
        built = _articles(kg)
        assert built > 0 and kg.derived_layer().current
    with treatykg.sample(tmp_path / name) as kg:
        assert _articles(kg) == built  # opened as it was, not ingested again
    assert [p.name for p in (tmp_path / name).parent.iterdir()] == [
        Path(name).name
    ]  # nothing left beside it


@pytest.mark.parametrize("article", ["2021-02-03-new-start-extended.html"])
def test_sample_opens_an_existing_store_as_it_is(tmp_path: Path, article: str) -> None:
    with treatykg.open(str(tmp_path / "mine")) as kg:
        kg.ingest([ARTICLES / article])
    with treatykg.sample(tmp_path / "mine") as kg:
        assert _articles(kg) == 1  # the user's store, not mixed with the sample


@pytest.mark.parametrize("blocker", ["a-file"])
def test_sample_that_cannot_be_built_says_where(tmp_path: Path, blocker: str) -> None:
    (tmp_path / blocker).write_text("not a folder")
    with pytest.raises(StoreError, match="sample store") as raised:
        treatykg.sample(tmp_path / blocker / "store")
    assert blocker in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [blocker]


@pytest.mark.parametrize("built_by", ["an older treatykg"])
def test_sample_built_by_other_rules_is_built_again(tmp_path: Path, built_by: str) -> None:
    path = tmp_path / "sample-store"
    with treatykg.sample(path) as kg:
        sample_articles = _articles(kg)
        extra = tmp_path / "extra.txt"  # an article the sample does not have
        extra.write_text(
            "title: Talks\ndate: 2024-05-02\n\nRussia and the United States met in Geneva.\n"
        )
        kg.ingest([extra])
        assert _articles(kg) == sample_articles + 1
        extra.unlink()
    mark = path / ".treatykg-sample"
    current = mark.read_text(encoding="utf-8")
    mark.write_text(built_by, encoding="utf-8")
    with treatykg.sample(path) as kg:
        assert _articles(kg) == sample_articles
    assert mark.read_text(encoding="utf-8") == current
    assert [p.name for p in tmp_path.iterdir()] == ["sample-store"]
