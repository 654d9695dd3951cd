import GRDB
import GRDBSQLite

/// The SQLite C API on one of GRDB's prepared statements, for the statements every commit runs: GRDB's arguments
/// (an array of `DatabaseValue`s per call) cost more than SQLite's own work there.
/// Every use resets the statement, so GRDB never sees it half-stepped.
struct RawStatement {
    let statement: Statement
    let db: Database

    private var handle: OpaquePointer { statement.sqliteStatement }

    func bind(_ text: String, at index: Int32) {
        var text = text
        text.withUTF8 { bytes in
            // SQLITE_TRANSIENT: SQLite copies the bytes, which only live for this call.
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    func bind(_ bytes: [UInt8], at index: Int32) {
        bytes.withUnsafeBytes { buffer in
            // A zero-length blob still needs a non-null pointer, or SQLite binds NULL.
            _ = sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                                  unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    func bindNull(at index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Binds each value in order, from parameter 1. A parameter pack rather than an array of existentials: the
    /// array and its boxes were about 8 % of the writer's own work in a commit profile.
    func bind<each Value: RawBindable>(_ values: repeat each Value) {
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            value.bind(to: self, at: index)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Steps through the rows, handing each to `body` with column accessors.
    func forEachRow(_ body: (Row) -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code) }
            body(Row(handle: handle))
        }
    }

    /// The first column of the first row as text, if there is a row.
    func firstText() throws -> String? {
        var text: String?
        try forEachRow { row in if text == nil { text = row.text(0) } }
        return text
    }

    struct Row {
        let handle: OpaquePointer

        func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(handle, column) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))),
                          as: UTF8.self)
        }

        func integer(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

        func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

        func optionalDouble(_ column: Int32) -> Double? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
        }

        /// The column's bytes, valid only inside `body`.
        func withBytes<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) -> T) -> T {
            let base = sqlite3_column_blob(handle, column)
            return body(UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : Int(sqlite3_column_bytes(handle, column))))
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                      sql: statement.sql)
    }
}

/// What `RawStatement.bind(_:)` takes.
protocol RawBindable {
    func bind(to statement: RawStatement, at index: Int32)
}

extension String: RawBindable {
    func bind(to statement: RawStatement, at index: Int32) { statement.bind(self, at: index) }
}

extension Int: RawBindable {
    func bind(to statement: RawStatement, at index: Int32) { statement.bind(self, at: index) }
}

extension [UInt8]: RawBindable {
    func bind(to statement: RawStatement, at index: Int32) { statement.bind(self, at: index) }
}

extension Double: RawBindable {
    func bind(to statement: RawStatement, at index: Int32) { statement.bind(self, at: index) }
}

extension Optional: RawBindable where Wrapped: RawBindable {
    func bind(to statement: RawStatement, at index: Int32) {
        switch self {
        case .some(let value): value.bind(to: statement, at: index)
        case .none: statement.bindNull(at: index)
        }
    }
}
