#!/usr/bin/env python3
"""Helpers for bench/probe.sh, all on 127.0.0.1 only.

  probe_peers.py lab DIR N PORTS BASE      write DIR/lab.yaml (N machines) and DIR/resolve.txt mapping each
                                           machine's 10.x address:22 to 127.0.0.1:BASE+(i % PORTS)
  probe_peers.py listen PORTS BASE         accept-and-close TCP listeners on 127.0.0.1:BASE..BASE+PORTS-1
  probe_peers.py drive URL N PORTS BASE C  N GETs of URL/probe?module=tcp&target=127.0.0.1:PORT with C in
                                           flight (the blackbox exporter's /probe); prints successes
"""
import asyncio, socket, sys


def lab(out, n, ports, base):
    lines = ['version: 1', 'lab: { name: probe-bench }', 'machines:']
    resolve = []
    for i in range(n):
        address = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
        lines.append(f"  m{i}: {{ address: {address} }}")
        resolve.append(f"{address}:22=127.0.0.1:{base + i % ports}")
    open(f"{out}/lab.yaml", "w").write("\n".join(lines) + "\n")
    open(f"{out}/resolve.txt", "w").write("\n".join(resolve) + "\n")


async def listen(ports, base):
    async def accept(reader, writer):
        writer.close()
    servers = [await asyncio.start_server(accept, "127.0.0.1", base + i, backlog=4096, reuse_address=True)
               for i in range(ports)]
    print("listening", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


async def drive(url, n, ports, base, concurrency):
    host, port = url.split("//")[1].split(":")
    gate = asyncio.Semaphore(concurrency)
    ok = 0

    async def one(i):
        nonlocal ok
        async with gate:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 30)
                target = f"127.0.0.1:{base + i % ports}"
                writer.write(f"GET /probe?module=tcp&target={target} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
                body = await asyncio.wait_for(reader.read(), 30)
                writer.close()
            except (OSError, asyncio.TimeoutError):
                return
            if b"\nprobe_success 1" in body:
                ok += 1
    await asyncio.gather(*(one(i) for i in range(n)))
    print(f"{ok} of {n} probes succeeded")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "lab":
        lab(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    elif cmd == "listen":
        asyncio.run(listen(int(sys.argv[2]), int(sys.argv[3])))
    elif cmd == "drive":
        asyncio.run(drive(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])))
