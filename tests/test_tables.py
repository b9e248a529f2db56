"""Curated tables: schema checks name the file, row and column of every bad cell."""

import csv
import json

import pytest

from deepseek_factcheck.core.tables import PROVENANCE_KEYS, TableError, load_table, read_descriptor

from .conftest import ROOT


def _rewrite(path, change):
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_every_resource_carries_provenance_and_loads():
    descriptor = read_descriptor(ROOT / "data")
    assert descriptor["resources"], "no tables described"
    for entry in descriptor["resources"]:
        for key in PROVENANCE_KEYS:
            assert entry[key], f"{entry['name']} lacks {key}"
        frame = load_table(entry["name"], ROOT / "data")
        assert len(frame) > 0


def test_bad_date_names_file_row_and_column(book_copy):
    _rewrite(book_copy / "data" / "seeds.csv", lambda rows: rows[3].__setitem__(10, "28/01/2025"))
    with pytest.raises(TableError) as error:
        load_table("seeds", book_copy / "data")
    assert "data/seeds.csv, row 3 (line 4), column 'published': '28/01/2025' is not a date" in str(error.value)


def test_enum_required_and_unique_violations_are_all_listed(book_copy):
    def damage(rows):
        rows[1][5] = "rumoured"  # title_basis not in the vocabulary
        rows[2][6] = ""  # outlet required
        rows[5][0] = rows[4][0]  # duplicate seed id
    _rewrite(book_copy / "data" / "seeds.csv", damage)
    with pytest.raises(TableError) as error:
        load_table("seeds", book_copy / "data")
    message = str(error.value)
    assert "has 3 invalid cell(s)" in message
    assert "row 1 (line 2), column 'title_basis': 'rumoured' is not one of" in message
    assert "row 2 (line 3), column 'outlet': is empty but required" in message
    assert "row 5 (line 6), column 'seed': '003' repeats row 4" in message


def test_short_row_and_wrong_header_are_refused(book_copy):
    _rewrite(book_copy / "data" / "seeds.csv", lambda rows: rows[2].pop())
    with pytest.raises(TableError, match=r"row 2 \(line 3\), column '\*': has 14 cells, the header has 15"):
        load_table("seeds", book_copy / "data")
    _rewrite(book_copy / "data" / "seeds.csv", lambda rows: rows[0].__setitem__(3, "size"))
    with pytest.raises(TableError, match=r"header does not match its schema: missing \['bytes'\]; unexpected \['size'\]"):
        load_table("seeds", book_copy / "data")


def test_resource_without_provenance_is_refused(book_copy):
    path = book_copy / "data" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    del descriptor["resources"][0]["caveats"]
    path.write_text(json.dumps(descriptor))
    with pytest.raises(TableError, match="resource 'seeds' lacks caveats"):
        load_table("seeds", book_copy / "data")


def test_the_data_package_descriptor_follows_the_frictionless_specs():
    """data/datapackage.json: a Data Package whose every resource is a Tabular Data Resource with a valid Table Schema."""
    import re as _re

    from deepseek_factcheck.core.tables import read_descriptor

    types = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year", "yearmonth",
             "duration", "geopoint", "geojson", "any"}
    constraints = {"required", "unique", "minLength", "maxLength", "minimum", "maximum", "pattern", "enum"}
    d = read_descriptor()
    assert _re.fullmatch(r"[a-z0-9._-]+", d["name"]) and d["resources"]
    names = [r["name"] for r in d["resources"]]
    assert len(names) == len(set(names)), "resource names must be unique"
    for r in d["resources"]:
        assert _re.fullmatch(r"[a-z0-9._-]+", r["name"]), r["name"]
        assert r["profile"] == "tabular-data-resource" and r["path"].endswith(".csv") and "/" not in r["path"], r["name"]
        assert r.get("sources") and r.get("licenses") and r.get("asOf"), f"{r['name']}: provenance incomplete"
        fields = r["schema"]["fields"]
        assert fields and len({f["name"] for f in fields}) == len(fields), r["name"]
        for f in fields:
            assert f.get("type", "string") in types, (r["name"], f["name"], f.get("type"))
            assert set(f.get("constraints", {})) <= constraints, (r["name"], f["name"])


def test_a_table_loaded_again_is_a_new_frame_and_a_changed_file_is_validated_again(book_copy):
    first = load_table("seeds", book_copy / "data")
    first.loc[0, "outlet"] = "changed by a caller"
    again = load_table("seeds", book_copy / "data")
    assert again.loc[0, "outlet"] != "changed by a caller" and again.equals(load_table("seeds", book_copy / "data"))
    _rewrite(book_copy / "data" / "seeds.csv", lambda rows: rows[3].__setitem__(10, "28/01/2025"))
    with pytest.raises(TableError, match="'28/01/2025' is not a date"):
        load_table("seeds", book_copy / "data")
