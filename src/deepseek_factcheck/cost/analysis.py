"""What DeepSeek cost: the V3 training bill rebuilt, its sensitivity, prices to users, and the
arithmetic behind the ratios that circulated in January 2025.

* :func:`v3_cost` recomputes Table 1 of the V3 report (GPU hours x price) by stage.
* :func:`sensitivity` prices the same run at other GPU-hour prices; :func:`ownership` what
  the run costs if the cluster is owned instead of rented (amortised purchase + energy).
* :func:`price_ratios` compares API prices per million tokens, component by component.
* :func:`candidate_figures` lists every figure the evidence produces, each with what it is,
  so that a stated figure can be traced to the arithmetic that gives it (or to none).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

REPORT_PRICE = 2.0  # US$ per H800 GPU hour: the V3 report's assumption
CLUSTER_GPUS = 2048  # the V3 report's H800 cluster
PRICE_COMPONENTS = {
    "input_cache_hit_usd": "input, from cache",
    "input_cache_miss_usd": "input, not cached",
    "output_usd": "output",
}


def v3_cost(stages: pd.DataFrame, price: float = REPORT_PRICE) -> pd.DataFrame:
    """Each stage's GPU hours times ``price``, beside the report's own figure, plus a total row."""
    table = stages[["stage", "h800_gpu_hours", "reported_usd"]].copy()
    table["computed_usd"] = table["h800_gpu_hours"] * price
    total = pd.DataFrame([{"stage": "Total", "h800_gpu_hours": table["h800_gpu_hours"].sum(),
                           "reported_usd": table["reported_usd"].sum(), "computed_usd": table["computed_usd"].sum()}])
    table = pd.concat([table, total], ignore_index=True)
    table["agrees"] = (table["computed_usd"] - table["reported_usd"]).abs() < 0.5
    return table


def total_hours(stages: pd.DataFrame) -> int:
    return int(stages["h800_gpu_hours"].sum())


def sensitivity(stages: pd.DataFrame, prices: list[float]) -> pd.DataFrame:
    """The whole run's rental cost at each GPU-hour price."""
    hours = total_hours(stages)
    return pd.DataFrame({"usd_per_gpu_hour": prices, "run_cost_usd": [hours * p for p in prices]})


def rental_price_range(gpu_prices: pd.DataFrame, models: tuple[str, ...]) -> pd.Series:
    """Observed on-demand prices per GPU hour for the given GPUs (min, median, max, count)."""
    rows = gpu_prices[gpu_prices["hardware_model"].isin(models)]["on_demand_usd_per_gpu_hour"].dropna().astype(float)
    return pd.Series({"min": rows.min(), "median": rows.median(), "max": rows.max(), "count": len(rows)})


@dataclass(frozen=True)
class Ownership:
    """The run's cost on an owned cluster: a share of the purchase price plus the electricity."""

    gpu_price: float  # US$ per GPU
    lifetime_years: float  # straight-line write-off
    watts_per_gpu: float  # whole-server draw per GPU, cooling included
    usd_per_kwh: float

    def cluster_price(self, gpus: int = CLUSTER_GPUS) -> float:
        return gpus * self.gpu_price

    def run_cost(self, gpu_hours: float) -> dict:
        hardware = gpu_hours / (self.lifetime_years * 365 * 24) * self.gpu_price
        energy = gpu_hours * self.watts_per_gpu / 1000 * self.usd_per_kwh
        return {"hardware_usd": hardware, "energy_usd": energy, "total_usd": hardware + energy,
                "per_gpu_hour": (hardware + energy) / gpu_hours}


def run_days(stages: pd.DataFrame, gpus: int = CLUSTER_GPUS) -> float:
    """Wall-clock days of the run if every GPU of the cluster works throughout."""
    return total_hours(stages) / gpus / 24


