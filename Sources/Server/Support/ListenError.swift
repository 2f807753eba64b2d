import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TeamServer {
    /// Whether `error`, the one the server's service ended with, is its listening socket's
    /// "address already in use" (another server has the port): `kam serve` says so in plain words.
    public static func isAddressInUse(_ error: any Error) -> Bool {
        (error as? IOError)?.errnoCode == EADDRINUSE
    }
}
