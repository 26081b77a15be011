import Foundation
import MusterCore
import MusterTesting
import Testing

/// `-m` and `-p` with a muster.yaml: `-m` replaces `replicas:`, `-p` (Procfile only) is refused.
@Suite struct StackLoaderScaleTests {
    static let yaml = """
        services:
          api:
            command: ./api
            port: 9100
          worker:
            command: ./worker
            replicas: 2
        """

    static func plan(_ configure: (inout StackLoader.Request) throws -> Void) throws -> StackPlan {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var request = StackLoader.Request(file: try directory.write("muster.yaml", yaml))
        request.environment = [:]
        try configure(&request)
        return try StackLoader.plan(request)
    }

    @Test("-m worker=3,api=0 replaces their replicas; all=N scales every service")
    func formationReplacesReplicas() throws {
        let scaled = try Self.plan { $0.formation = try Formation.parse("worker=3,api=0") }
        #expect(scaled.instances.map(\.name) == ["worker.1", "worker.2", "worker.3"])
        let everything = try Self.plan { $0.formation = try Formation.parse("all=2") }
        #expect(everything.instances.map(\.name) == ["api.1", "api.2", "worker.1", "worker.2"])
        #expect(everything.instances.compactMap(\.port) == [9100, 9101])
        #expect(try Self.plan { _ in }.instances.map(\.name) == ["api.1", "worker.1", "worker.2"])
    }

    @Test("--abort-on-exit is the plan's: no instance restarts")
    func abortOnExit() throws {
        let plan = try Self.plan { $0.abortOnExit = true }
        #expect(plan.abortOnExit)
        #expect(plan.instances.allSatisfy { $0.restart == .no })
        #expect(try !Self.plan { _ in }.abortOnExit)
    }

    @Test("-m naming no service of the file is an error listing the services")
    func unknownName() throws {
        #expect {
            _ = try Self.plan { $0.formation = try Formation.parse("wokrer=3") }
        } throws: { error in
            "\(error)".contains("-m names \"wokrer\"") && "\(error)".contains("the services are api, worker")
        }
    }

    @Test("-p is refused for a muster.yaml, pointing at port:")
    func basePortRefused() throws {
        #expect {
            _ = try Self.plan { $0.basePort = 7000 }
        } throws: { error in
            "\(error)".contains("-p 7000 sets the first port of a Procfile's services")
        }
    }
}
