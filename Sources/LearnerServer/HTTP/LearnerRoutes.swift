import Foundation
import Hummingbird
import SCORMRuntime

/// Routes for a learner's own data: the token decides whose; there is no learner id in these paths.
struct LearnerRoutes {
    let store: any Store

    /// A commit as it arrives in a sync request, with its target.
    struct SyncBatch: Decodable {
        let courseId: String
        let scoId: String
        let id: String
        let attempt: Int
        let seq: Int
        let values: [String: String]
        let at: Date?
    }

    struct SyncRequest: Decodable {
        let batches: [SyncBatch]
    }

    struct SyncResult: Encodable {
        let courseId: String
        let scoId: String
        let id: String
        let applied: Bool
        let errors: [ElementError]
        /// Set when the batch itself was refused (unknown course or SCO, bad attempt…), not its elements.
        let error: String?
    }

    struct MyCourse: Encodable {
        let id: String
        let version: Int
        let title: String
        let standard: SCORMStandard
        let progress: CourseProgress
    }

    static let maximumBatchesPerSync = 1000
    static let maximumElementsPerBatch = 2000

    func add(to router: RouterGroup<PortailRequestContext>) {
        router.get("me") { _, context in
            try JSONBody.response(try context.requireLearner())
        }
        router.get("me/courses") { _, context in
            let learner = try context.requireLearner()
            var courses: [MyCourse] = []
            for enrollment in try await store.enrollments(learnerId: learner.id) {
                guard let version = try await store.courseVersion(courseId: enrollment.courseId, version: enrollment.version) else {
                    continue
                }
                courses.append(MyCourse(id: version.courseId, version: version.version, title: version.title,
                                        standard: version.standard, progress: try await progress(learner, version)))
            }
            return try JSONBody.response(courses)
        }
        router.get("me/courses/:courseId/progress") { _, context in
            let learner = try context.requireLearner()
            let version = try await enrolledVersion(learner, try context.parameters.decoded("courseId"))
            return try JSONBody.response(try await progress(learner, version))
        }
        router.get("me/courses/:courseId/attendance") { request, context in
            let learner = try context.requireLearner()
            return try await Attendance.response(store: store, learner: learner,
                                                 courseId: try context.parameters.decoded("courseId"), request: request)
        }
        router.get("me/courses/:courseId/scos/:scoId/state") { _, context in
            let learner = try context.requireLearner()
            let version = try await enrolledVersion(learner, try context.parameters.decoded("courseId"))
            let sco = try scoID(version, try context.parameters.decoded("scoId"))
            let state = try await store.state(learnerId: learner.id, courseId: version.courseId, version: version.version,
                                              scoId: sco)
            guard state.attempt > 0 else { return try JSONBody.response(state) }
            // Total time is the LMS's to keep: the sum of the session times the SCO reported in this attempt.
            var values = state.values
            if version.standard == .scorm12 {
                values["cmi.core.total_time"] = TotalTime.timespan(state.reportedSeconds)
            } else {
                values["cmi.total_time"] = TotalTime.interval(state.reportedSeconds)
            }
            return try JSONBody.response(SCOState(attempt: state.attempt, seq: state.seq, values: values))
        }
        router.post("me/courses/:courseId/scos/:scoId/commits") { request, context in
            let learner = try context.requireLearner()
            let batch = try await JSONBody.decodeCommit(from: request, limit: 256 << 10)
            let version = try await enrolledVersion(learner, try context.parameters.decoded("courseId"))
            let commit = try commitRequest(learner, version, try context.parameters.decoded("scoId"), batch)
            return JSONBody.response(json: try await store.commit([commit])[0].json)
        }
        router.post("me/courses/:courseId/scos/:scoId/heartbeat") { _, context in
            let learner = try context.requireLearner()
            let version = try await enrolledVersion(learner, try context.parameters.decoded("courseId"))
            let sco = try scoID(version, try context.parameters.decoded("scoId"))
            try await store.heartbeat(learnerId: learner.id, course: version, scoId: sco, at: Date())
            return Response(status: .noContent)
        }
        router.post("me/sync") { request, context in
            let learner = try context.requireLearner()
            let body = try await JSONBody.decode(SyncRequest.self, from: request, limit: 8 << 20)
            guard body.batches.count <= Self.maximumBatchesPerSync else {
                throw APIError.badRequest("at most \(Self.maximumBatchesPerSync) batches per sync")
            }
            // Resolve every batch first; the valid ones are then applied together, in order, in one transaction.
            var results: [SyncResult?] = Array(repeating: nil, count: body.batches.count)
            var commits: [(index: Int, request: CommitRequest)] = []
            var versions: [String: CourseVersion] = [:]
            for (index, batch) in body.batches.enumerated() {
                do {
                    let version: CourseVersion
                    if let known = versions[batch.courseId] {
                        version = known
                    } else {
                        version = try await enrolledVersion(learner, batch.courseId)
                        versions[batch.courseId] = version
                    }
                    let commit = CommitBatch(id: batch.id, attempt: batch.attempt, seq: batch.seq, values: batch.values, at: batch.at)
                    commits.append((index, try commitRequest(learner, version, batch.scoId, commit)))
                } catch let error as APIError {
                    results[index] = SyncResult(courseId: batch.courseId, scoId: batch.scoId, id: batch.id, applied: false,
                                                errors: [], error: error.message)
                }
            }
            let applied = try await store.commit(commits.map(\.request))
            for (entry, result) in zip(commits, applied) {
                let batch = body.batches[entry.index]
                results[entry.index] = SyncResult(courseId: batch.courseId, scoId: batch.scoId, id: batch.id,
                                                  applied: result.applied, errors: result.errors, error: nil)
            }
            return try JSONBody.response(["results": results.compactMap { $0 }])
        }
    }

