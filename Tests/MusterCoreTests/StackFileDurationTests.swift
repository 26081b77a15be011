import Testing

@testable import MusterCore

@Suite struct StackFileDurationTests {
    /// A duration as written and what it means; nil: rejected.
    struct DurationCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: Duration?
        var testDescription: String { text }
    }

    static let durations: [DurationCase] = [
        .init(text: "1s", expected: .seconds(1)), .init(text: "500ms", expected: .milliseconds(500)),
        .init(text: "2m", expected: .seconds(120)), .init(text: "1m30s", expected: .seconds(90)),
        .init(text: "1h", expected: .seconds(3600)), .init(text: "1.5s", expected: .milliseconds(1500)),
        .init(text: "0.25m", expected: .seconds(15)), .init(text: "250us", expected: .microseconds(250)),
        .init(text: "1h2m3s4ms", expected: .seconds(3723) + .milliseconds(4)),
        .init(text: "10", expected: .seconds(10)), .init(text: "2.5", expected: .milliseconds(2500)),
        .init(text: "0", expected: .zero), .init(text: "0s", expected: .zero),
        .init(text: "\"3s\"", expected: .seconds(3)), .init(text: "${GRACE}", expected: .seconds(7)),
        .init(text: "abc", expected: nil), .init(text: "1x", expected: nil), .init(text: "-1s", expected: nil),
        .init(text: "1m30", expected: nil), .init(text: "s", expected: nil), .init(text: "1 s", expected: nil),
        .init(text: "1.2.3s", expected: nil), .init(text: "1S", expected: nil), .init(text: "\"\"", expected: nil),
        .init(text: "[1s]", expected: nil), .init(text: "99999999999999h", expected: nil),
    ]

    @Test("Durations", arguments: durations)
    func duration(_ example: DurationCase) throws {
        let yaml = "services:\n  web:\n    command: ./web\n    stop_grace_period: \(example.text)\n"
        if let expected = example.expected {
            let stack = try parseStack(yaml, environment: ["GRACE": "7s"])
            #expect(stack.services[0].stopGracePeriod == expected)
        } else {
            let error = #expect(throws: ConfigError.self) { try parseStack(yaml) }
            #expect(error?.line == 4)
            #expect(error?.column == 24)
            #expect(error?.message.hasPrefix("`stop_grace_period` must be a duration such as 1s, 500ms") == true)
        }
    }

    @Test("The accepted forms parse on their own")
    func direct() {
        #expect(DurationText.parse("1m30s") == .seconds(90))
        #expect(DurationText.parse("0.001s") == .milliseconds(1))
        #expect(DurationText.parse("1.0000000001s") == .seconds(1))
        #expect(DurationText.parse("") == nil)
        #expect(DurationText.parse(".") == nil)
    }
}
