import Foundation
import Hummingbird
import NIOCore

/// A course version's report, read from the summaries: a few set-based queries, the learner lines a page at a time.
enum Reports {
    /// Learner lines read per query.
    static let page = 1000

    static func report(store: any Store, course: CourseVersion) async throws -> CourseReport {
        let summary = try await store.reportSummary(course: course)
        var lines: [CourseReport.LearnerLine] = []
        lines.reserveCapacity(summary.enrolled)
        while true {
            let next = try await store.reportLines(course: course, after: lines.last?.learnerId, limit: page)
            lines += next
            if next.count < page { break }
        }
        return summary.with(learners: lines)
    }

    /// The CSV, written as it is read: each page of learners goes out before the next is read, so a report over
    /// tens of thousands of learners starts at once and holds one page in memory.
    static func csv(store: any Store, course: CourseVersion) async throws -> Response {
        let summary = try await store.reportSummary(course: course)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CSV.document(header: CourseReport.csvHeader, rows: summary.csvHead())))
            var after: String?
            while true {
                let lines = try await store.reportLines(course: course, after: after, limit: page)
                if !lines.isEmpty { try await writer.write(ByteBuffer(string: CSV.rows(CourseReport.csvRows(lines)))) }
                after = lines.last?.learnerId
                if lines.count < page { break }
            }
            try await writer.write(ByteBuffer(string: CSV.rows(summary.csvTail())))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"\(course.courseId)-v\(course.version)-report.csv\""],
                        body: body)
    }
}

/// A learner's attendance record in a course, per day, for training audits.
enum Attendance {
    struct Record: Encodable {
        let learnerId: String
        let name: String
        let courseId: String
        let version: Int
        let totalSeconds: Double
        let days: [TimeOnTask.Day]
    }

    static func response(store: any Store, learner: Learner, courseId: String, request: Request) async throws -> Response {
        guard let enrollment = try await store.enrollments(learnerId: learner.id).first(where: { $0.courseId == courseId }),
              let course = try await store.courseVersion(courseId: courseId, version: enrollment.version) else {
            throw APIError.notFound("not enrolled in '\(courseId)'")
        }
        let format = try ResponseFormat(request)
        let (total, days) = try await store.attendance(learnerId: learner.id, course: course)
        if format == .csv {
            let rows = days.map { [learner.name, courseId, $0.date, InternetDate.string(from: $0.firstActivity),
                                   InternetDate.string(from: $0.lastActivity), String(Int($0.seconds / 60))] }
            return CSV.response(CSV.document(header: ["learner", "course", "date", "first_activity", "last_activity", "minutes"],
                                             rows: rows), filename: "\(courseId)-attendance.csv")
        }
        return try JSONBody.response(Record(learnerId: learner.id, name: learner.name, courseId: courseId,
                                            version: enrollment.version, totalSeconds: total, days: days))
    }
}
