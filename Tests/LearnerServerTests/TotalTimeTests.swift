import Testing
@testable import LearnerServer
@testable import SCORMRuntime

@Suite("Total time formats")
struct TotalTimeTests {
    @Test func timespans() {
        #expect(TotalTime.timespan(0) == "0000:00:00.00")
        #expect(TotalTime.timespan(90) == "0000:01:30.00")
        #expect(TotalTime.timespan(3723.456) == "0001:02:03.46")
        #expect(TotalTime.timespan(1e9) == "9999:00:00.00", "capped whole, not only its hours")
    }

    @Test func intervals() {
        #expect(TotalTime.interval(0) == "PT0S")
        #expect(TotalTime.interval(150) == "PT2M30S")
        #expect(TotalTime.interval(3600) == "PT1H")
        #expect(TotalTime.interval(3723.5) == "PT1H2M3.50S")
        #expect(CMIFormats.seconds(inTimeInterval: TotalTime.interval(3723.5)) == 3723.5)
        #expect(CMIFormats.seconds(inTimespan: TotalTime.timespan(3723.46)) == 3723.46)
    }

    @Test func totalsAreCappedAt9999Hours() {
        for seconds in [1e17, 1e308, .infinity] {
            #expect(TotalTime.timespan(seconds) == "9999:00:00.00")
            #expect(TotalTime.interval(seconds) == "PT9999H")
        }
        #expect(TotalTime.interval(.nan) == "PT0S")
        #expect(TotalTime.timespan(-5) == "0000:00:00.00")
        #expect(TotalTime.clamped(35_996_399.5) == 35_996_399.5)
    }
}
