import LabModel

/// A cluster's load-balancer pool is address space its load balancer (MetalLB in L2 mode) hands to
/// `LoadBalancer` services and answers ARP for. Pools must not overlap one another, and nothing else may
/// sit in one: no machine or node address, no VIP, and no service address unless the service runs on the
/// cluster whose pool it is (a gateway's address drawn from its own cluster's pool is the point of a pool).
///
/// Pools that are not a range or CIDR are left to address-in-subnet, which reports them.
public struct LoadBalancerPoolRule: Rule {
  public let name = "lb-pool"
  public let summary = "load-balancer pools do not overlap and hold no machine, node or VIP address"
  public init() {}

  private struct Pool {
    var cluster: Cluster
    var range: IPv4Range
    var path: String
  }

  public func check(_ lab: Lab) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var pools: [Pool] = []
    for c in lab.clusters {
      guard let range = c.loadBalancer?.pool else { continue }
      let pool = Pool(cluster: c, range: range, path: "clusters.\(c.name).loadbalancer.pool")
      if let other = pools.first(where: { $0.range.overlaps(range) }) {
        out.append(
          .error(
            name,
            "load-balancer pool \(range) of cluster '\(c.name)' overlaps \(other.range), the pool of cluster "
              + "'\(other.cluster.name)'",
            at: lab.sourceMap.value(pool.path), item: c.name,
            notes: [
              "pool of '\(other.cluster.name)' declared at \(declared(other.path, in: lab))",
              "two load balancers would hand out, and answer ARP for, the same addresses",
            ]))
      }
      pools.append(pool)
    }
    guard !pools.isEmpty else { return out }

    let index = RangeIndex(pools.map { (range: $0.range, element: $0) })
    func inPool(_ ip: IPv4) -> Pool? { index.element(containing: ip) }
    func claim(
      _ address: IPv4?, _ owner: String, _ item: String, _ path: String, key: Bool = false,
      also: @autoclosure () -> [String] = [],
      allowed: (Cluster) -> Bool = { _ in false }
    ) {
      guard let ip = address, let pool = inPool(ip), !allowed(pool.cluster) else { return }
      out.append(
        .error(
          name,
          "address \(ip) of \(owner) is inside \(pool.range), the load-balancer pool of cluster '\(pool.cluster.name)'",
          at: key ? lab.sourceMap.key(path) : lab.sourceMap.value(path), item: item,
          notes: [
            "the load balancer may hand it to a LoadBalancer service; take an address outside the pool, or shrink "
              + "the pool (declared at \(declared(pool.path, in: lab)))"
          ] + also()))
    }
    for m in lab.machines {
      claim(m.address, "machine '\(m.name)'", m.name, "machines.\(m.name).address")
    }
    for c in lab.clusters {
      for node in c.nodes where node.address != lab.machine(named: node.name)?.address {
        claim(
          node.address, "node '\(node.name)' of cluster '\(c.name)'", node.name,
          "clusters.\(c.name).nodes.\(node.name)",
          key: true)
      }
    }
    for s in lab.services {
      claim(s.ha?.vip, "the VIP of '\(s.name)'", s.name, "services.\(s.name).ha.vip")
      claim(
        s.address, "service '\(s.name)'", s.name, "services.\(s.name).address",
        also: [
          "a service may take its address from the pool of a cluster it runs on; "
            + "'\(s.name)' runs on \(s.runsOn.joined(separator: ", "))"
        ]
      ) { cluster in
        s.runsOn.contains(cluster.name) || cluster.nodes.contains { s.runsOn.contains($0.name) }
      }
    }
    return out
  }

  private func declared(_ path: String, in lab: Lab) -> String {
    lab.sourceMap.value(path)?.description ?? path
  }
}
