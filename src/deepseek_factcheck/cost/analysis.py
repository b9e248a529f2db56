"""What DeepSeek cost: the V3 training bill rebuilt, its sensitivity, prices to users, and the
arithmetic behind the ratios that circulated in January 2025.

* :func:`v3_cost` recomputes Table 1 of the V3 report (GPU hours x price) by stage.
* :func:`sensitivity` prices the same run at other GPU-hour prices; :class:`Ownership` what an hour
  costs on an owned cluster, from a floor (purchase written off + energy) to the full cost of owning
  (overheads, cost of capital as an annuity, utilisation); :func:`owning_cases` and :func:`owning_sweep`
  give its central case and ranges.
* :func:`r1_against_epoch` sets R1's disclosed stages against Epoch AI's R1 figure;
  :func:`development_range` adds what the headline leaves out (research compute, staff) as ranges.
* :func:`price_ratios` compares API prices per million tokens, component by component.
* :func:`epoch_basis` labels each of Epoch AI's database costs by the method it rests on
  (cloud rental or amortised hardware), read from Epoch's methods file; :func:`one_basis`
  puts every costed model on one basis and one dollar-year, and :func:`standing` ranks a
  model among them.
* :func:`candidate_figures` lists every figure the evidence produces, each with what it is,
  so that a stated figure can be traced to the arithmetic that gives it (or to none).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
RENTED_GPUS = ("NVIDIA H100 SXM5 80GB", "NVIDIA H800 SXM5")  # the GPUs whose rental prices price V3's run (the chips it used and their US twin)
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


HOURS_PER_YEAR = 365 * 24


def annuity_factor(rate: float, years: float) -> float:
    """The yearly payment that repays one dollar of capital over ``years`` at interest ``rate`` (the
    capital recovery factor, r / (1 - (1 + r)^-n)); 1 / years, a straight-line write-off, at a rate of 0."""
    return 1 / years if rate == 0 else rate / (1 - (1 + rate) ** -years)


@dataclass(frozen=True)
class Ownership:
    """What a GPU hour of use costs on an owned cluster. With the defaults (no overheads, no cost of
    capital, every hour used) it is a floor: the purchase price written off in straight lines plus the
    electricity. The full cost of owning adds the rest of the cluster and its building (``overheads``, a
    share of the GPU price), interest on the capital (``cost_of_capital``, a yearly rate) and idle hours
    (``utilisation``, the share of hours the GPUs do useful work: every cost is spread over those)."""

    gpu_price: float  # US$ per GPU
    lifetime_years: float  # the hardware's life
    watts_per_gpu: float  # whole-server draw per GPU, cooling included
    usd_per_kwh: float
    overheads: float = 0.0  # servers' other parts, cluster network, storage, buildings and power plant, as a share of the GPU price
    cost_of_capital: float = 0.0  # yearly rate
    utilisation: float = 1.0

    def cluster_price(self, gpus: int = CLUSTER_GPUS) -> float:
        return gpus * self.gpu_price

    def run_cost(self, gpu_hours: float) -> dict:
        """The cost of ``gpu_hours`` of use: hardware (capital, overheads, interest), energy, their total and the total per GPU hour."""
        paid_hours = gpu_hours / self.utilisation
        capital = self.gpu_price * (1 + self.overheads) * annuity_factor(self.cost_of_capital, self.lifetime_years)
        hardware = paid_hours * capital / HOURS_PER_YEAR
        energy = paid_hours * self.watts_per_gpu / 1000 * self.usd_per_kwh
        return {"hardware_usd": hardware, "energy_usd": energy, "total_usd": hardware + energy,
                "per_gpu_hour": (hardware + energy) / gpu_hours}

    def per_gpu_hour(self) -> float:
        return self.run_cost(1.0)["per_gpu_hour"]


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
        a, b = blend_price(prices, cheap), blend_price(prices, dear)
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
    methods_of: dict[str, list[tuple[str, float]]] = {}  # model -> its (method, figure), in the file's order
    for model, method, cost in zip(file["model"], file["method"], file["cost_usd"]):
        methods_of.setdefault(model, []).append((method, float(cost)))
    rows = []
    for _, r in frontier.dropna(subset=["cost_2023_usd"]).iterrows():
        value = float(r["cost_2023_usd"])
        options = list(methods_of.get(r["model"], []))
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
    about: str = ""  # the kind of quantity (TRAINING, PRICES, SPENDING, HARDWARE): a figure only stands in for one of its kind


# Kinds of quantity: the verdict policy's "plausible path" (a right figure attached to the wrong thing
# must be a figure of the same kind, not one that happens to be close).
TRAINING, PRICES, SPENDING, HARDWARE = "training", "prices", "spending", "GPUs"


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
    rivals = [m for m in prices["model"] if not m.startswith("DeepSeek")]
    market = price_ratios(prices, [("DeepSeek-R1", m) for m in rivals])
    market = market[market["component"].str.startswith("blend")]
    for _, r in market.iterrows():
        rival = r["pair"].split(" vs ")[1]
        if rival != "OpenAI o1":  # o1's is above
            out.append(Candidate(f"r1-vs-{_slug(rival)}-blend-ratio", r["ratio"], "times", f"{rival}'s API price over R1's ({r['component']})", PRICES))
    cheapest = market.loc[market["ratio"].idxmin()]
    out.append(Candidate("r1-vs-market-blend-ratio", cheapest["ratio"], "times",
                         f"the factor by which R1's API price undercut every rival's, the smallest of {len(market)} "
                         f"({', '.join(rivals)}): {cheapest['pair'].split(' vs ')[1]}'s price over R1's ({cheapest['component']})", PRICES))
    for model in ("DeepSeek-R1", "OpenAI o1"):
        out.append(Candidate(f"{model.lower().replace(' ', '-')}-blend-price", blend_price(prices, model), "USD per million tokens",
                             f"{model}'s API price per million tokens, 3 input (not cached) : 1 output", PRICES))
    chips = frontier.dropna(subset=["hardware_quantity"]).set_index("model")["hardware_quantity"].astype(float)
    for model in ("Llama 3.1-405B", "GPT-4"):
        if model in chips:
            out.append(Candidate(f"{_slug(model)}-gpus", chips[model], "count",
                                 f"the number of GPUs {model} was trained on (Epoch AI)", HARDWARE))
    for model in ("DeepSeek-V3", "DeepSeek-R1", "GPT-4", "Gemini 1.0 Ultra"):  # the amounts, for comparisons on one basis
        slug = _slug(model)
        for rental, name in ((True, "rental"), (False, "amortised")):
            table = like_for_like[rental].set_index("model")
            if model in table.index:
                out.append(Candidate(f"{slug}-cost-{name}-2023usd", float(table.loc[model, "cost_2023_usd"]), "USD",
                                     f"{model}'s final-run cost, {'rental' if rental else 'amortised hardware and energy'}, in Epoch's 2023 dollars "
                                     f"({table.loc[model, 'source']})", TRAINING))
    for model in ("GPT-4", "Gemini 1.0 Ultra"):
        slug = _slug(model)
        for rental, suffix, label in ((True, "epoch", "rental against rental"), (False, "amortised", "amortised hardware against amortised hardware")):
            table = like_for_like[rental].set_index("model")["cost_2023_usd"]
            if model in table and "DeepSeek-V3" in table:
                out.append(Candidate(f"v3-over-{slug}-{suffix}", table["DeepSeek-V3"] / table[model], "ratio",
                                     f"DeepSeek-V3's final-run cost as a fraction of {model}'s, {label}, both in Epoch's 2023 dollars", TRAINING))
    return [*out, *extra]


def _slug(model: str) -> str:
    """A model's name as a key: 'Anthropic Claude 3.5 Sonnet' -> 'anthropic-claude-35-sonnet'."""
    return model.lower().replace(" ", "-").replace(".", "")


