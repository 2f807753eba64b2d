import Testing
import Workspace

@Suite("Credentials")
struct CredentialsTests {
    // FIPS 180-2's test vectors (also `printf abc | sha256sum`).
    @Test("A token is kept as SHA-256 in lowercase hex", arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func hash(secret: String, hex: String) {
        #expect(Credentials.hash(secret) == hex)
    }

    @Test("New tokens are kam_ and 43 base64url characters, never the same twice")
    func newToken() {
        let a = Credentials.newToken(), b = Credentials.newToken()
        #expect(a.hasPrefix("kam_") && a.count == 47 && a != b)
        #expect(a.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }
}
