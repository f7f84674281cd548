"""The report's serving tables: a fresh server, HTTP passes, the mixed pass by route, the quote check."""
from __future__ import annotations

from bench.formatting import lat, num, table

NOTES = {
    "serve": "A new `verbatim serve --no-build` process on the index measured above (no cache): from process start "
             "to its first HTTP answer (a static file, polled every 10 ms), then the first single-word "
             "`/api/search` (the set's first unfiltered term), and the tree's memory after it. The last column: "
             "started as a user starts it, without `--no-build` (corpus and metadata hashed to know the index is "
             "current); measured only on an index built from these inputs by this code, never a rebuild.\n\n",
    "http": "A fresh server per run; a 2 s warm-up on words outside the set, then three passes. RSS counts a page "
            "shared by several processes once per process; PSS splits it between them (the tree's real share). "
            "Server CPU: the whole tree's user + system time over the pass ÷ its requests. The load generator "
            "(this benchmark's client threads) runs on the same cores: its CPU share is shown.\n\n",
    "check": "40-word quotations cut from random passages (bench/check_speed.py), each checked once after a "
             "20-quote warm-up, as they stand and altered.\n\n",
    "inference": "The same corpus built again with an empty metadata folder, so titles, dates, events, speakers "
                 "and organizations are all inferred from the texts (themes come only from a registry).\n\n",
}
ROUTES = {"search": "`/api/search` (each new)", "check": "`/api/check` (40 words, as cut or altered)",
          "cite": "`/api/cite` (a whole passage, every format)", "passage": "`/api/passages/ID` (with its citations)"}


def _mb(memory: dict | None) -> str:
    return "–" if not memory else f"{memory['rss_mb']:.0f} / {memory['pss_mb']:.0f}"


def _serve_args(h: dict) -> str:
    return f"`{h['serve_args']}`" if h.get("serve_args") else "default"


def http_table(results: list[dict]) -> str:
    head = (
        "| passages | `verbatim serve` options | pass | clients | seconds | requests | requests/s | "
        "latency ms median / p95 / p99 | errors | server CPU ms per request | load generator CPU, share of one core | "
        "server tree RSS / PSS MB after the pass | ready s |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    labels = (("distinct", "each new (no cache helps)"), ("repeated", "the 200, repeated"),
              ("mixed", "mixed: ½ new searches, check, cite, passage"))
    rows = []
    for r in results:
        h = r.get("http")
        if not h or "memory_idle" not in h:  # results from before the tree's PSS was measured
            continue
        rows.append(f"| {r['passages']:,} | {_serve_args(h)} | (idle, before the passes) | | | | | | | | | "
                    f"{_mb(h['memory_idle'])} | {h['ready_s']:.1f} |")
        for key, label in labels:
            p = h.get(key)
            if p:
                rows.append(
                    f"| {r['passages']:,} | {_serve_args(h)} | {label} | {p['clients']} | {p['seconds']:.0f} | "
                    f"{p['requests']:,} | {p['throughput']:.0f} | {lat(p['latency'])} | {p['errors']} | "
                    f"{p['server_cpu_ms_per_request']:.2f} | {100 * p['loadgen_cpu_share']:.0f} % | "
                    f"{_mb(p['memory_after'])} | {h['ready_s']:.1f} |")
    return table(head, rows)


def routes_table(results: list[dict]) -> str:
    head = "| passages | route (mixed pass) | requests | latency ms median / p95 / p99 |\n|---|---|---|---|\n"
    rows = [f"| {r['passages']:,} | {ROUTES.get(kind, kind)} | {v['count']:,} | {lat(v)} |"
            for r in results for kind, v in r.get("http", {}).get("mixed", {}).get("kinds", {}).items()]
    return table(head, rows)


def serving_table(results: list[dict]) -> str:
    head = ("| passages | `verbatim serve --no-build` options | process start → first answer, s | "
            "then the first one-word `/api/search`, ms | server tree RSS / PSS MB after it | fresh processes (all values) | "
            "in-process cold start: interpreter start → first answer, ms (its parts) | `verbatim serve` as a user starts it "
            "(inputs hashed first): start → first answer, s; first one-word search, ms |\n|---|---|---|---|---|---|---|---|\n")
    rows = []
    for r in results:
        s, cold = r.get("serve_start"), r["cold"].get("verbatim")
        if not s:
            continue
        every = ", ".join(f"{a:.2f} s" for a in s["all_first_answer_s"]) + "; " + ", ".join(
            f"{w:.0f} ms" for w in s["all_first_word_ms"])
        rows.append(f"| {r['passages']:,} | {_serve_args(s)} | {s['first_answer_s']:.2f} | {num(s['first_word_ms'])} "
                    f"(`{s['word']}`) | {s['rss_mb']:.0f} / {s['pss_mb']:.0f} | {s['repeats']} ({every}) | "
                    f"{_cold_parts(cold)} | {_checked(s.get('with_input_check'))} |")
    return table(head, rows)


def _cold_parts(cold: dict | None) -> str:
    if not cold:
        return "–"
    parts = ", ".join(f"{label} {num(cold[key] * 1000)}" for key, label in
                      (("import_s", "imports"), ("open_s", "open"), ("first_query_s", "first query")) if key in cold)
    return f"{num(cold['total_s'] * 1000)} ({parts})"


def _checked(c: dict | None) -> str:
    if not c:
        return "–"
    return c.get("skipped") or f"{c['first_answer_s']:.2f} s; {num(c['first_word_ms'])} ms"


def check_table(results: list[dict]) -> str:
    head = ("| passages | 40-word quotations, each checked once | median / p90 ms (wall) | CPU median / p90 ms | "
            "verdicts |\n|---|---|---|---|---|\n")
    rows = []
    for r in results:
        c = r["search"].get("verbatim", {}).get("check")
        for form, label in (("exact", "as cut from a source"), ("altered", "altered (1 word left out, 2 changed)")):
            if c:
                m = c[form]
                verdicts = ", ".join(f"{k[8:]} {v}" for k, v in m.items() if k.startswith("verdict_"))
                rows.append(f"| {r['passages']:,} | {c['quotes']} {label} | {num(m['median_ms'])} / {num(m['p90_ms'])} | "
                            f"{num(m['cpu_median_ms'])} / {num(m['cpu_p90_ms'])} | {verdicts} |")
    return table(head, rows)
