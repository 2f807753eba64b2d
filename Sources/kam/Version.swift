/// The version `kam --version` prints.
enum KamVersion {
    static let string = "0.1.0"
}