def price_ratios(prices: pd.DataFrame, pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """For each (cheaper, dearer) model pair and price component: both prices, the ratio and the per cent saved."""
    by_model = prices.set_index("model")
    rows = []
    for cheap, dear in pairs:
        for column, label in PRICE_COMPONENTS.items():
            a, b = float(by_model.loc[cheap, column]), float(by_model.loc[dear, column])
            rows.append({"pair": f"{cheap} vs {dear}", "component": label, "cheaper_usd": a, "dearer_usd": b,
                         "ratio": b / a, "percent_cheaper": (1 - a / b) * 100})
        blend = lambda m: (3 * float(by_model.loc[m, "input_cache_miss_usd"]) + float(by_model.loc[m, "output_usd"])) / 4  # noqa: E731
        a, b = blend(cheap), blend(dear)
        rows.append({"pair": f"{cheap} vs {dear}", "component": "blend: 3 input (not cached) : 1 output", "cheaper_usd": a,
                     "dearer_usd": b, "ratio": b / a, "percent_cheaper": (1 - a / b) * 100})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Candidate:
    """A figure the evidence produces, and what it is a figure of."""

    key: str
    value: float
    unit: str
    what: str
    about: str = ""  # the kind of quantity (TRAINING, PRICES, SPENDING): a figure only stands in for one of its kind


# Kinds of quantity: the verdict policy's "plausible path" (a right figure attached to the wrong thing
# must be a figure of the same kind, not one that happens to be close).
TRAINING, PRICES, SPENDING = "training", "prices", "spending"


def candidate_figures(stages: pd.DataFrame, prices: pd.DataFrame, frontier: pd.DataFrame, llama_gpu_hours: float,
                      extra: list[Candidate] = ()) -> list[Candidate]:
    """Every figure the cost evidence gives, named: sums, ratios and shares. Facts add more (``extra``)."""
    v3_dollars = total_hours(stages) * REPORT_PRICE
    out = [
        Candidate("v3-final-run-usd", v3_dollars, "USD", "the rental cost of DeepSeek-V3's final training run at $2 per GPU hour (V3 report, Table 1)", TRAINING),
        Candidate("v3-gpu-hours-share-of-llama-405b", total_hours(stages) / llama_gpu_hours * 100, "percent",
                  "DeepSeek-V3's GPU hours as a share of Llama 3.1 405B's", TRAINING),
    ]
    ratios = price_ratios(prices, [("DeepSeek-R1", "OpenAI o1")])
    for _, r in ratios.iterrows():
        slug = r["component"].split(":")[0].replace(", ", "-").replace(" ", "-")
        out.append(Candidate(f"r1-vs-o1-{slug}-ratio", r["ratio"], "times", f"o1's API price over R1's ({r['component']})", PRICES))
        out.append(Candidate(f"r1-vs-o1-{slug}-cheaper", r["percent_cheaper"], "percent cheaper", f"how much cheaper R1's API is than o1's ({r['component']})", PRICES))
        out.append(Candidate(f"r1-vs-o1-{slug}-fraction", 1 / r["ratio"], "ratio", f"R1's API price as a fraction of o1's ({r['component']})", PRICES))
    by_model = prices.set_index("model")
    for model in ("DeepSeek-R1", "OpenAI o1"):
        blend = (3 * float(by_model.loc[model, "input_cache_miss_usd"]) + float(by_model.loc[model, "output_usd"])) / 4
        out.append(Candidate(f"{model.lower().replace(' ', '-')}-blend-price", blend, "USD per million tokens",
                             f"{model}'s API price per million tokens, 3 input (not cached) : 1 output", PRICES))
    chips = frontier.dropna(subset=["hardware_quantity"]).set_index("model")["hardware_quantity"].astype(float)
    for model in ("Llama 3.1-405B", "GPT-4"):
        if model in chips:
            out.append(Candidate(f"{model.lower().replace(' ', '-').replace('.', '')}-gpus", chips[model], "count",
                                 f"the number of GPUs {model} was trained on (Epoch AI)", TRAINING))
    costs = frontier.dropna(subset=["cost_2023_usd"]).set_index("model")["cost_2023_usd"].astype(float)
    for model in ("GPT-4", "Gemini 1.0 Ultra"):
        if model in costs:
            out.append(Candidate(f"v3-over-{model.lower().replace(' ', '-').replace('.', '')}-epoch", v3_dollars / costs[model], "ratio",
                                 f"DeepSeek-V3's $2/hour run cost as a fraction of Epoch's estimate for {model}'s final run", TRAINING))
    return [*out, *extra]


# Assumptions for an owned cluster (not from DeepSeek; change them and rebuild to see what moves):
# a four-year straight-line write-off, common for data-centre GPUs; 1,300 W per GPU for the
# whole server and its cooling (an H800 alone is rated 700 W; an 8-GPU server draws about
# 10 kW, plus cooling); and US$0.10 per kWh, a typical industrial electricity price.
OWNERSHIP_ASSUMPTIONS = {"lifetime_years": 4.0, "watts_per_gpu": 1300.0, "usd_per_kwh": 0.10}
