"""Seed integrity: the articles are evidence, checked byte for byte."""

import hashlib
import re

import pytest

from deepseek_factcheck.articles.seeds import SeedIntegrityError, load_seeds, verify_seeds
from deepseek_factcheck.core.tables import load_table

from .conftest import ROOT

SHARED = ROOT.parent / "shared" / "seeds"


def test_repository_seeds_pass_and_match_the_table():
    seeds = load_seeds(ROOT)
    assert [s.seed for s in seeds] == ["000", "001", "002", "003", "004"]
    for seed in seeds:
        assert hashlib.sha256(seed.path.read_bytes()).hexdigest() == seed.meta["sha256"]
        assert len(seed.raw_bytes) == seed.meta["bytes"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/seeds is not beside the repository")
def test_seeds_are_byte_identical_to_the_supplied_files():
    supplied = sorted(p.name for p in SHARED.glob("*.txt"))
    assert supplied == sorted(p.name for p in (ROOT / "seeds").iterdir())
    for name in supplied:
        assert (ROOT / "seeds" / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_changed_seed_names_file_and_expected_hash(book_copy):
    target = book_copy / "seeds" / "002_e926eb8bcc38cb24.txt"
    target.write_bytes(target.read_bytes().replace(b"17%", b"71%"))
    expected = load_table("seeds", book_copy / "data").set_index("seed").loc["002", "sha256"]
    with pytest.raises(SeedIntegrityError) as error:
        verify_seeds(book_copy)
    message = str(error.value)
    assert "seeds/002_e926eb8bcc38cb24.txt has changed" in message
    assert f"expected sha256 {expected}" in message
    assert "000_" not in message  # only the damaged file is named


def test_missing_seed_names_file_and_expected_hash(book_copy):
    (book_copy / "seeds" / "004_b7bce23a274f8c64.txt").unlink()
    with pytest.raises(SeedIntegrityError, match=r"seeds/004_b7bce23a274f8c64\.txt is missing \(expected sha256 0c6c61b4"):
        verify_seeds(book_copy)


def test_extra_seed_is_refused(book_copy):
    (book_copy / "seeds" / "005_0000000000000000.txt").write_text("an extra article")
    with pytest.raises(SeedIntegrityError, match=r"seeds/005_0000000000000000\.txt is not listed in data/seeds\.csv"):
        verify_seeds(book_copy)


def test_every_problem_is_reported_at_once(book_copy):
    (book_copy / "seeds" / "000_8396031781c61502.txt").write_bytes(b"x")
    (book_copy / "seeds" / "001_2a6b0b4c264be862.txt").unlink()
    with pytest.raises(SeedIntegrityError) as error:
        verify_seeds(book_copy)
    assert len(re.findall(r"^  seeds/", str(error.value), flags=re.M)) == 2