# Assumptions for an owned cluster (not from DeepSeek; change them and rebuild to see what moves):
# a four-year straight-line write-off, common for data-centre GPUs; 1,300 W per GPU for the
# whole server and its cooling (an H800 alone is rated 700 W; an 8-GPU server draws about
# 10 kW, plus cooling); and US$0.10 per kWh, a typical industrial electricity price.
OWNERSHIP_ASSUMPTIONS = {"lifetime_years": 4.0, "watts_per_gpu": 1300.0, "usd_per_kwh": 0.10}


def h800_purchase_prices(gpu_prices: pd.DataFrame) -> pd.Series:
    """The recorded H800 purchase prices per GPU (a chip alone and a DGX server's price per GPU: two bases)."""
    return gpu_prices[gpu_prices["hardware_model"] == H800]["purchase_usd_per_gpu"].dropna().astype(float)


# The full cost of owning: the central case and, for each assumption, a favourable and an unfavourable
# value (assumptions, not DeepSeek's figures; change them and rebuild). Central: 80% of hours in use,
# overheads of 25% of the GPU price, 8% a year cost of capital, a four-year life. Overheads cover what
# a cluster needs beside the GPUs: the servers' other parts, the network between servers, storage,
# buildings and power plant (Epoch AI puts server parts at 15-22% and the cluster network at 9-13% of
# GPT-4's and Gemini Ultra's development costs); the median purchase price already mixes a chip-only
# and a whole-server price. Ranges: utilisation 60-95%, overheads 10-50%, capital 4-12%, life 3-6
# years, electricity $0.05-0.15 per kWh; the purchase price from the lowest to the highest recorded.
OWNING_CENTRAL = {"utilisation": 0.8, "overheads": 0.25, "cost_of_capital": 0.08}
OWNING_RANGES = {  # assumption: (favourable, unfavourable)
    "utilisation": (0.95, 0.60),
    "overheads": (0.10, 0.50),
    "cost_of_capital": (0.04, 0.12),
    "lifetime_years": (6.0, 3.0),
    "usd_per_kwh": (0.05, 0.15),
}
OWNING_LABELS = {"gpu_price": "purchase price per GPU", "utilisation": "share of hours the GPUs are in use", "overheads": "overheads on the GPU price",
                 "cost_of_capital": "cost of capital a year", "lifetime_years": "hardware's life", "usd_per_kwh": "electricity per kWh"}


