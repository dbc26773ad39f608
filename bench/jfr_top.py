#!/usr/bin/env python3
"""The top costs in a JFR recording, per thread group: the group-commit writer, the request threads, the rest.

Java samples (jdk.ExecutionSample): the hottest methods by self samples (the top frame), and the hottest Feedback Hub
methods inclusive (on the stack at all, counted once per sample). Native samples (jdk.NativeMethodSample: a thread in
JNI or a system call, e.g. SQLite's step and fsync) are counted per group and, for the writer, by top frame. Also: CPU
load per thread group (jdk.ThreadCPULoad, a fraction of the whole machine) and GC pauses.
Usage: bench/jfr_top.py recording.jfr [rows per table, default 12]   (needs `jfr` on PATH: bin/with-jdk)
"""
import collections
import json
import re
import subprocess
import sys

EVENTS = "jdk.ExecutionSample,jdk.NativeMethodSample,jdk.ThreadCPULoad,jdk.GarbageCollection"


def frame_name(frame):
    method = frame["method"]
    name = (method["type"]["name"] + "." + method["name"]).replace("/", ".")
    return re.sub(r"\$\$Lambda\.0x[0-9a-f]+", "$$Lambda", name)


def package_of(name):
    parts = name.split(".")
    return ".".join(parts[:3]) if parts[0] in ("io", "org", "com", "jdk", "sun") else ".".join(parts[:2])


def group_of(thread):
    thread = thread or {}
    name = thread.get("javaName") or thread.get("osName") or ""
    if name.startswith("group-commit"):
        return "writer (group-commit-*)"
    if thread.get("virtual") or name == "" or name.startswith("ForkJoinPool") or name.startswith("JettyServerThreadPool") \
            or name.startswith("qtp"):
        return "request threads (virtual threads, their carriers, Jetty)"
    return "other: " + re.sub(r"[-#\d]+$", "", name)


def seconds(iso_duration):
    match = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", iso_duration or "PT0S")
    return (int(match.group(1) or 0) * 60 + float(match.group(2))) if match else 0.0


def main():
    recording = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    printed = subprocess.run(["jfr", "print", "--json", "--events", EVENTS, recording],
                             check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]
    java = collections.Counter()
    native = collections.Counter()
    self_time = collections.defaultdict(collections.Counter)
    by_package = collections.defaultdict(collections.Counter)
    inclusive = collections.defaultdict(collections.Counter)
    native_top = collections.defaultdict(collections.Counter)
    cpu = collections.defaultdict(lambda: [0.0, 0.0, 0])
    pauses = []
    for event in events:
        values = event["values"]
        kind = event["type"]
        if kind == "jdk.GarbageCollection":
            pauses.append(seconds(values.get("sumOfPauses")))
            continue
        if kind == "jdk.ThreadCPULoad":
            load = cpu[(values.get("eventThread") or {}).get("javaName") or "?"]
            load[0] += values.get("user", 0)
            load[1] += values.get("system", 0)
            load[2] += 1
            continue
        group = group_of(values.get("sampledThread"))
        frames = ((values.get("stackTrace") or {}).get("frames")) or []
        if kind == "jdk.NativeMethodSample":
            native[group] += 1
            if frames:
                native_top[group][frame_name(frames[0])] += 1
            continue
        java[group] += 1
        if frames:
            self_time[group][frame_name(frames[0])] += 1
            by_package[group][package_of(frame_name(frames[0]))] += 1
        for name in {frame_name(f) for f in frames if frame_name(f).startswith("io.feedbackhub.")}:
            inclusive[group][name] += 1

    total = sum(java.values())
    print(f"{total} Java samples, {sum(native.values())} native samples; "
          f"GC: {len(pauses)} collections, {1000 * sum(pauses):.0f} ms of pauses in all")
    for group, count in java.most_common():
        print(f"\n### {group}: {count} Java samples ({100 * count / total:.0f} % of all), {native[group]} native samples")
        print("self (top frame), % of this group's Java samples:")
        for name, n in self_time[group].most_common(rows):
            print(f"  {100 * n / count:5.1f} %  {name}")
        print("self by package of the top frame:")
        print("  " + ", ".join(f"{name} {100 * n / count:.0f} %" for name, n in by_package[group].most_common(8)))
        if inclusive[group]:
            print("Feedback Hub methods inclusive, % of this group's Java samples:")
            for name, n in inclusive[group].most_common(rows):
                print(f"  {100 * n / count:5.1f} %  {name}")
        if group.startswith("writer") and native_top[group]:
            print("native (top frame), % of this group's native samples:")
            for name, n in native_top[group].most_common(rows):
                print(f"  {100 * n / native[group]:5.1f} %  {name}")
    if cpu:
        print("\nCPU load per thread (jdk.ThreadCPULoad: mean user / system, fraction of the whole machine), top 8:")
        busiest = sorted(cpu.items(), key=lambda item: -(item[1][0] + item[1][1]) / item[1][2])[:8]
        for name, (user, system, n) in busiest:
            print(f"  {100 * user / n:5.1f} % user {100 * system / n:5.1f} % system  {name}")


if __name__ == "__main__":
    main()
