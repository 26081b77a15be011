import MusterCore
import Testing

@Suite struct FormationTests {
    static let valid: [(spec: String, formation: Formation)] = [
        ("web=2", Formation(counts: ["web": 2])),
        ("web=2,worker=3", Formation(counts: ["web": 2, "worker": 3])),
        (" web = 2 ,\tworker=0 ", Formation(counts: ["web": 2, "worker": 0])),
        ("all=2", Formation(all: 2)),
        ("all=0,web=1", Formation(counts: ["web": 1], all: 0)),
        ("web=007", Formation(counts: ["web": 7])),
    ]

    @Test(arguments: valid)
    func parsesValidSpecs(_ spec: String, _ formation: Formation) throws {
        #expect(try Formation.parse(spec) == formation)
    }

    static let counts: [(spec: String, service: String, count: Int)] = [
        ("web=2,worker=3", "web", 2),
        ("web=2,worker=3", "worker", 3),
        ("web=2,worker=3", "clock", 1),
        ("all=4,web=0", "web", 0),
        ("all=4,web=0", "worker", 4),
        ("all=0", "web", 0),
    ]

    @Test(arguments: counts)
    func countsInstances(_ spec: String, _ service: String, _ count: Int) throws {
        #expect(try Formation.parse(spec).count(for: service) == count)
    }

    @Test func defaultRunsOneOfEach() {
        #expect(Formation.default.count(for: "web") == 1)
        #expect(Formation.default.unknownNames(among: []) == [])
    }

    @Test func reportsUnknownNames() throws {
        let formation = try Formation.parse("zeta=1,web=2,all=3,alpha=0")
        #expect(formation.unknownNames(among: ["web", "worker"]) == ["alpha", "zeta"])
    }

    static let invalid: [(spec: String, description: String)] = [
        ("web", "the -m item \"web\" has no count; write it as NAME=N, such as web=2."),
        (
            "web=x",
            "the count in the -m item \"web=x\" is not a whole number of 0 or more; write it as NAME=N, such as web=2."
        ),
        ("=2", "the -m item \"=2\" has no service name; write it as NAME=N, such as web=2."),
        (
            "web=-1",
            "the count in the -m item \"web=-1\" is not a whole number of 0 or more; write it as NAME=N, such as web=2."
        ),
        (
            "web=+1",
            "the count in the -m item \"web=+1\" is not a whole number of 0 or more; write it as NAME=N, such as web=2."
        ),
        (
            "web=",
            "the count in the -m item \"web=\" is not a whole number of 0 or more; write it as NAME=N, such as web=2."
        ),
        (
            "web=99999999999999999999",
            "the count in the -m item \"web=99999999999999999999\" is not a whole number of 0 or more; "
                + "write it as NAME=N, such as web=2."
        ),
        ("web=1,worker=2,web=3", "the -m value sets \"web\" more than once; keep one item for it."),
        ("all=1, all=2", "the -m value sets \"all\" more than once; keep one item for it."),
        (
            "web=1,,worker=2",
            "the -m value has an empty item; separate NAME=N items with single commas, such as web=2,worker=3."
        ),
        ("  ", "the -m value is empty; write it as NAME=N items separated by commas, such as web=2,worker=3."),
    ]

    @Test(arguments: invalid)
    func reportsErrors(_ spec: String, _ description: String) {
        let error = #expect(throws: ConfigError.self) { try Formation.parse(spec) }
        #expect(error?.description == description)
        #expect(error?.file == nil)
    }
}
