import Foundation
import GRDB
import Scenarios
import Workspace

// The tables of kam.sqlite as GRDB records, and their conversion to the store's values. Columns
// keep their first spelling (text weeks, priorities and timestamps), so older databases still open.

struct RequestRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "request"
    var id: String
    var week: String
    var account: String
    var skill: String
    var hours: Double
    var priority: String
    var onsite: Bool
    var singleExpert: Bool
    var requestedBy: String
    var note: String?
    var status: String
    var allocated: Double
    var createdAt: String
    var updatedAt: String
    var filedAfterVersion: Int?
    var rejectionReason: String?

    /// Read column by column: GRDB's `Decodable` path through keyed containers took a fifth of a
    /// server recommendation on a week of 5,000 requests.
    init(row: Row) throws {
        (id, week, account, skill, hours) = (try row.decode(forColumn: "id"), try row.decode(forColumn: "week"), try row.decode(forColumn: "account"),
                                             try row.decode(forColumn: "skill"), try row.decode(forColumn: "hours"))
        (priority, onsite, singleExpert, requestedBy, note) = (try row.decode(forColumn: "priority"), try row.decode(forColumn: "onsite"),
                                                               try row.decode(forColumn: "singleExpert"), try row.decode(forColumn: "requestedBy"),
                                                               try row.decode(forColumn: "note"))
        (status, allocated, createdAt, updatedAt) = (try row.decode(forColumn: "status"), try row.decode(forColumn: "allocated"),
                                                     try row.decode(forColumn: "createdAt"), try row.decode(forColumn: "updatedAt"))
        (filedAfterVersion, rejectionReason) = (try row.decode(forColumn: "filedAfterVersion"), try row.decode(forColumn: "rejectionReason"))
    }

    init(_ stored: StoredRequest) {
        (id, week, account, skill, hours) = (stored.id, stored.week.description, stored.account, stored.skill, stored.hours)
        (priority, onsite, singleExpert, requestedBy, note) = (stored.priority.rawValue, stored.onsite, stored.singleExpert, stored.requester, stored.note)
        (status, allocated, createdAt, updatedAt) = (stored.status.rawValue, stored.allocated, Timestamp.text(stored.createdAt), Timestamp.text(stored.updatedAt))
        filedAfterVersion = stored.filedAfterVersion
        rejectionReason = stored.rejectionReason
    }

    /// The stored request; a value an older or foreign writer left unreadable is an error, not a guess.
    func value() throws -> StoredRequest {
        guard let week = ISOWeek(week), let priority = Priority(rawValue: priority), let status = StoredRequest.Status(rawValue: status),
              let created = Timestamp.date(createdAt), let updated = Timestamp.date(updatedAt)
        else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "request \(id) has an unreadable week, priority, status or time") }
        let request = ExpertRequest(id: id, account: account, skill: skill, hours: hours, priority: priority, onsite: onsite,
                                    singleExpert: singleExpert, requestedBy: requestedBy, note: note)
        return StoredRequest(request: request, week: week, status: status, allocated: allocated, createdAt: created, updatedAt: updated,
                             filedAfterVersion: filedAfterVersion, rejectionReason: rejectionReason)
    }
}

struct AuditRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: String
    var actor: String
    var action: String
    var subject: String
    var detail: String

    init(_ entry: AuditEntry) {
        (id, at, actor, action, subject, detail) = (nil, Timestamp.text(entry.at), entry.actor, entry.action, entry.subject, entry.detail)
    }

    func value() -> AuditEntry {
        AuditEntry(at: Timestamp.date(at) ?? Date(timeIntervalSince1970: 0), actor: actor, action: action, subject: subject, detail: detail)
    }
}

struct PlanRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "plan"
    var id: Int64?
    var week: String
    var version: Int
    var publishedAt: String
    var publishedBy: String
    var superseded: Bool
    var objective: Double
    var planJSON: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func value() throws -> PublishedPlan {
        guard let week = ISOWeek(week), let at = Timestamp.date(publishedAt) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "plan \(id ?? 0) has an unreadable week or time")
        }
        return PublishedPlan(week: week, version: version, publishedAt: at, publishedBy: publishedBy, superseded: superseded,
                             objective: objective, planJSON: planJSON)
    }
}

struct HoursRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "planHours"
    var planId: Int64
    var expert: String
    var account: String
    var hours: Double
}
