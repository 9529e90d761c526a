#!/usr/bin/env python3
"""Turns JMH JSON results and IdleMemory's TSV into one markdown table: workload, ActorKit, Pekko, ratio.

Usage: report.py [--memory memory.tsv] jmh.json...

With several JMH result files (rounds of the same run), each score is the median over the rounds and ±
is half the range between the rounds' lowest and highest score.

Benchmark methods are paired by name: <workload>_actorkit with <workload>_pekko, same parameters.
<workload>Blocking_actorkit (a blocking-style variant) and <workload>Observed_actorkit (with a process
observer) are compared with <workload>_pekko.
Ratio: > 1 always means ActorKit is better: ActorKit/Pekko for throughput, Pekko/ActorKit for latency
and memory.
"""
import json
import os
import sys

# What one operation of each workload is (JMH reports operations per second).
UNITS = {
    "pingPong": "msg/s",
    "counting": "msg/s",
    "forkJoinCreate": "processes/s",
    "call": "calls/s",
    "forkJoinThroughput": "msg/s",
    "threadRing": "hops/s",
    "chameneos": "meetings/s",
    "big": "msg/s",
    "fairness": "µs",
}


def si(value):
    for factor, suffix in ((1e9, " G"), (1e6, " M"), (1e3, " k")):
        if value >= factor:
            return f"{value / factor:.2f}{suffix}"
    return f"{value:.1f} "


def per_second(score, unit):
    """Converts a JMH throughput score to operations per second."""
    per = unit.split("/")[1]
    return score * {"s": 1, "ms": 1e3, "us": 1e6, "ns": 1e9, "min": 1 / 60}[per]


def microseconds(score, unit):
    per = unit.split("/")[0]
    return score * {"s": 1e6, "ms": 1e3, "us": 1, "ns": 1e-3}[per]


def load_jmh(path):
    """[(row name, unit, higher_is_better, actorkit (value, error), pekko (value, error) or None)]"""
    actorkit_rows = []  # (name, pekko name, unit, higher, result), in JMH's order
    pekko = {}
    with open(path) as f:
        runs = json.load(f)
    for run in runs:
        method = run["benchmark"].rsplit(".", 1)[1]
        if "_" not in method:
            continue
        workload, impl = method.rsplit("_", 1)
        compare_with = workload
        for variant in ("Blocking", "Observed"):
            if workload.endswith(variant):
                compare_with = workload[: -len(variant)]
        params = ", ".join(f"{k}={v}" for k, v in sorted(run.get("params", {}).items()))
        suffix = f" ({params})" if params else ""
        metric = run["primaryMetric"]
        if run["mode"] == "thrpt":
            value = per_second(metric["score"], metric["scoreUnit"])
            try:
                error = float(metric["scoreError"]) / metric["score"]
            except (TypeError, ValueError, ZeroDivisionError):
                error = None
            if error != error:  # NaN: a single iteration has no error estimate
                error = None
            measured = [("", value, error, UNITS.get(compare_with, "ops/s"), True)]
        elif run["mode"] == "sample":
            pct = metric["scorePercentiles"]
            measured = [(" median latency", microseconds(pct["50.0"], metric["scoreUnit"]), None, "µs", False),
                        (" p99 latency", microseconds(pct["99.0"], metric["scoreUnit"]), None, "µs", False)]
        else:
            measured = [(" " + run["mode"], microseconds(metric["score"], metric["scoreUnit"]), None, "µs", False)]
        for what, value, error, unit, higher in measured:
            if impl == "pekko":
                pekko[workload + suffix + what] = (value, error)
            elif impl == "actorkit":
                actorkit_rows.append((workload + suffix + what, compare_with + suffix + what, unit, higher, (value, error)))
    workloads = list(UNITS)

    def position(row):  # the order of UNITS; a blocking-style variant right after its workload
        name, pekko_name = row[0], row[1]
        base = pekko_name.split(" ")[0]
        return (workloads.index(base) if base in workloads else len(workloads), pekko_name, name)

    return [(name, unit, higher, result, pekko.get(pekko_name))
            for name, pekko_name, unit, higher, result in sorted(actorkit_rows, key=position)]


