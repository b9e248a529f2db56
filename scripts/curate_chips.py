"""Derive data/chips.csv from Epoch AI's chip database (raw copy, not committed).

Usage: .venv/bin/python scripts/curate_chips.py RAW_FOLDER [OUT_CSV]

RAW_FOLDER holds ``epoch-training-cost-trends__data__Chip_dataset-Grid_view.csv``, an unmodified
copy of ``data/Chip dataset-Grid view.csv`` of epoch-research/training-cost-trends at commit
263c40a159307e917213d1dc433c617e47d55bfe (on the project machine: /work/shared/sources/cost).
For each chip the export rules test, the script reads the dense tensor throughput at 16 and 8
bits, the die area, the memory bandwidth and the chip-to-chip (NVLink) bandwidth. Where Epoch's
row has no value, the value comes from SUPPLEMENT below, which names its (secondary) source; a
value neither gives stays empty. Nothing is computed here: TPP and density are computed by
deepseek_factcheck.export_controls.rules.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

RAW_FILE = "epoch-training-cost-trends__data__Chip_dataset-Grid_view.csv"
EPOCH = "Epoch"  # the Epoch AI chip database row named in epoch_name (see data/datapackage.json)

# chip -> (Epoch row name, when it went on sale, the source of that date)
CHIPS = {
    "A100": ("NVIDIA A100 SXM4 80 GB", "2020-11-16", "Epoch release date of the 80 GB SXM4 board (the 40 GB A100 came earlier)"),
    "A800": ("NVIDIA A800 SXM", "2022-11-07", "Nvidia confirmed the A800 as an A100 variant for China on 2022-11-07 (techpowerup.com, aiwiki.ai; secondary); Epoch lists 2022-08-11"),
    "H100": ("NVIDIA H100 SXM5 80GB", "2022-09-20", "Epoch release date"),
    "H800": ("NVIDIA H800 SXM5", "2023-03-21", "Epoch release date"),
    "H20": ("NVIDIA HGX H20", "2023-11-09", "Epoch release date"),
    "H200": ("NVIDIA H200 SXM", "2024-11-18", "Epoch release date (announced 2023-11-13)"),
    "B200": ("NVIDIA B200", "2024-03-18", "Epoch release date (the GTC 2024 announcement)"),
}

# values Epoch's rows lack: chip -> column -> (value, source)
SUPPLEMENT = {
    "A800": {"interconnect_gbps": (400, "A100 with NVLink cut from 600 to 400 GB/s (techpowerup.com news; aiwiki.ai/wiki/nvidia_a800; secondary)")},
    "H800": {"interconnect_gbps": (400, "NVLink 400 GB/s on SXM per the H800 datasheet as reported (aiwiki.ai/wiki/nvidia_h800; secondary; an early Reuters report said about 300 GB/s)")},
    "H20": {
        "die_area_mm2": (814, "assumed: the GH100 die of the H100 (research notes B2; not confirmed from an Nvidia datasheet)"),
        "interconnect_gbps": (900, "NVLink 900 GB/s (secondary; research notes B2)"),
    },
    "H200": {
        "die_area_mm2": (814, "the GH100 die of the H100 (the H200 is the H100 with HBM3e memory; research notes B2)"),
        "interconnect_gbps": (900, "NVLink 900 GB/s (secondary; research notes B2)"),
    },
}

COLUMNS = ["chip", "epoch_name", "released", "released_source", "tops_16bit", "tops_8bit", "die_area_mm2", "memory_bandwidth_gbps",
           "interconnect_gbps", "datasheet", "sources"]


def _number(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def curate(raw: Path) -> list[dict]:
    with (raw / RAW_FILE).open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["Hardware name"]: row for row in csv.DictReader(handle)}
    out = []
    for chip, (name, released, released_source) in CHIPS.items():
        row = rows[name]
        eight = _number(row["INT8 performance (OP/s)"]) or _number(row["FP8 performance (FLOP/s)"])
        values = {
            "tops_16bit": _number(row["Tensor-FP16/BF16 performance (FLOP/s)"]),
            "tops_8bit": eight,
            "die_area_mm2": _number(row["Die Size (mm^2)"]),
            "memory_bandwidth_gbps": _number(row["Memory bandwidth (byte/s)"]),
            "interconnect_gbps": _number(row["Intranode bandwidth (byte/s)"]),
        }
        scale = {"tops_16bit": 1e12, "tops_8bit": 1e12, "memory_bandwidth_gbps": 1e9, "interconnect_gbps": 1e9, "die_area_mm2": 1}
        record = {"chip": chip, "epoch_name": name, "released": released, "released_source": released_source,
                  "datasheet": row["Link to datasheet"].replace("\n", " ").strip()}
        sources = []
        for column, value in values.items():
            if value is not None:
                record[column] = _fmt(value / scale[column])
                sources.append(f"{column}: {EPOCH}")
            elif column in SUPPLEMENT.get(chip, {}):
                value, source = SUPPLEMENT[chip][column]
                record[column] = _fmt(value)
                sources.append(f"{column}: {source}")
            else:
                record[column] = ""
                sources.append(f"{column}: not in Epoch's row; not found")
        record["sources"] = "; ".join(sources)
        out.append(record)
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    raw = Path(argv[1])
    if not (raw / RAW_FILE).is_file():
        print(f"{raw / RAW_FILE} does not exist: pass the folder holding Epoch's chip database copy", file=sys.stderr)
        return 2
    target = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parents[1] / "data" / "chips.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(curate(raw))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
