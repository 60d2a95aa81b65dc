#!/usr/bin/env python3
"""Generates a YAML (or INI) Ansible inventory of N hosts, shaped like a large homelab or
datacenter: sites > racks > hosts, role groups that share hosts, group and host vars.

usage: bench/gen_inventory.py N [--ini] > hosts.yml
"""
import sys


def main():
    n = int(sys.argv[1])
    ini = "--ini" in sys.argv[2:]
    per_rack = 50
    racks = max(1, (n + per_rack - 1) // per_rack)
    roles = ["web", "db", "cache", "queue", "batch"]
    hosts = [(i, f"node{i:06d}", i // per_rack) for i in range(n)]
    out = []
    w = out.append
    if ini:
        for r in range(racks):
            w(f"[rack{r:04d}]")
            for i, name, rack in hosts[r * per_rack:(r + 1) * per_rack]:
                w(f"{name} ansible_host=10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255} slot={i % per_rack}")
            w(f"[rack{r:04d}:vars]")
            w(f"rack_id={r}")
        for role in roles:
            w(f"[{role}]")
            for i, name, _ in hosts[roles.index(role)::len(roles)]:
                w(name)
        w("[site_a:children]")
        for r in range(0, racks, 2):
            w(f"rack{r:04d}")
        w("[site_b:children]")
        for r in range(1, racks, 2):
            w(f"rack{r:04d}")
        w("[all:vars]")
        w("ansible_user=ops")
        w("ntp_servers=['10.0.0.1', '10.0.0.2']")
    else:
        w("all:")
        w("  vars:")
        w("    ansible_user: ops")
        w("    ntp_servers: [10.0.0.1, 10.0.0.2]")
        w("  children:")
        for site, parity in (("site_a", 0), ("site_b", 1)):
            w(f"    {site}:")
            w("      vars:")
            w(f"        site: {site}")
            w("      children:")
            for r in range(parity, racks, 2):
                w(f"        rack{r:04d}:")
                w("          vars:")
                w(f"            rack_id: {r}")
                w("          hosts:")
                for i, name, _ in hosts[r * per_rack:(r + 1) * per_rack]:
                    w(f"            {name}:")
                    w(f"              ansible_host: 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}")
                    w(f"              slot: {i % per_rack}")
                    if i % 10 == 0:
                        w("              monitored: true")
        for role in roles:
            w(f"    {role}:")
            w("      hosts:")
            for i, name, _ in hosts[roles.index(role)::len(roles)]:
                w(f"        {name}:")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
