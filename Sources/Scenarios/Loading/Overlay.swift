/// What-if overlays: a file with `extends` starts from its base and changes it. Merging
/// happens on documents, before decoding, so every value keeps the file and line it came from.
enum Overlay {
    /// Lists whose entries merge by `id`.
    static let listsById = ["managers", "experts", "accounts", "requests", "recurring"]
    /// What `remove` may name, and the singular used in messages.
    static let removable = ["experts": "expert", "accounts": "account", "managers": "manager", "requests": "request"]

    static func historyKey(expert: String, account: String) -> String { expert + "\u{1F}" + account }

    /// A pin's identity: its expert and its request or account.
    static func pinKey(expert: String, target: Pin.Target) -> String {
        switch target {
        case .request(let id): historyKey(expert: expert, account: "request:" + id)
        case .account(let id): historyKey(expert: expert, account: "account:" + id)
        }
    }

    /// `overlay` applied to `base`: name and week replaced when given, policy merged deeply,
    /// lists merged by id (an entry with a known id replaces the fields it names), history by
    /// (expert, account), account files by account. `extends` and `remove` are not carried over.
    static func merge(base: DocumentNode, overlay: DocumentNode) -> DocumentNode {
        guard var entries = base.entries, let changes = overlay.entries else { return overlay }
        for change in changes where change.key != "extends" && change.key != "remove" {
            guard let at = entries.firstIndex(where: { $0.key == change.key }) else {
                entries.append(change)
                continue
            }
            let old = entries[at].value
            let merged: DocumentNode
            switch change.key {
            case "policy": merged = deepMerge(old, change.value)
            case "history", "exclusions": merged = mergeList(old, change.value) { historyIdentity($0) }
            case "pins": merged = mergeList(old, change.value) { pinIdentity($0) }
            case "accountFiles": merged = mergeList(old, change.value) { $0["account"]?.scalarText }
            case _ where listsById.contains(change.key): merged = mergeList(old, change.value) { $0["id"]?.scalarText }
            default: merged = change.value
            }
            entries[at] = DocumentNode.Entry(key: change.key, keyLocation: change.keyLocation, value: merged)
        }
        return DocumentNode(.mapping(entries), at: overlay.location)
    }

    private static func historyIdentity(_ node: DocumentNode) -> String? {
        guard let expert = node["expert"]?.scalarText, let account = node["account"]?.scalarText else { return nil }
        return historyKey(expert: expert, account: account)
    }

    /// A pin is known by its expert and its request or account.
    private static func pinIdentity(_ node: DocumentNode) -> String? {
        guard let expert = node["expert"]?.scalarText else { return nil }
        if let request = node["request"]?.scalarText { return pinKey(expert: expert, target: .request(request)) }
        if let account = node["account"]?.scalarText { return pinKey(expert: expert, target: .account(account)) }
        return nil
    }

    /// Mappings merge key by key, recursively; anything else is replaced.
    static func deepMerge(_ base: DocumentNode, _ change: DocumentNode) -> DocumentNode {
        guard var entries = base.entries, let changes = change.entries else { return change }
        for entry in changes {
            if let at = entries.firstIndex(where: { $0.key == entry.key }) {
                let merged = deepMerge(entries[at].value, entry.value)
                entries[at] = DocumentNode.Entry(key: entry.key, keyLocation: entry.keyLocation, value: merged)
            } else {
                entries.append(entry)
            }
        }
        return DocumentNode(.mapping(entries), at: change.location)
    }

