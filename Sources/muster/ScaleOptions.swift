import ArgumentParser
import MusterCore

/// `-m` and `-p`: how many instances of each service run and, in a Procfile, on which ports;
/// shared by `start` and `test`.
struct ScaleOptions: ParsableArguments {
    @Option(
        name: [.customShort("m"), .customLong("formation")],
        help: "Instances per service, e.g. web=2,worker=3 or all=2 (in a muster.yaml: instead of replicas:).")
    var formation: String?

    @Option(
        name: [.customShort("p"), .customLong("port")],
        help: "The first port of a Procfile's services (default: PORT from .env, else 5000).")
    var basePort: Int?

    /// Writes the options into `request`; throws when one is not valid.
    func apply(to request: inout StackLoader.Request) throws(ConfigError) {
        request.formation = try formation.map { spec throws(ConfigError) in try Formation.parse(spec) } ?? .default
        if let basePort, !(1...65535).contains(basePort) {
            throw ConfigError(
                file: nil, line: nil, message: "-p \(basePort) is not a port number; pass one from 1 to 65535")
        }
        request.basePort = basePort
    }
}
