import Crypto
import Foundation
import HummingbirdBcrypt

/// Making and checking secrets: API tokens (256 random bits, kept as SHA-256), passwords (bcrypt),
/// session ids and CSRF tokens. Tokens are long and random, so one SHA-256 is enough to keep them;
/// passwords are chosen by people, so they get bcrypt's deliberate slowness.
public enum Credentials {
    /// bcrypt's cost: 2^10 rounds, about 60 ms on this machine's cores.
    static let bcryptCost: UInt8 = 10
    /// The shortest password accepted.
    public static let minimumPasswordLength = 10
    /// The longest: bcrypt reads at most 72 bytes.
    public static let maximumPasswordBytes = 72

    /// A new secret: `prefix` and 32 random bytes in base64url (43 characters).
    public static func newSecret(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A new API token: `kam_` and 43 characters.
    public static func newToken() -> String { newSecret(prefix: "kam_") }

    /// SHA-256 of `secret`, in hex: what the store keeps of a token or a session id.
    public static func hash(_ secret: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The bcrypt hash of a password.
    public static func hashPassword(_ password: String) -> String {
        Bcrypt.hash(password, cost: bcryptCost)
    }

    /// True when `password` matches the bcrypt `hash`.
    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Compares two secrets in time that does not depend on where they differ.
    /// This process's key for `signed(_:)` (a restart forgets it: an old link shows no notice).
    private nonisolated(unsafe) static let noticeKey = SymmetricKey(size: .bits256)  // immutable once made

    /// An HMAC-SHA256 of `text` under this process's key, in hex: a page shows a notice handed to
    /// it in its address only when the server wrote it (`/planner?done=...&sig=...`).
    public static func signed(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: noticeKey).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is `signed(text)`.
    public static func isSigned(_ text: String, signature: String) -> Bool {
        constantTimeEqual(signed(text), signature)
    }

    /// Whether `secret` can be one kam made (a token, a session cookie, a feed token): 1 to 256
    /// printable ASCII characters. Anything else (a NUL, a control character, a space) is refused
    /// before any lookup: a store that cut it short at a NUL would otherwise find someone.
    public static func isWellFormed(_ secret: String) -> Bool {
        let bytes = secret.utf8
        return !bytes.isEmpty && bytes.count <= 256 && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }

    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
