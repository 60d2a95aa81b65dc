#!/usr/bin/env python3
"""Generates a large lab for `labctl simulate --all-single`: sites in a ring of links,
hypervisors carrying VMs, bare-metal workers, clusters of 3 control-plane VMs on distinct
hypervisors, a DNS VIP, and services on clusters and machines with depends_on chains.

usage: gen-simulate-lab.py OUT_DIR [--machines 10000] [--services 1000] [--sites 4] [--seed 1]
The lab passes `labctl check`. Deterministic for a given seed."""
import argparse
import os
import random

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--machines", type=int, default=10000)
p.add_argument("--services", type=int, default=1000)
p.add_argument("--sites", type=int, default=4)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()
rnd = random.Random(a.seed)

sites = [f"az-{i}" for i in range(a.sites)]
# 10% hypervisors, 60% VMs (6 per hypervisor), 30% bare metal.
n_hv = a.machines // 10
n_vm = n_hv * 6
n_bm = a.machines - n_hv - n_vm
lines = ["version: 1", "lab: { name: generated }", "sites:"]
lines += [f"  {s}: {{ status: live }}" for s in sites]
lines.append("links:")
lines += [f"  - {{ between: [{sites[i]}, {sites[i + 1]}] }}" for i in range(len(sites) - 1)]
lines.append("machines:")
hv_by_site = {s: [] for s in sites}
for i in range(n_hv):
    s = sites[i % len(sites)]
    name = f"hv-{i}"
    hv_by_site[s].append(name)
    lines.append(f"  {name}: {{ site: {s} }}")
vm_free = {s: [] for s in sites}  # (vm, hypervisor) not yet used by a cluster
for i in range(n_vm):
    hv = f"hv-{i // 6}"
    s = sites[(i // 6) % len(sites)]
    vm_free[s].append((f"vm-{i}", hv))
    lines.append(f"  vm-{i}: {{ runs_on: {hv} }}")
bm_by_site = {s: [] for s in sites}
for i in range(n_bm):
    s = sites[i % len(sites)]
    bm_by_site[s].append(f"bm-{i}")
    lines.append(f"  bm-{i}: {{ site: {s} }}")

# Clusters: 3 control-plane VMs on distinct hypervisors of one site, plus bare-metal workers.
lines.append("clusters:")
n_clusters = max(1, a.machines // 50)
clusters = []
spare_vms = {s: list(v) for s, v in vm_free.items()}
for c in range(n_clusters):
    s = sites[c % len(sites)]
    pool = spare_vms[s]
    cps, hosts = [], set()
    for vm, hv in list(pool):
        if hv not in hosts:
            cps.append(vm)
            hosts.add(hv)
            pool.remove((vm, hv))
        if len(cps) == 3:
            break
    workers = [bm_by_site[s].pop() for _ in range(min(5, len(bm_by_site[s])))]
    nodes = ", ".join([f"{v}: controlplane" for v in cps] + [f"{w}: worker" for w in workers])
    name = f"k-{c}"
    clusters.append(name)
    lines.append(f"  {name}: {{ site: {s}, nodes: {{ {nodes} }} }}")

# Services: one DNS VIP across sites, then a mix on clusters and machines.
lines.append("services:")
free_vms = [vm for s in sites for vm, _ in spare_vms[s]]
rnd.shuffle(free_vms)
dns_backends = [spare_vms[s][0][0] for s in sites[:3]]
for b in dns_backends:
    free_vms.remove(b)
lines.append(f"  dns: {{ runs_on: [{', '.join(dns_backends)}], ha: {{ kind: vip, vip: 10.0.0.53 }}, exposes: dns }}")
names = ["dns"]
vip = 1
for i in range(1, a.services):
    name = f"svc-{i}"
    deps = sorted(set(rnd.sample(names[1:], min(len(names) - 1, rnd.choice([0, 0, 1, 2])))))
    dep = f", depends_on: [{', '.join(deps)}]" if deps else ""
    kind = rnd.random()
    if kind < 0.4:
        on = rnd.sample(clusters, rnd.choice([1, 1, 2, 3]))
        ha, r = rnd.choice([("self-heal", 1), ("replicas", 2), ("replicas", 3), ("none", 1)])
        extra = f", replicas: {r}" + ("" if ha == "none" else f", ha: {{ kind: {ha} }}")
        if ha == "none":
            extra += ", mitigation: add replicas"
    elif kind < 0.7:
        on = [free_vms.pop() for _ in range(rnd.choice([2, 3]))]
        vip += 1
        extra = f", ha: {{ kind: vip, vip: 10.1.{vip // 250}.{vip % 250 + 1} }}"
    else:
        on = [free_vms.pop()]
        extra = ", mitigation: planned replica"
    names.append(name)
    lines.append(f"  {name}: {{ runs_on: [{', '.join(on)}]{extra}{dep} }}")

os.makedirs(a.out, exist_ok=True)
with open(os.path.join(a.out, "lab.yaml"), "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{a.out}/lab.yaml: {n_hv + n_vm + n_bm} machines, {n_clusters} clusters, {a.services} services, {len(sites)} sites")
