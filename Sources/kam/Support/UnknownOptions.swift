import ArgumentParser
import Scenarios

/// Finds a mistyped long option before ArgumentParser parses, so that `kam plan FILE --otu x`
/// says "unknown option '--otu'" rather than complaining that `--out` is missing.
/// The known options are read from the command's own help text, so they always agree with it.
enum UnknownOptions {
    /// The message and the command's usage for the first unknown `--option`, or nil.
    static func check(_ arguments: [String], root: ParsableCommand.Type) -> String? {
        var command = root
        var index = 0
        // Walk the subcommand names at the front: `request add ...`.
        while index < arguments.count,
              let sub = command.configuration.subcommands.first(where: { $0._commandName == arguments[index] })
        {
            command = sub
            index += 1
        }
        let help = root.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var known: Set<String> = ["--help", "--version", "--experimental-dump-help", "--generate-completion-script"]
        var takesValue: Set<String> = []
        let words = help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "[" || $0 == "]" })
        for (position, word) in words.enumerated() where word.hasPrefix("--") && word.count > 2 {
            let name = String(word)
            known.insert(name)
            if position + 1 < words.count, words[position + 1].hasPrefix("<") { takesValue.insert(name) }
        }
        var skipNext = false
        for argument in arguments[index...] {
            if skipNext { skipNext = false; continue }
            if argument == "--" { break }
            guard argument.hasPrefix("--"), argument.count > 2 else { continue }
            let name = String(argument.split(separator: "=", maxSplits: 1)[0])
            if known.contains(name) {
                skipNext = takesValue.contains(name) && !argument.contains("=")
                continue
            }
            let hint = Suggestion.closest(to: name, in: known.sorted()).map { " Did you mean '\($0)'?" } ?? ""
            return "Error: Unknown option '\(name)'.\(hint)\nUsage: " + root.usageString(for: command) + "\n  See '\(path(to: command, from: root)) --help' for more information.\n"
        }
        return nil
    }

    /// "kam request add".
    private static func path(to command: ParsableCommand.Type, from root: ParsableCommand.Type) -> String {
        func search(_ current: ParsableCommand.Type, _ trail: [String]) -> [String]? {
            if current == command { return trail }
            for sub in current.configuration.subcommands {
                if let found = search(sub, trail + [sub._commandName]) { return found }
            }
            return nil
        }
        return (search(root, [root._commandName]) ?? [root._commandName]).joined(separator: " ")
    }
}
