import LabCheck
import LabModel
import LabSpec
import LabTestSupport

/// Loads the simulation fixture labs and runs scenarios on them.
enum SimulationFixture {
  struct Failed: Error, CustomStringConvertible {
    var description: String
  }

  /// A fixture lab under Fixtures/simulate/NAME.
  static func lab(_ name: String) throws -> Lab {
    let result = try LabLoader().load(TestLab.repoRoot + "/Tests/LabCheckTests/Fixtures/simulate/\(name)")
    guard let lab = result.lab else { throw Failed(description: "fixture \(name) did not load: \(result.diagnostics)") }
    return lab
  }

  /// Simulates `down` (a comma-separated list) at a horizon.
  static func run(_ lab: Lab, _ down: String, _ horizon: Horizon = .today) throws -> SimulationResult {
    simulate(lab, Scenario(down: try lab.failureDomains(parsing: down).get(), horizon: horizon))
  }
}

extension SimulationResult {
  /// The verdict on an item, or a failure naming it.
  func verdict(_ name: String) throws -> ItemVerdict {
    guard let v = item(name) else { throw SimulationFixture.Failed(description: "no verdict on '\(name)'") }
    return v
  }
}
