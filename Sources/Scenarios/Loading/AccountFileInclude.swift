import Foundation

/// `accountFiles` entries may keep an account's file in a file of its own: `{account: bank-hq,
/// file: files/bank-hq.yaml}`. The file (a mapping of the same keys; its path relative to the
/// scenario naming it) is read when its scenario is, and the entry's own keys win over the file's.
/// Every value keeps the file and line it came from.
enum AccountFileInclude {
    static func resolve(_ root: DocumentNode, file: String, _ diagnostics: inout Diagnostics) -> DocumentNode {
        guard var entries = root.entries, let at = entries.firstIndex(where: { $0.key == "accountFiles" }),
              let elements = entries[at].value.elements, elements.contains(where: { $0["file"] != nil })
        else { return root }
        let directory = (file as NSString).deletingLastPathComponent
        var resolved: [DocumentNode] = []
        for element in elements {
            guard let fileNode = element["file"], var own = element.entries else {
                resolved.append(element)
                continue
            }
            own.removeAll { $0.key == "file" }
            guard let relative = fileNode.scalarText, !relative.isEmpty, !fileNode.isNull else {
                diagnostics.error("'file' of an account file is \(fileNode.kindDescription), expected the path of a .yaml or .json file", at: fileNode.location)
                resolved.append(DocumentNode(.mapping(own), at: element.location))
                continue
            }
            let path = relative.hasPrefix("/") || directory.isEmpty ? relative : directory + "/" + relative
            guard let bytes = ScenarioLoader.read(path: path, extendsAt: fileNode.location, kind: "account file", &diagnostics),
                  let included = ScenarioLoader.parseCached(bytes, file: path, &diagnostics)
            else {
                resolved.append(DocumentNode(.mapping(own), at: element.location))
                continue
            }
            var merged = included.entries ?? []
            merged.removeAll { entry in own.contains { $0.key == entry.key } }
            resolved.append(DocumentNode(.mapping(merged + own), at: element.location))
        }
        entries[at].value = DocumentNode(.sequence(resolved), at: entries[at].value.location)
        return DocumentNode(.mapping(entries), at: root.location)
    }
}
