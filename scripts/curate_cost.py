"""Derive the book's frontier-model table from Epoch AI's training-cost-trends repository.

Usage: python scripts/curate_cost.py RAW_FOLDER [--out data/]

RAW_FOLDER holds unmodified copies of files from epoch-research/training-cost-trends at
commit 263c40a159307e917213d1dc433c617e47d55bfe (see its SOURCES.md). Writes:

* data/frontier_models.csv: every model in Epoch's database published from 2016 on that
  has a training-cost estimate or at least 1e23 FLOP of training compute, with Epoch's
  compute, chip-hours, hardware and cost (2023 US dollars) as Epoch gives them.
* data/frontier_cost_methods.csv: the repository's work-in-progress cost outputs (cloud
  rental and amortised hardware) for the models it covers, labelled as intermediate.
* data/gpu_prices.csv: Epoch's observed purchase, on-demand rental and committed rental
  (1-year and 3-year commitments) prices for the H100, H800 and A100 data-centre GPUs (per GPU;
  multi-GPU server prices divided by the GPU count as Epoch records them).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

DATABASE = "epoch-training-cost-trends__data__All_ML_Systems_-_full_view.csv"
CLOUD = "epoch-training-cost-trends__model_costs.csv"
CAPEX = "epoch-training-cost-trends__model_costs_updated.csv"
PRICES = "epoch-training-cost-trends__data__Hardware_prices.csv"
GPU_MODELS = ("NVIDIA H100 SXM5 80GB", "NVIDIA H800 SXM5", "NVIDIA A100 SXM4 80 GB", "NVIDIA A100 SXM4 40 GB")
FIRST_DATE = "2016-01-01"
MIN_COMPUTE = 1e23
COLUMNS = {  # book column: Epoch column
    "model": "Model",
    "organization": "Organization",
    "country": "Country (of organization)",
    "publication_date": "Publication date",
    "training_compute_flop": "Training compute (FLOP)",
    "training_chip_hours": "Training chip-hours",
    "training_hardware": "Training hardware",
    "hardware_quantity": "Hardware quantity",
    "cost_2023_usd": "Training compute cost (2023 USD)",
    "confidence": "Confidence",
}


def _number(text: str) -> str:
    """Epoch's numbers as plain decimals ('$5390000.00' -> '5390000', '2048.0' -> '2048')."""
    text = (text or "").replace("$", "").replace(",", "").strip()
    if not text:
        return ""
    value = float(text)
    return f"{value:.0f}" if value >= 1e6 or value == int(value) and value < 1e15 else f"{value:.6g}"


def _compute(text: str) -> str:
    return f"{float(text):.4g}" if text.strip() else ""


def frontier_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = [c for c in COLUMNS.values() if c not in rows[0]]
    if missing:
        sys.exit(f"{path}: columns missing: {', '.join(missing)}")
    kept = []
    for number, row in enumerate(rows, start=2):
        date = row["Publication date"].strip()
        compute = row["Training compute (FLOP)"].strip()
        cost = row["Training compute cost (2023 USD)"].strip()
        if not date or date < FIRST_DATE:
            continue
        if not cost and not (compute and float(compute) >= MIN_COMPUTE):
            continue
        out = {key: row[column].strip() for key, column in COLUMNS.items()}
        out["training_compute_flop"] = _compute(compute)
        out["training_chip_hours"] = _number(row["Training chip-hours"])
        out["hardware_quantity"] = _number(row["Hardware quantity"])
        out["cost_2023_usd"] = _number(cost)
        out["source_line"] = str(number)
        kept.append(out)
    return sorted(kept, key=lambda r: (r["publication_date"], r["model"]))


def method_rows(folder: Path) -> list[dict]:
    rows = []
    with (folder / CLOUD).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for column, method in (("Cloud_Cost", "cloud rental"), ("Hardware_Capex_Energy_Cost", "amortised hardware and energy")):
                if row.get(column, "").strip():
                    rows.append({"model": row["Model"].strip(), "method": method, "cost_usd": f"{float(row[column]):.0f}",
                                 "dollars": "nominal (as in the file)", "file": "model_costs.csv"})
    with (folder / CAPEX).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append({"model": row["Model"].strip(), "method": "amortised hardware and energy (updated)",
                         "cost_usd": f"{float(row['Cost']):.0f}", "dollars": "December 2024", "file": "model_costs_updated.csv"})
    return rows


def gpu_price_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = []
    for number, row in enumerate(rows, start=2):
        if row["Hardware model"].strip() not in GPU_MODELS:
            continue
        rental, purchase = row["Price per chip-hour (on-demand)"].strip(), row["Price (hardware purchase)"].strip()
        one_year, three_year = row["Price per chip-hour (1-year CUD)"].strip(), row["Price per chip-hour (3-year CUD)"].strip()
        if not (rental or purchase or one_year or three_year):
            continue
        kept.append({
            "price_date": row["Price date"].strip(), "hardware_model": row["Hardware model"].strip(),
            "vendor": row["Vendor"].strip(), "on_demand_usd_per_gpu_hour": rental.replace(",", ""),
            "committed_1y_usd_per_gpu_hour": one_year.replace(",", ""), "committed_3y_usd_per_gpu_hour": three_year.replace(",", ""),
            "purchase_usd_per_gpu": purchase.replace(",", ""), "price_source": row["Price source"].strip(), "source_line": str(number),
        })
    return sorted(kept, key=lambda r: (r["hardware_model"], r["price_date"], r["source_line"]))


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows):,} rows to {path}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path, help="folder holding the Epoch files (shared/sources/cost)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    args = parser.parse_args(argv)
    for name in (DATABASE, CLOUD, CAPEX, PRICES):
        if not (args.raw / name).is_file():
            sys.exit(f"{args.raw / name} is missing: pass the folder that holds the Epoch files")
    print(f"reading {args.raw / DATABASE}")
    write(args.out / "frontier_models.csv", frontier_rows(args.raw / DATABASE))
    write(args.out / "frontier_cost_methods.csv", method_rows(args.raw))
    write(args.out / "gpu_prices.csv", gpu_price_rows(args.raw / PRICES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