    private func enrolledVersion(_ learner: Learner, _ courseId: String) async throws -> CourseVersion {
        guard let enrollment = try await store.enrollments(learnerId: learner.id).first(where: { $0.courseId == courseId }),
              let version = try await store.courseVersion(courseId: courseId, version: enrollment.version) else {
            // The same answer whether the course exists or not: nothing leaks about other people's courses.
            throw APIError.notFound("not enrolled in '\(courseId)'")
        }
        return version
    }

    private func scoID(_ version: CourseVersion, _ scoId: String) throws -> String {
        guard version.scos.contains(where: { $0.id == scoId }) else {
            throw APIError.notFound("course '\(version.courseId)' version \(version.version) has no SCO '\(scoId)'")
        }
        return scoId
    }

    private func commitRequest(_ learner: Learner, _ version: CourseVersion, _ scoId: String, _ batch: CommitBatch) throws
        -> CommitRequest {
        let sco = try scoID(version, scoId)
        guard !batch.id.isEmpty, batch.id.count <= 100 else { throw APIError.badRequest("'id' must be 1 to 100 characters") }
        guard batch.attempt >= 1, batch.attempt <= 10_000 else { throw APIError.badRequest("'attempt' must be between 1 and 10000") }
        guard batch.seq >= 0 else { throw APIError.badRequest("'seq' must not be negative") }
        guard batch.values.count <= Self.maximumElementsPerBatch else {
            throw APIError.badRequest("at most \(Self.maximumElementsPerBatch) elements per batch")
        }
        return CommitRequest(learnerId: learner.id, course: version, scoId: sco,
                             cmiVersion: version.standard, batch: batch,
                             receivedAt: Date())
    }

    private func progress(_ learner: Learner, _ version: CourseVersion) async throws -> CourseProgress {
        try await Self.progress(store: store, learner: learner, version: version)
    }

    static func progress(store: any Store, learner: Learner, version: CourseVersion) async throws -> CourseProgress {
        try await store.progress(learnerId: learner.id, course: version)
    }
}
