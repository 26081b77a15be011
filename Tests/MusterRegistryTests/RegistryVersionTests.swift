import MusterRegistry
import Testing

@Suite struct RegistryVersionTests {
    @Test func reportsAConsulVersionClientsAccept() {
        let parts = MusterRegistry.consulVersion.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts[0] == 1)
    }
}
