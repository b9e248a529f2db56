"""Derive data/chips.csv from Epoch AI's chip database (raw copy, not committed).

Usage: .venv/bin/python scripts/curate_chips.py RAW_FOLDER [OUT_CSV]

RAW_FOLDER holds ``epoch-training-cost-trends__data__Chip_dataset-Grid_view.csv``, an unmodified
copy of ``data/Chip dataset-Grid view.csv`` of epoch-research/training-cost-trends at commit
263c40a159307e917213d1dc433c617e47d55bfe (on the project machine: /work/shared/sources/cost).
For each chip the export rules test, the script reads the dense tensor throughput at 16 and 8
bits, the die area, the memory bandwidth, the chip-to-chip (NVLink) bandwidth and (never in Epoch)
the host-interface (PCIe) bandwidth; CHIPS says whether the chip is designed or marketed for data
centres (Note 2 to ECCN 3A090 turns on it). Where Epoch's row has no value, or a chip has no Epoch
row, the value comes from SUPPLEMENT below, which names its (secondary) source; a value neither
gives stays empty. TPP and density are computed by deepseek_factcheck.export_controls.rules; the
only numbers worked out by hand are the RTX 4090D's throughputs (scaled from the RTX 4090 by its
SM count, said so in its sources).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

RAW_FILE = "epoch-training-cost-trends__data__Chip_dataset-Grid_view.csv"
EPOCH = "Epoch"  # the Epoch AI chip database row named in epoch_name (see data/datapackage.json)

# chip -> (Epoch row name or None, when it went on sale, the source of that date, designed or marketed for data centres)
CHIPS = {
    "A100": ("NVIDIA A100 SXM4 80 GB", "2020-05-14",
             "launch of the A100: Epoch's release date for the first boards (NVIDIA A100 SXM4 40 GB); the PCIe A100 of DeepSeek's "
             "Fire-Flyer 2 cluster followed on 2020-06-22 (Epoch, NVIDIA A100 PCIe) and the 80 GB SXM4 board whose specifications "
             "are used here on 2020-11-16 (Epoch)", True),
    "A800": ("NVIDIA A800 SXM", "2022-11-07", "Nvidia confirmed the A800 as an A100 variant for China on 2022-11-07 (techpowerup.com, aiwiki.ai; secondary); Epoch lists 2022-08-11", True),
    "H100": ("NVIDIA H100 SXM5 80GB", "2022-09-20", "Epoch release date", True),
    "H800": ("NVIDIA H800 SXM5", "2023-03-21", "Epoch release date", True),
    "H20": ("NVIDIA HGX H20", "2023-11-09", "Epoch release date", True),
    "H200": ("NVIDIA H200 SXM", "2024-11-18", "Epoch release date (announced 2023-11-13)", True),
    "B200": ("NVIDIA B200", "2024-03-18", "Epoch release date (the GTC 2024 announcement)", True),
    "L40S": ("NVIDIA L40S", "2023-08-08",
             "not in Epoch's row; announced at SIGGRAPH on 2023-08-08 (the day is not confirmed from a stored copy; gpu.blog lists Q3 2023; secondary)", True),
    "RTX 4090": ("NVIDIA GeForce RTX 4090", "2022-09-20", "Epoch release date (a gaming card, not designed or marketed for data centres)", False),
    "RTX 4090D": (None, "2023-12-28",
                  "Nvidia's China product page, reported 2023-12-29 (evertiq.com, quoting Reuters; secondary); a gaming card for China", False),
}

PCIE_GEN4 = (64, "PCIe Gen4 x16: 64 GB/s bidirectional (Nvidia's L40S datasheet as copied at mullet.se and itcreations.com; the same host interface)")
PCIE_GEN5 = (128, "PCIe Gen5 x16: 128 GB/s bidirectional (twice Gen4's 64 GB/s; secondary)")
NO_NVLINK = (0, "no NVLink: a PCIe card whose only chip-to-chip path is its host interface (itcreations.com, ai-hpc.github.io; secondary)")

# values left empty on purpose: chip -> column -> why
UNSETTLED = {
    "B200": {"die_area_mm2": "two dies in one package; Nvidia publishes no area, only that both dies are 'reticle-limited' "
                             "(its GTC 2024 announcement and Hot Chips 2024 preview, as reported by club386.com and tweaktown.com; "
                             "secondary), and secondary estimates disagree (about 400 mm2 a die per pkb-site.pages.dev, about 530 "
                             "per fridayswithfaraday.com, about 800 per brendanjameslynskey.github.io): left empty. A reticle field "
                             "is 26 x 33 mm (858 mm2; svethardware.cz; secondary), which bounds the density from below "
                             "(export_controls.rules.density_floor); its TPP alone decides 3A090.a"},
}

# values Epoch's rows lack: chip -> column -> (value, source)
SUPPLEMENT = {
    "A100": {"pcie_gbps": PCIE_GEN4},
    "A800": {"interconnect_gbps": (400, "A100 with NVLink cut from 600 to 400 GB/s (techpowerup.com news; aiwiki.ai/wiki/nvidia_a800; secondary)"),
             "pcie_gbps": PCIE_GEN4},
    "H100": {"pcie_gbps": PCIE_GEN5},
    "H800": {"interconnect_gbps": (400, "NVLink 400 GB/s on SXM per the H800 datasheet as reported (aiwiki.ai/wiki/nvidia_h800; secondary; an early Reuters report said about 300 GB/s)"),
             "pcie_gbps": PCIE_GEN5},
    "H20": {
        "die_area_mm2": (814, "assumed: the GH100 die of the H100 (research notes B2; not confirmed from an Nvidia datasheet)"),
        "interconnect_gbps": (900, "NVLink 900 GB/s (secondary; research notes B2)"),
        "pcie_gbps": PCIE_GEN5,
    },
    "H200": {
        "die_area_mm2": (814, "the GH100 die of the H100 (the H200 is the H100 with HBM3e memory; research notes B2)"),
        "interconnect_gbps": (900, "NVLink 900 GB/s (secondary; research notes B2)"),
        "pcie_gbps": PCIE_GEN5,
    },
    "B200": {
        "interconnect_gbps": (1800, "fifth-generation NVLink, 1.8 TB/s bidirectional per GPU, as Nvidia announced on 2024-03-18 "
                                    "(centerconsulting.com, fridayswithfaraday.com; secondary)"),
        "pcie_gbps": PCIE_GEN5,
    },
    "L40S": {
        "tops_16bit": (362.05, "Nvidia L40S datasheet: FP16/BF16 tensor 362.05 TFLOPS dense (733 with sparsity), as copied at mullet.se"),
        "tops_8bit": (733, "Nvidia L40S datasheet: FP8 tensor 733 TFLOPS dense (1,466 with sparsity), as copied at mullet.se"),
        "memory_bandwidth_gbps": (864, "Nvidia L40S datasheet, as copied at mullet.se"),
        "interconnect_gbps": NO_NVLINK,
        "pcie_gbps": PCIE_GEN4,
    },
    "RTX 4090": {"interconnect_gbps": NO_NVLINK, "pcie_gbps": PCIE_GEN4},
    "RTX 4090D": {
        "tops_16bit": (293.9, "the RTX 4090's 330 TFLOPS (Epoch) scaled by its 114 of 128 SMs at the same 2.52 GHz boost clock "
                              "(core counts: se7enesport.com, govindhtechnews.blogspot.com; secondary); a calculation, not a datasheet value"),
        "tops_8bit": (588.3, "the RTX 4090's 660.6 TOPS (Epoch) scaled by 114/128 SMs as above; a calculation"),
        "die_area_mm2": (608, "the RTX 4090's AD102 die (Epoch), cut down as AD102-250 (besthub.dev; secondary)"),
        "memory_bandwidth_gbps": (1008, "as the RTX 4090: 384-bit GDDR6X at 21 Gbps (besthub.dev; secondary)"),
        "interconnect_gbps": NO_NVLINK,
        "pcie_gbps": PCIE_GEN4,
    },
}

COLUMNS = ["chip", "epoch_name", "released", "released_source", "datacenter", "tops_16bit", "tops_8bit", "die_area_mm2",
           "memory_bandwidth_gbps", "interconnect_gbps", "pcie_gbps", "datasheet", "sources"]
NOT_IN_EPOCH = "(not in Epoch's database)"


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
    for chip, (name, released, released_source, datacenter) in CHIPS.items():
        row = rows[name] if name else {}
        eight = _number(row.get("INT8 performance (OP/s)")) or _number(row.get("FP8 performance (FLOP/s)"))
        values = {
            "tops_16bit": _number(row.get("Tensor-FP16/BF16 performance (FLOP/s)")),
            "tops_8bit": eight,
            "die_area_mm2": _number(row.get("Die Size (mm^2)")),
            "memory_bandwidth_gbps": _number(row.get("Memory bandwidth (byte/s)")),
            "interconnect_gbps": _number(row.get("Intranode bandwidth (byte/s)")),
            "pcie_gbps": None,  # Epoch has no host-interface column
        }
        scale = {"tops_16bit": 1e12, "tops_8bit": 1e12, "memory_bandwidth_gbps": 1e9, "interconnect_gbps": 1e9, "die_area_mm2": 1}
        record = {"chip": chip, "epoch_name": name or NOT_IN_EPOCH, "released": released, "released_source": released_source,
                  "datacenter": "true" if datacenter else "false",
                  "datasheet": (row.get("Link to datasheet") or "").replace("\n", " ").strip()}
        sources = []
        for column, value in values.items():
            if value is not None:
                record[column] = _fmt(value / scale[column])
                sources.append(f"{column}: {EPOCH}")
            elif column in SUPPLEMENT.get(chip, {}):
                value, source = SUPPLEMENT[chip][column]
                record[column] = _fmt(value)
                sources.append(f"{column}: {source}")
            elif column in UNSETTLED.get(chip, {}):
                record[column] = ""
                sources.append(f"{column}: {UNSETTLED[chip][column]}")
            else:
                record[column] = ""
                sources.append(f"{column}: {'not in Epoch' if not name else 'not in Epoch' + chr(39) + 's row'}; not found")
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