def load_memory(path):
    table = []
    if not path or not os.path.exists(path):
        return table
    rows = {}
    order = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            workload, impl, value, unit = parts
            rows.setdefault(workload, {"unit": unit})[impl] = (float(value), None)
            if workload not in order:
                order.append(workload)
    # The blocking-style variant is compared with Pekko's idle actor.
    for workload in order:
        entry = rows[workload]
        pekko = entry.get("pekko")
        if pekko is None and workload.startswith("idleBlocking"):
            pekko = rows.get(workload.replace("idleBlocking", "idle"), {}).get("pekko")
        if "actorkit" in entry:
            table.append((workload, entry["unit"], False, entry["actorkit"], pekko))
    return table


def cell(result, unit):
    if result is None:
        return "—"
    value, error = result
    if unit.endswith("/s"):
        text = f"{si(value)} {unit}"
    elif unit == "µs":
        text = f"{value:.1f} µs"
    elif unit == "MiB":
        text = f"{value:.0f} MiB"
    else:
        text = f"{value:.0f} {unit}"
    if error:
        text += f" ±{100 * error:.0f}%"
    return text


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def ratio_of(higher, actorkit, pekko):
    """> 1 means ActorKit is better."""
    if not actorkit or not pekko or actorkit[0] <= 0 or pekko[0] <= 0:
        return None
    return actorkit[0] / pekko[0] if higher else pekko[0] / actorkit[0]


def merge_rounds(rounds):
    """One table from several rounds of the same run: median score, ± half the range, and the median of
    the rounds' own ratios (each round ran both sides close together in time, so its ratio is the
    least disturbed by load that comes and goes on a shared machine)."""

    def combine(results):
        values = [r[0] for r in results if r is not None]
        if not values:
            return None
        if len(values) == 1:
            return results[0]
        mid = median(values)
        return mid, ((max(values) - min(values)) / 2 / mid if mid else None)

    merged = []
    for i, (name, unit, higher, _, _) in enumerate(rounds[0]):
        same = [r[i] for r in rounds if i < len(r) and r[i][0] == name]
        ratios = [x for x in (ratio_of(higher, r[3], r[4]) for r in same) if x is not None]
        merged.append((name, unit, higher, combine([r[3] for r in same]), combine([r[4] for r in same]), ratios))
    return merged


def main():
    args = sys.argv[1:]
    memory = None
    if len(args) >= 2 and args[0] == "--memory":
        memory, args = args[1], args[2:]
    rounds = [load_jmh(path) for path in args if os.path.exists(path)]
    rows = merge_rounds(rounds) if rounds else []
    rows += [row + ([x for x in [ratio_of(row[2], row[3], row[4])] if x is not None],) for row in load_memory(memory)]
    print("| workload | ActorKit | Pekko | ratio (> 1 = ActorKit better) |")
    print("|---|---:|---:|---:|")
    for name, unit, higher, actorkit, pekko, ratios in rows:
        if not ratios:
            ratio_text = "—"
        elif len(ratios) == 1:
            ratio_text = f"{ratios[0]:.2f}×"
        else:
            ratio_text = f"{median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"
        print(f"| {name} | {cell(actorkit, unit)} | {cell(pekko, unit)} | {ratio_text} |")
    print()
    print("Ratio: ActorKit/Pekko for throughput; Pekko/ActorKit for latency and heap, so > 1 always means ActorKit"
          " is better. ± is " + ("JMH's 99.9% confidence interval" if len(rounds) <= 1 else
          f"half the range over {len(rounds)} rounds (score: their median; ratio: the median of the rounds'"
          " own ratios, with their range)") + ", relative to the score."
          " Blocking-style rows compare with Pekko's plain actor.")


if __name__ == "__main__":
    main()
