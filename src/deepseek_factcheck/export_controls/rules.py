"""US export controls on AI chips to China, as code.

The tests of ECCN 3A090 (:func:`controlled_2022`, :func:`classify_2023`) take a chip's
specifications and say whether it is caught; :func:`chip_table` computes every chip's total
processing performance (TPP) and performance density from ``data/chips.csv``;
:func:`china_status` and :func:`sale_windows` derive, for each chip, when a measure in
``data/export_rules.csv`` restricted it for China (or licensed it again). Nothing here names
a chip's status: it follows from the thresholds and the dated measures.

The thresholds (interim final rules of 7 October 2022, 87 FR 62186, and 17 October 2023,
88 FR 73458):

* 2022, 3A090: chip-to-chip transfer rate of at least 600 GB/s **and** processing
  performance (TOPS x bit length) of at least 4800;
* 2023, 3A090.a: TPP of at least 4800, or TPP of at least 1600 with performance density of
  at least 5.92; 3A090.b: TPP of 2400 to under 4800 with density of 1.6 to under 5.92, or TPP
  of at least 1600 with density of 3.2 to under 5.92. TPP = 2 x MacTOPS x bit length
  (= dense TOPS x bit length, counting a multiply-accumulate as two operations); density =
  TPP / die area in mm2.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..core.tables import load_table

TPP_2022 = 4800  # "bit length x TOPS" of the 2022 rule
INTERCONNECT_2022_GBPS = 600
TPP_A = 4800
TPP_A_DENSE = 1600
DENSITY_A = 5.92
TPP_B_LOW = 2400
DENSITY_B_LOW = 1.6
DENSITY_B_MID = 3.2
TIMELINE_END = dt.date(2025, 12, 31)


def tpp(mac_tops: float, bit_length: int) -> float:
    """Total processing performance: 2 x MacTOPS x bit length (the 2023 rule's definition)."""
    return 2 * mac_tops * bit_length


def tpp_from_tops(tops: float, bit_length: int) -> float:
    """TPP from a dense throughput quoted in TOPS or TFLOPS (a multiply-accumulate counted as two operations)."""
    return tpp(tops / 2, bit_length)


def chip_tpp(tops_16bit: float | None, tops_8bit: float | None = None) -> float:
    """A chip's TPP: the largest over the bit lengths given (the rule takes the highest)."""
    values = [tpp_from_tops(t, bits) for t, bits in ((tops_16bit, 16), (tops_8bit, 8)) if t is not None and not pd.isna(t)]
    if not values:
        raise ValueError("a chip needs a throughput at some bit length")
    return max(values)


def density(tpp_value: float, die_area_mm2: float | None) -> float | None:
    """Performance density: TPP per mm2 of die area; None when the die area is unknown."""
    if die_area_mm2 is None or pd.isna(die_area_mm2):
        return None
    if die_area_mm2 <= 0:
        raise ValueError("die area must be positive")
    return tpp_value / die_area_mm2


def controlled_2022(tpp_value: float, interconnect_gbps: float | None) -> bool | None:
    """The October 2022 test of 3A090: both thresholds met. None if the interconnect is unknown
    and the performance test alone does not settle it."""
    if tpp_value < TPP_2022:
        return False
    if interconnect_gbps is None or pd.isna(interconnect_gbps):
        return None
    return interconnect_gbps >= INTERCONNECT_2022_GBPS


def classify_2023(tpp_value: float, density_value: float | None) -> str | None:
    """The October 2023 test: ``"3A090.a"``, ``"3A090.b"`` or ``""`` (not caught).

    None when the density is unknown and the TPP alone does not decide.
    """
    if tpp_value >= TPP_A:
        return "3A090.a"
    if tpp_value < TPP_A_DENSE:
        return ""
    if density_value is None:
        return None
    if density_value >= DENSITY_A:
        return "3A090.a"
    if TPP_B_LOW <= tpp_value < TPP_A and DENSITY_B_LOW <= density_value < DENSITY_A:
        return "3A090.b"
    if DENSITY_B_MID <= density_value < DENSITY_A:
        return "3A090.b"
    return ""


def chip_table(folder: Path | None = None, chips: pd.DataFrame | None = None) -> pd.DataFrame:
    """``data/chips.csv`` with TPP, density and the 2022 and 2023 results computed."""
    frame = (chips if chips is not None else load_table("chips", folder)).copy()
    frame["tpp"] = [chip_tpp(a, b) for a, b in zip(frame["tops_16bit"], frame["tops_8bit"])]
    frame["density"] = [density(t, a) for t, a in zip(frame["tpp"], frame["die_area_mm2"])]
    frame["rule_2022"] = [controlled_2022(t, i) for t, i in zip(frame["tpp"], frame["interconnect_gbps"])]
    frame["rule_2023"] = [classify_2023(t, d) for t, d in zip(frame["tpp"], frame["density"])]
    return frame


def _h20_letter(chip: dict, reference: dict) -> bool:
    """The April 2025 letter: the H20, or any chip reaching its memory or interconnect bandwidth."""
    if chip["chip"] == "H20":
        return True
    memory = chip.get("memory_bandwidth_gbps")
    link = chip.get("interconnect_gbps")
    return bool((memory is not None and not pd.isna(memory) and memory >= reference["memory_bandwidth_gbps"])
                or (link is not None and not pd.isna(link) and link >= reference["interconnect_gbps"]))


def catches(measure: dict, chip: dict, chips: pd.DataFrame) -> bool | None:
    """Whether a measure of ``data/export_rules.csv`` restricts (or, for ``licensed``, licenses again) a chip for China."""
    test = measure["test"]
    named = [c.strip() for c in str(measure.get("chips_named") or "").split(";") if c.strip()]
    if test == "named" or test == "licensed":
        return chip["chip"] in named
    if test == "3a090-2022":
        return controlled_2022(chip["tpp"], chip["interconnect_gbps"])
    if test == "tpp-4800":
        return chip["tpp"] >= TPP_A
    if test == "3a090-2023":
        result = classify_2023(chip["tpp"], chip["density"])
        return None if result is None else result != ""
    if test == "h20-letter":
        reference = chips.set_index("chip").loc["H20"].to_dict()
        return _h20_letter(chip, reference)
    return False


def in_force(measure: dict, rules: pd.DataFrame, day: dt.date) -> bool:
    """Whether a measure applies on ``day``: in effect, and (for the 2022 test) not yet replaced by the 2023 rule."""
    if measure["effective"] > day:
        return False
    if measure["test"] == "3a090-2022":
        replaced = rules[(rules["test"] == "3a090-2023") & (rules["effective"] <= day)]
        return replaced.empty
    return True


def china_status(chips: pd.DataFrame, rules: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Each chip's status for China on ``day``: ``not released``, ``legal``, ``restricted`` or
    ``licensed`` (sales allowed again under licence), with the measure responsible (``by``) and
    the date the status began (``since``).

    A chip caught by a measure in force when it was released is restricted from its release,
    by the latest such measure; otherwise by the first measure after its release that caught it.
    """
    ordered = rules[rules["test"] != ""].sort_values("effective").to_dict("records")
    rows = []
    for chip in chips.to_dict("records"):
        released = chip["released"]
        if released > day:
            rows.append({"chip": chip["chip"], "status": "not released", "by": "", "since": None})
            continue
        status, by, since = "legal", "", released
        at_release = [m for m in ordered if m["test"] != "licensed" and in_force(m, rules, released) and catches(m, chip, chips)]
        if at_release:
            status, by = "restricted", at_release[-1]["id"]
        for m in ordered:
            if m["effective"] <= released or m["effective"] > day:
                continue
            caught = catches(m, chip, chips)
            if m["test"] == "licensed":
                if caught and status == "restricted":
                    status, by, since = "licensed", m["id"], m["effective"]
            elif caught and status == "legal" and in_force(m, rules, m["effective"]):
                status, by, since = "restricted", m["id"], m["effective"]
        rows.append({"chip": chip["chip"], "status": status, "by": by, "since": since})
    return pd.DataFrame(rows)


def sale_windows(chips: pd.DataFrame, rules: pd.DataFrame, end: dt.date = TIMELINE_END) -> pd.DataFrame:
    """Each chip's periods for China: ``legal`` from release to the first measure that caught it,
    ``restricted`` after it, ``licensed`` if a later decision allowed sales again (up to ``end``)."""
    days = sorted({d for d in rules["effective"] if d <= end} | {d for d in chips["released"] if d <= end})
    statuses = {day: china_status(chips, rules, day).set_index("chip") for day in days}
    rows = []
    for chip in chips["chip"]:
        current = None
        for day in days:
            status = statuses[day].loc[chip]
            if status["status"] == "not released":
                continue
            if current is None or status["status"] != current["status"]:
                if current is not None:
                    current["end"] = day
                    rows.append(current)
                current = {"chip": chip, "status": status["status"], "start": day, "by": status["by"]}
        if current is not None:
            current["end"] = end
            rows.append(current)
    return pd.DataFrame(rows, columns=["chip", "status", "start", "end", "by"])


def status_on(chips: pd.DataFrame, rules: pd.DataFrame, chip: str, day: dt.date) -> dict:
    """One chip's status on a day (a row of :func:`china_status`)."""
    table = china_status(chips, rules, day).set_index("chip")
    if chip not in table.index:
        raise LookupError(f"chip {chip!r} is not in data/chips.csv (known: {', '.join(table.index)})")
    return {"chip": chip, **table.loc[chip].to_dict()}


def load(folder: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chips with their computed results, and the measures."""
    return chip_table(folder), load_table("export_rules", folder)