    /// Entries of `change` with a known identity replace the fields they name; others are appended.
    private static func mergeList(_ base: DocumentNode, _ change: DocumentNode, identity: (DocumentNode) -> String?) -> DocumentNode {
        guard var elements = base.elements, let changes = change.elements else { return change }
        var position: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            if let id = identity(element), position[id] == nil { position[id] = index }
        }
        for element in changes {
            if let id = identity(element), let at = position[id] {
                elements[at] = fieldMerge(elements[at], element)
            } else {
                if let id = identity(element) { position[id] = elements.count }
                elements.append(element)
            }
        }
        return DocumentNode(.sequence(elements), at: change.location)
    }

    /// One entry's fields replaced by those `change` names (one level deep).
    private static func fieldMerge(_ base: DocumentNode, _ change: DocumentNode) -> DocumentNode {
        guard var entries = base.entries, let changes = change.entries else { return change }
        for entry in changes {
            if let at = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[at] = entry
            } else {
                entries.append(entry)
            }
        }
        return DocumentNode(.mapping(entries), at: change.location)
    }

    /// Applies `remove` to a merged document. Removing an account also removes its requests and
    /// history; removing an expert also removes its history. Unknown ids are errors.
    static func applyRemove(_ remove: DocumentNode, to document: DocumentNode, _ diagnostics: inout Diagnostics) -> DocumentNode {
        guard var entries = document.entries else { return document }
        guard let fields = FieldReader(remove, owner: "'remove'", allowed: ["experts", "accounts", "managers", "requests"], diagnostics: &diagnostics) else {
            return document
        }
        var removedAccounts = Set<String>()
        var removedExperts = Set<String>()
        var removedRequests = Set<String>()
        for key in ["managers", "experts", "accounts", "requests"] {
            guard let idNodes = fields.list(key, &diagnostics) else { continue }
            let kind = removable[key]!
            guard let at = entries.firstIndex(where: { $0.key == key }), var elements = entries[at].value.elements else {
                for idNode in idNodes {
                    diagnostics.error("'remove' names \(kind) '\(idNode.scalarText ?? "?")', but the scenario has no \(key)", at: idNode.location)
                }
                continue
            }
            for idNode in idNodes {
                guard let id = idNode.scalarText else {
                    diagnostics.error("'remove' entry of \(key) is \(idNode.kindDescription), expected a \(kind) id", at: idNode.location)
                    continue
                }
                guard let index = elements.firstIndex(where: { $0["id"]?.scalarText == id }) else {
                    let known = elements.compactMap { $0["id"]?.scalarText }
                    diagnostics.error("'remove' names \(kind) '\(id)', which the scenario does not have\(Suggestion.hint(for: id, among: known))", at: idNode.location)
                    continue
                }
                elements.remove(at: index)
                if key == "accounts" { removedAccounts.insert(id) }
                if key == "experts" { removedExperts.insert(id) }
                if key == "requests" { removedRequests.insert(id) }
            }
            entries[at].value = DocumentNode(.sequence(elements), at: entries[at].value.location)
        }
        // Cascade: what belonged to removed accounts and experts goes with them.
        func drop(_ key: String, where predicate: (DocumentNode) -> Bool) {
            guard let at = entries.firstIndex(where: { $0.key == key }), let elements = entries[at].value.elements else { return }
            entries[at].value = DocumentNode(.sequence(elements.filter { !predicate($0) }), at: entries[at].value.location)
        }
        if !removedAccounts.isEmpty {
            drop("requests") { request in
                guard removedAccounts.contains(request["account"]?.scalarText ?? "") else { return false }
                if let id = request["id"]?.scalarText { removedRequests.insert(id) }
                return true
            }
        }
        if !removedAccounts.isEmpty {
            for key in ["recurring", "accountFiles"] { drop(key) { removedAccounts.contains($0["account"]?.scalarText ?? "") } }
        }
        if !removedAccounts.isEmpty || !removedExperts.isEmpty {
            for key in ["history", "exclusions"] {
                drop(key) {
                    removedAccounts.contains($0["account"]?.scalarText ?? "") || removedExperts.contains($0["expert"]?.scalarText ?? "")
                }
            }
        }
        // Pins go with their expert, their account, and their request (also one removed with its account).
        if !removedAccounts.isEmpty || !removedExperts.isEmpty || !removedRequests.isEmpty {
            drop("pins") { pin in
                if removedExperts.contains(pin["expert"]?.scalarText ?? "") { return true }
                if let account = pin["account"]?.scalarText { return removedAccounts.contains(account) }
                return removedRequests.contains(pin["request"]?.scalarText ?? "")
            }
        }
        return DocumentNode(.mapping(entries), at: document.location)
    }
}