def owning_cases(gpu_prices: pd.DataFrame) -> dict:
    """The owned-cluster cases: ``floor`` (:data:`OWNERSHIP_ASSUMPTIONS` only: straight-line, every hour used,
    no overheads), ``central`` (plus :data:`OWNING_CENTRAL`), ``low`` and ``high`` (every assumption of
    :data:`OWNING_RANGES`, and the purchase price, at its favourable or unfavourable end); each an :class:`Ownership`."""
    prices = h800_purchase_prices(gpu_prices)
    floor = Ownership(gpu_price=float(prices.median()), **OWNERSHIP_ASSUMPTIONS)
    central = replace(floor, **OWNING_CENTRAL)
    low = replace(central, gpu_price=float(prices.min()), **{k: v[0] for k, v in OWNING_RANGES.items()})
    high = replace(central, gpu_price=float(prices.max()), **{k: v[1] for k, v in OWNING_RANGES.items()})
    return {"floor": floor, "central": central, "low": low, "high": high}


def owning_sweep(gpu_prices: pd.DataFrame) -> pd.DataFrame:
    """One assumption at a time moved from the central case to each end of its range: the cost per GPU hour
    at each end. Columns: assumption, low_value, high_value, low_usd, high_usd (favourable end first);
    widest range first, then a row "all together" (:func:`owning_cases` low and high)."""
    cases = owning_cases(gpu_prices)
    central = cases["central"]
    prices = h800_purchase_prices(gpu_prices)
    ends = {"gpu_price": (float(prices.min()), float(prices.max())), **OWNING_RANGES}
    rows = []
    for name, (good, bad) in ends.items():
        rows.append({"assumption": OWNING_LABELS[name], "low_value": good, "high_value": bad,
                     "low_usd": replace(central, **{name: good}).per_gpu_hour(), "high_usd": replace(central, **{name: bad}).per_gpu_hour()})
    out = pd.DataFrame(rows)
    out = out.iloc[(out["high_usd"] - out["low_usd"]).sort_values(ascending=False).index].reset_index(drop=True)
    together = {"assumption": "all together", "low_value": float("nan"), "high_value": float("nan"),
                "low_usd": cases["low"].per_gpu_hour(), "high_usd": cases["high"].per_gpu_hour()}
    return pd.concat([out, pd.DataFrame([together])], ignore_index=True)


