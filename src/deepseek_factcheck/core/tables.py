"""Curated tables in ``data/``: described in ``data/datapackage.json``, validated on load.

Each resource in the descriptor names its CSV file, a Frictionless Table Schema (fields
with a type and constraints) and its provenance (sources, licences, as-of date,
caveats). :func:`load_table` reads the CSV as text, checks every cell against the
schema and returns a typed :class:`pandas.DataFrame`. Every problem found is reported
at once, each naming the file, the row (with its line in the file) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .paths import data_dir

DESCRIPTOR = "datapackage.json"
PROVENANCE_KEYS = ("sources", "licenses", "asOf", "caveats")
_TYPES = ("string", "integer", "number", "date", "boolean")


class TableError(ValueError):
    """A curated table or its descriptor does not match what the book expects."""


@dataclass(frozen=True)
class CellProblem:
    file: str
    row: int  # 1 = first data row
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row} (line {self.row + 1}), column {self.column!r}: {self.message}"


def read_descriptor(folder: Path | None = None) -> dict:
    """The data package descriptor, checked for the provenance every resource must carry."""
    folder = folder or data_dir()
    path = folder / DESCRIPTOR
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TableError(f"{path} is missing: every table in data/ is described there") from None
    except json.JSONDecodeError as error:
        raise TableError(f"{path} is not valid JSON: {error}") from None
    for resource in descriptor.get("resources", []):
        name = resource.get("name", "?")
        missing = [key for key in ("name", "path", "schema", *PROVENANCE_KEYS) if not resource.get(key)]
        if missing:
            raise TableError(f"{path}: resource {name!r} lacks {', '.join(missing)}")
        for field in resource["schema"].get("fields", []):
            if field.get("type", "string") not in _TYPES:
                raise TableError(f"{path}: resource {name!r}, field {field.get('name')!r}: unknown type {field.get('type')!r}")
    return descriptor


def resource(name: str, folder: Path | None = None) -> dict:
    """The descriptor entry of one table."""
    for entry in read_descriptor(folder).get("resources", []):
        if entry["name"] == name:
            return entry
    raise TableError(f"no resource named {name!r} in {(folder or data_dir()) / DESCRIPTOR}")


def _convert(value: str, field: dict):
    """Convert one CSV cell to its schema type; raise ValueError with a reader-facing reason."""
    kind = field.get("type", "string")
    if kind == "string":
        return value
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"{value!r} is not an integer")
        return int(value)
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    if kind == "date":
        try:
            return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _bad_date(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"{value!r} is not a boolean (true or false)")
        return value == "true"
    raise ValueError(f"unknown type {kind!r}")


def _bad_date(value: str):
    raise ValueError(value)


def _check_constraints(value, text: str, field: dict) -> str | None:
    constraints = field.get("constraints", {})
    if "enum" in constraints and text not in constraints["enum"]:
        return f"{text!r} is not one of {constraints['enum']}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        return f"{text!r} does not match the pattern {constraints['pattern']!r}"
    if "minimum" in constraints and value < _convert(str(constraints["minimum"]), field):
        return f"{text!r} is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > _convert(str(constraints["maximum"]), field):
        return f"{text!r} is above the maximum {constraints['maximum']}"
    if "minLength" in constraints and len(text) < constraints["minLength"]:
        return f"{text!r} is shorter than {constraints['minLength']} characters"
    return None


def validate_rows(file: str, header: list[str], rows: list[list[str]], schema: dict) -> tuple[list[dict], list[CellProblem]]:
    """Check rows of text cells against a table schema; return typed records and every problem."""
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    problems: list[CellProblem] = []
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [n for n in header if n not in names]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"unexpected {extra}")
        if not detail:
            detail.append(f"order is {header}, schema says {names}")
        raise TableError(f"{file}: header does not match its schema: {'; '.join(detail)}")
    records: list[dict] = []
    seen: dict[str, dict[object, int]] = {f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")}
    for number, cells in enumerate(rows, start=1):
        if len(cells) != len(names):
            problems.append(CellProblem(file, number, "*", f"has {len(cells)} cells, the header has {len(names)}"))
            continue
        record = {}
        for field, text in zip(fields, cells):
            name = field["name"]
            required = field.get("constraints", {}).get("required", False)
            if text == "":
                if required:
                    problems.append(CellProblem(file, number, name, "is empty but required"))
                record[name] = None
                continue
            try:
                value = _convert(text, field)
            except ValueError as error:
                problems.append(CellProblem(file, number, name, str(error)))
                record[name] = None
                continue
            message = _check_constraints(value, text, field)
            if message:
                problems.append(CellProblem(file, number, name, message))
            if name in seen:
                if value in seen[name]:
                    problems.append(CellProblem(file, number, name, f"{text!r} repeats row {seen[name][value]}; values must be unique"))
                seen[name][value] = number
            record[name] = value
        records.append(record)
    return records, problems


# (path, descriptor entry) -> (the file's bytes, the frame validated from them): a table read again
# unchanged in the same process is not parsed and validated again
_VALIDATED: dict[tuple[str, str], tuple[bytes, pd.DataFrame]] = {}


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Load and validate a curated table; raise TableError listing every bad cell.

    Each call returns a new frame; the validation of a file whose bytes and description are
    unchanged since it was last loaded in this process is re-used."""
    folder = folder or data_dir()
    entry = resource(name, folder)
    path = folder / entry["path"]
    label = f"data/{entry['path']}"
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise TableError(f"{label} is missing (described as resource {name!r} in data/{DESCRIPTOR})") from None
    key = (str(path.resolve()), json.dumps(entry, sort_keys=True))
    if key in _VALIDATED and _VALIDATED[key][0] == content:
        return _VALIDATED[key][1].copy()
    reader = csv.reader(io.StringIO(content.decode("utf-8"), newline=""))
    header = next(reader, [])
    rows = list(reader)
    records, problems = validate_rows(label, header, rows, entry["schema"])
    if problems:
        listing = "\n  ".join(str(p) for p in problems)
        raise TableError(f"{label} has {len(problems)} invalid cell(s):\n  {listing}")
    frame = pd.DataFrame.from_records(records, columns=header)
    frame.attrs["table_path"] = entry["path"]  # small: pandas deep-copies attrs on every operation
    _VALIDATED[key] = (content, frame)
    return frame.copy()
