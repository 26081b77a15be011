import MusterBroker
import Testing

@Test func reportsTheNSQDVersionItIsCompatibleWith() {
    #expect(MusterBroker.nsqdVersion == "1.3.0")
}
