#!/usr/bin/env python3
"""Reads a run's results.nxs with h5py (a reader independent of the writer, jHDF) and checks it against
the run's maps.csv and clusters.csv: the NeXus default chain root -> entry -> domain map, every map an
NXdata with signal, axes and units, values equal to maps.csv (empty cell = NaN), cluster labels equal
to clusters.csv (-1 where not analysed), one NXprocess per stage in order. Prints one line per finding
and exits 1 on the first mismatch. Usage: check-nexus.py RUN_FOLDER"""
import csv
import math
import sys

import h5py
import numpy as np

run = sys.argv[1]


def fail(message):
    print("results.nxs: " + message)
    sys.exit(1)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


with h5py.File(run + "/results.nxs", "r") as f:
    if text(f.attrs.get("default", "")) != "entry":
        fail("root @default is not 'entry'")
    entry = f["entry"]
    if text(entry.attrs.get("NX_class")) != "NXentry":
        fail("/entry is not an NXentry")
    plot = entry[text(entry.attrs["default"])]
    if text(plot.attrs.get("NX_class")) != "NXdata":
        fail("the default plot is not an NXdata")
    axes = [text(a) for a in np.atleast_1d(plot.attrs["axes"])]
    signal = plot[text(plot.attrs["signal"])]
    rows, cols = signal.shape
    if [plot[a].shape[0] for a in axes] != [rows, cols]:
        fail("axes %s do not match the signal's shape %s" % (axes, signal.shape))

    with open(run + "/maps.csv") as m:
        table = list(csv.DictReader(m))
    if len(table) != rows * cols:
        fail("maps.csv has %d lines for %d x %d positions" % (len(table), rows, cols))
    maps = entry["maps"]
    checked = 0
    for name in [c for c in table[0].keys() if c not in ("row", "col")]:
        group = maps[name]
        if text(group.attrs["signal"]) != name:
            fail("maps/%s: signal is %s" % (name, text(group.attrs["signal"])))
        values = group[name][()]
        for line in table:
            r, c, cell = int(line["row"]), int(line["col"]), line[name]
            v = float(values[r, c])
            if cell == "":
                if not math.isnan(v):
                    fail("maps/%s[%d,%d] is %g where maps.csv is empty" % (name, r, c, v))
            elif not math.isclose(v, float(cell), rel_tol=1e-6, abs_tol=1e-12):
                fail("maps/%s[%d,%d] is %r where maps.csv has %s" % (name, r, c, v, cell))
        checked += 1

    labels = -np.ones((rows, cols), dtype=int)
    with open(run + "/clusters.csv") as c:
        for line in csv.DictReader(c):
            labels[int(line["row"]), int(line["col"])] = int(line["cluster"])
    if not np.array_equal(labels, signal[()]):
        fail("the domain map differs from clusters.csv")

    processes = sorted(k for k in entry.keys() if text(entry[k].attrs.get("NX_class", "")) == "NXprocess")
    indices = [int(entry[p]["sequence_index"][()]) for p in processes]
    if not processes or indices != list(range(1, len(processes) + 1)):
        fail("NXprocess groups %s have sequence indices %s" % (processes, indices))
    print("results.nxs: default chain entry -> %s (%d x %d, axes %s), %d maps equal to maps.csv, domain map equal to "
          "clusters.csv, %d NXprocess groups in order" % (text(entry.attrs["default"]), rows, cols, axes, checked, len(processes)))
