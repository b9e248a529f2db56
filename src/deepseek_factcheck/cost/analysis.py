"""What DeepSeek cost: the V3 training bill rebuilt, its sensitivity, prices to users, and the
arithmetic behind the ratios that circulated in January 2025.

* :func:`v3_cost` recomputes Table 1 of the V3 report (GPU hours x price) by stage.
* :func:`sensitivity` prices the same run at other GPU-hour prices; :func:`ownership` what
  the run costs if the cluster is owned instead of rented (amortised purchase + energy).
* :func:`price_ratios` compares API prices per million tokens, component by component.
* :func:`epoch_basis` labels each of Epoch AI's database costs by the method it rests on
  (cloud rental or amortised hardware), read from Epoch's methods file; :func:`one_basis`
  puts every costed model on one basis and one dollar-year, and :func:`standing` ranks a
  model among them.
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


# The months in which a rental price is one DeepSeek could have faced for V3's final run: from June
# 2024 (after DeepSeek-V2, May 2024) to January 2025 (the report appeared on 26 December 2024; the
# run took about two months on 2,048 GPUs). An assumption, stated here: change it and rebuild.
TRAINING_WINDOW = ("2024-06-01", "2025-01-31")
RENTAL_COLUMNS = {"on demand": "on_demand_usd_per_gpu_hour", "1-year commitment": "committed_1y_usd_per_gpu_hour",
                  "3-year commitment": "committed_3y_usd_per_gpu_hour"}


def rental_offers(gpu_prices: pd.DataFrame, models: tuple[str, ...], window: tuple[str, str] | None = None,
                  column: str = "on_demand_usd_per_gpu_hour") -> pd.DataFrame:
    """One price per provider and GPU: the records of ``column`` for ``models`` (dated within ``window``,
    inclusive, if given): the records of one listing (provider, GPU, date: Epoch records one offer once per
    instance size) reduced to their median, then each provider's listings of one GPU on several dates to
    the median of those. Columns: vendor,
    hardware_model, price, records, first, last."""
    rows = gpu_prices[gpu_prices["hardware_model"].isin(models)].dropna(subset=[column])
    dates = rows["price_date"].map(str)
    if window:
        rows = rows[(dates >= window[0]) & (dates <= window[1])]
    rows = rows.assign(price=rows[column].astype(float), date=rows["price_date"].map(str), vendor=rows["vendor"].fillna("").astype(str))
    # the instance sizes of one listing (same provider, GPU and date) are one offer; then one per provider and GPU
    listings = rows.groupby(["vendor", "hardware_model", "date"], as_index=False).agg(price=("price", "median"), records=("price", "size"))
    out = listings.groupby(["vendor", "hardware_model"], as_index=False).agg(
        price=("price", "median"), records=("records", "sum"), first=("date", "min"), last=("date", "max"))
    return out.sort_values(["price", "vendor", "hardware_model"], ignore_index=True)


def offer_range(offers: pd.DataFrame) -> pd.Series:
    """Min, median, max and count of :func:`rental_offers` (the shape of :func:`rental_price_range`)."""
    return pd.Series({"min": offers["price"].min(), "median": offers["price"].median(), "max": offers["price"].max(), "count": len(offers)})


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


RENTAL, AMORTISED = "cloud rental", "amortised hardware and energy"
# How close Epoch's database figure must be to a method's figure (or to the company's own) to
# be said to rest on it: the database and the methods file round and deflate differently
# (most matches are within 1%, a few within 10%); the two methods differ by 2 to 7 times.
BASIS_TOLERANCE = 0.15
OWN_RENTAL = "the company's own rental figure"


def epoch_basis(frontier: pd.DataFrame, methods: pd.DataFrame, own_rental: dict[str, float] | None = None,
                includes: dict[str, str] | None = None, tolerance: float = BASIS_TOLERANCE) -> pd.DataFrame:
    """The basis of each Epoch database cost (``cost_2023_usd``): the figure of Epoch's methods file
    (``model_costs.csv``: cloud rental, amortised hardware and energy) or of the company's own
    rental figure (``own_rental``: model -> US$) nearest to it in ratio, if within ``tolerance``;
    else "not known". ``includes`` (model -> model) gives a figure that contains another model's
    its basis when it has none of its own (R1's figure includes V3's). One row per costed model:
    model, cost_2023_usd, basis, matched_usd (the figure it matches), ratio (database / matched)."""
    own_rental, includes = own_rental or {}, includes or {}
    file = methods[methods["file"] == "model_costs.csv"]
    rows = []
    for _, r in frontier.dropna(subset=["cost_2023_usd"]).iterrows():
        value = float(r["cost_2023_usd"])
        options = [(m["method"], float(m["cost_usd"])) for _, m in file[file["model"] == r["model"]].iterrows()]
        if r["model"] in own_rental:
            options.append((OWN_RENTAL, float(own_rental[r["model"]])))
        fits = [(abs(value / v - 1), method, v) for method, v in options if v > 0 and abs(value / v - 1) <= tolerance]
        if fits:
            _, method, matched = min(fits)
            rows.append({"model": r["model"], "cost_2023_usd": value, "basis": method, "matched_usd": matched, "ratio": value / matched})
        else:
            rows.append({"model": r["model"], "cost_2023_usd": value, "basis": "not known", "matched_usd": float("nan"), "ratio": float("nan")})
    out = pd.DataFrame(rows, columns=["model", "cost_2023_usd", "basis", "matched_usd", "ratio"])
    known = out.set_index("model")["basis"]
    for model, base in includes.items():
        if model in known and known[model] == "not known" and base in known:
            out.loc[out["model"] == model, "basis"] = f"{known[base]} (includes {base})"
    return out


def is_rental(basis: str) -> bool:
    return basis.startswith(RENTAL) or basis.startswith(OWN_RENTAL)


def is_amortised(basis: str) -> bool:
    return basis.startswith(AMORTISED)


def one_basis(frontier: pd.DataFrame, methods: pd.DataFrame, basis: pd.DataFrame, rental: bool,
              own: dict[str, float] | None = None) -> pd.DataFrame:
    """Every model of the frontier extract with a cost on one basis (rental if ``rental``, else
    amortised hardware and energy), in Epoch's 2023 dollars: Epoch's database figure where its basis
    is this one, else the methods file's figure for this method (``model_costs.csv``), else ``own``
    (model -> US$ of 2023, the book's own estimate on this basis). Columns: model, cost_2023_usd,
    source; sorted dearest first."""
    own = own or {}
    keep = is_rental if rental else is_amortised
    method = RENTAL if rental else AMORTISED
    rows = {}
    for _, r in basis.iterrows():
        if keep(r["basis"]):
            rows[r["model"]] = (r["cost_2023_usd"], f"Epoch's database ({r['basis']})")
    file = methods[(methods["file"] == "model_costs.csv") & (methods["method"] == method)]
    in_extract = set(frontier["model"])
    for _, m in file.iterrows():
        if m["model"] in in_extract and m["model"] not in rows:
            rows[m["model"]] = (float(m["cost_usd"]), f"Epoch's methods file ({method})")
    for model, value in own.items():
        if model not in rows:
            rows[model] = (float(value), "this book's estimate")
    out = pd.DataFrame([{"model": k, "cost_2023_usd": v, "source": s} for k, (v, s) in rows.items()],
                       columns=["model", "cost_2023_usd", "source"])
    return out.sort_values(["cost_2023_usd", "model"], ascending=[False, True], ignore_index=True)


def standing(table: pd.DataFrame, model: str) -> dict:
    """Where ``model`` stands in a :func:`one_basis` table: the dearest model and its cost, how many
    models cost more than it, and how many are costed in all."""
    costs = table.set_index("model")["cost_2023_usd"]
    top = table.iloc[0]
    return {"highest_model": top["model"], "highest_usd": float(top["cost_2023_usd"]), "above": int((costs > costs[model]).sum()),
            "costed": len(table), "cost_usd": float(costs[model])}


def dollar_factor(frontier: pd.DataFrame, stages: pd.DataFrame) -> float:
    """Epoch's conversion of the V3 report's dollars (December 2024) to its 2023 dollars: its V3 figure,
    which is the report's rental figure (see :func:`epoch_basis`), over the report's total."""
    epoch_v3 = float(frontier.set_index("model").loc["DeepSeek-V3", "cost_2023_usd"])
    return epoch_v3 / (total_hours(stages) * REPORT_PRICE)


H800 = "NVIDIA H800 SXM5"
INCLUDES = {"DeepSeek-R1": "DeepSeek-V3"}  # Epoch's R1 figure includes V3's final run (its database notes)


def v3_ownership(stages: pd.DataFrame, gpu_prices: pd.DataFrame) -> dict:
    """The V3 run on an owned cluster (:class:`Ownership` at the median recorded H800 purchase price and
    :data:`OWNERSHIP_ASSUMPTIONS`), in the dollars of those prices."""
    purchase = gpu_prices[gpu_prices["hardware_model"] == H800]["purchase_usd_per_gpu"].dropna().astype(float)
    owning = Ownership(gpu_price=float(purchase.median()), **OWNERSHIP_ASSUMPTIONS)
    return {"ownership": owning, **owning.run_cost(total_hours(stages))}


def like_for_like(stages: pd.DataFrame, frontier: pd.DataFrame, methods: pd.DataFrame, gpu_prices: pd.DataFrame) -> dict:
    """The frontier costs on one basis each, in Epoch's 2023 dollars: ``basis`` (:func:`epoch_basis`, V3's
    own rental figure being the report's), ``factor`` (:func:`dollar_factor`), and the :func:`one_basis`
    tables ``True`` (rental; V3 is Epoch's figure, which is the report's) and ``False`` (amortised; V3 is
    the owned-cluster estimate of :func:`v3_ownership` times ``factor``)."""
    basis = epoch_basis(frontier, methods, own_rental={"DeepSeek-V3": total_hours(stages) * REPORT_PRICE}, includes=INCLUDES)
    factor = dollar_factor(frontier, stages)
    owned = v3_ownership(stages, gpu_prices)
    return {"basis": basis, "factor": factor, "owned_2023_usd": owned["total_usd"] * factor,
            True: one_basis(frontier, methods, basis, rental=True),
            False: one_basis(frontier, methods, basis, rental=False, own={"DeepSeek-V3": owned["total_usd"] * factor})}


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
                      like_for_like: dict, extra: list[Candidate] = ()) -> list[Candidate]:
    """Every figure the cost evidence gives, named: sums, ratios and shares. Facts add more (``extra``).
    ``like_for_like`` (:func:`like_for_like`) maps rental (True) and amortised (False) to a :func:`one_basis` table: V3's cost
    over GPT-4's and Gemini 1.0 Ultra's is computed on each basis (never one basis over the other)."""
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
    for model in ("DeepSeek-V3", "DeepSeek-R1", "GPT-4", "Gemini 1.0 Ultra"):  # the amounts, for comparisons on one basis
        slug = model.lower().replace(" ", "-").replace(".", "")
        for rental, name in ((True, "rental"), (False, "amortised")):
            table = like_for_like[rental].set_index("model")
            if model in table.index:
                out.append(Candidate(f"{slug}-cost-{name}-2023usd", float(table.loc[model, "cost_2023_usd"]), "USD",
                                     f"{model}'s final-run cost, {'rental' if rental else 'amortised hardware and energy'}, in Epoch's 2023 dollars "
                                     f"({table.loc[model, 'source']})", TRAINING))
    for model in ("GPT-4", "Gemini 1.0 Ultra"):
        slug = model.lower().replace(" ", "-").replace(".", "")
        for rental, suffix, label in ((True, "epoch", "rental against rental"), (False, "amortised", "amortised hardware against amortised hardware")):
            table = like_for_like[rental].set_index("model")["cost_2023_usd"]
            if model in table and "DeepSeek-V3" in table:
                out.append(Candidate(f"v3-over-{slug}-{suffix}", table["DeepSeek-V3"] / table[model], "ratio",
                                     f"DeepSeek-V3's final-run cost as a fraction of {model}'s, {label}, both in Epoch's 2023 dollars", TRAINING))
    return [*out, *extra]


# Assumptions for an owned cluster (not from DeepSeek; change them and rebuild to see what moves):
# a four-year straight-line write-off, common for data-centre GPUs; 1,300 W per GPU for the
# whole server and its cooling (an H800 alone is rated 700 W; an 8-GPU server draws about
# 10 kW, plus cooling); and US$0.10 per kWh, a typical industrial electricity price.
OWNERSHIP_ASSUMPTIONS = {"lifetime_years": 4.0, "watts_per_gpu": 1300.0, "usd_per_kwh": 0.10}