def r1_against_epoch(r1_stages: pd.DataFrame, v3_stages: pd.DataFrame, frontier: pd.DataFrame) -> dict:
    """R1's disclosed stages set against Epoch AI's R1 figure, both as a share of V3's: ``disclosed_share``
    (R1's GPU hours over V3's; at one price per hour, also the cost share), ``epoch_cost_share`` (Epoch's R1
    cost over its V3 cost, less one), ``epoch_compute_share`` (the same for training compute), and
    ``epoch_hours`` (Epoch's extra compute in GPU hours at V3's throughput)."""
    by_model = frontier.set_index("model")
    v3_hours, r1_hours = total_hours(v3_stages), total_hours(r1_stages)
    compute_share = float(by_model.loc["DeepSeek-R1", "training_compute_flop"]) / float(by_model.loc["DeepSeek-V3", "training_compute_flop"]) - 1
    return {"r1_hours": r1_hours, "disclosed_share": r1_hours / v3_hours,
            "epoch_cost_share": float(by_model.loc["DeepSeek-R1", "cost_2023_usd"]) / float(by_model.loc["DeepSeek-V3", "cost_2023_usd"]) - 1,
            "epoch_compute_share": compute_share, "epoch_hours": compute_share * v3_hours}


# What the headline leaves out, as ranges (assumptions, stated here: change them and rebuild). Research
# compute (ablations, experiments on smaller models, the R1-series models distilled into V3's
# post-training, runs that failed) as a multiple of the final runs' compute: DeepSeek discloses none of
# it; 1 to 4 times. Staff as a share of the whole development cost: 29-49%, Epoch AI's range for GPT-4
# and Gemini Ultra.
RESEARCH_MULTIPLE = (1.0, 4.0)
STAFF_SHARE = (0.29, 0.49)
# Epoch AI's shares of GPT-4's and Gemini Ultra's development costs for the servers' other parts and for the
# cluster network (Cottier et al., arXiv 2405.21015, abstract): the ground for OWNING_RANGES' overheads.
SERVER_PARTS_SHARE = (0.15, 0.22)
NETWORK_SHARE = (0.09, 0.13)


def development_range(v3_stages: pd.DataFrame, r1_stages: pd.DataFrame, cases: dict) -> pd.DataFrame:
    """A development cost for V3 and R1 as parts, each low / central / high in US$: the final runs of V3
    and R1 at the owned cluster's cost per GPU hour (:func:`owning_cases` low, central, high), research
    compute (:data:`RESEARCH_MULTIPLE` times the final runs; central the midpoint) and staff
    (:data:`STAFF_SHARE` of the whole; central the midpoint), and a total row."""
    per_hour = {k: cases[k].per_gpu_hour() for k in ("low", "central", "high")}
    runs = {"V3's final run": total_hours(v3_stages), "R1's stages": total_hours(r1_stages)}
    mid = lambda pair: sum(pair) / 2  # noqa: E731
    rows = [{"part": name, **{k: hours * per_hour[k] for k in per_hour}} for name, hours in runs.items()]
    final = {k: sum(r[k] for r in rows) for k in per_hour}
    multiple = {"low": RESEARCH_MULTIPLE[0], "central": mid(RESEARCH_MULTIPLE), "high": RESEARCH_MULTIPLE[1]}
    rows.append({"part": "research compute", **{k: final[k] * multiple[k] for k in per_hour}})
    compute = {k: final[k] + rows[-1][k] for k in per_hour}
    share = {"low": STAFF_SHARE[0], "central": mid(STAFF_SHARE), "high": STAFF_SHARE[1]}
    rows.append({"part": "staff", **{k: compute[k] * share[k] / (1 - share[k]) for k in per_hour}})
    rows.append({"part": "total", **{k: sum(r[k] for r in rows) for k in per_hour}})
    return pd.DataFrame(rows, columns=["part", "low", "central", "high"])


def blend_price(prices: pd.DataFrame, model: str) -> float:
    """A model's price per million tokens, three input (not cached) to one output."""
    row = prices.set_index("model").loc[model]
    return (3 * float(row["input_cache_miss_usd"]) + float(row["output_usd"])) / 4


def break_even_tokens(prices: pd.DataFrame, cheap: str, dear: str) -> float:
    """How many times as many output tokens the ``cheap`` model may write as the ``dear`` one for the same
    task before the task costs as much (output prices only, input tokens aside)."""
    by_model = prices.set_index("model")
    return float(by_model.loc[dear, "output_usd"]) / float(by_model.loc[cheap, "output_usd"])
