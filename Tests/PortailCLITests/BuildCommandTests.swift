import Foundation
import Testing

@Suite("portail build")
struct BuildCommandTests {
    let sample = Portail.fixtures.appendingPathComponent("sample-course").path

    @Test func buildsBothStandardsIntoAFolderWithASummary() throws {
        let output = try Portail.temporaryFolder("build")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try Portail.run(["build", sample, "--standard", "all", "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("Built \(output.path)/cafe-associatif-scorm12.zip: SCORM 1.2, 2 modules, 2 SCOs, 7 files, "))
        #expect(lines[1].hasPrefix("Built \(output.path)/cafe-associatif-scorm2004.zip: SCORM 2004 4th edition, 2 modules, 2 SCOs, "))
        for (line, name) in zip(lines, ["cafe-associatif-scorm12.zip", "cafe-associatif-scorm2004.zip"]) {
            let zip = try Data(contentsOf: output.appendingPathComponent(name))
            #expect(zip.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            // The size printed is the file's, in kB with one decimal.
            #expect(line.contains(String(format: ", %.1f kB in ", Double(zip.count) / 1000)), "\(line)")
        }
        // Written beside the destination and renamed: nothing else is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
                == ["cafe-associatif-scorm12.zip", "cafe-associatif-scorm2004.zip"])
    }

    @Test func aDestinationThatCannotBeReplacedFailsAndLeavesNothing() throws {
        let folder = try Portail.temporaryFolder("blocked")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder where the package should go: the rename fails, and the partial file is removed.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("p.zip/inside"), withIntermediateDirectories: true)
        let result = try Portail.run(["build", sample, "--output", folder.appendingPathComponent("p.zip").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: cannot write \(folder.appendingPathComponent("p.zip").path): "), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["p.zip"])
    }

    @Test func theDefaultOutputIsDistAndTheTargetChoosesTheStandard() throws {
        let folder = try Portail.temporaryFolder("dist")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Portail.run(["build", sample, "--target", "moodle"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Built dist/cafe-associatif-scorm12.zip: SCORM 1.2, "))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("dist/cafe-associatif-scorm12.zip").path))
        let cloud = try Portail.run(["build", sample, "--target", "scorm-cloud", "--output", "x.zip"], in: folder)
        #expect(cloud.stdout.hasPrefix("Built x.zip: SCORM 2004 4th edition, "))
    }

    @Test func theOpenEdXProfileBuildsOnePackagePerModule() throws {
        let folder = try Portail.temporaryFolder("openedx")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Portail.run(["build", sample, "--target", "openedx", "--output", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("Built \(folder.path)/cafe-associatif-accueil-scorm12.zip: SCORM 1.2, 1 module, 1 SCO, "))
        #expect(lines[1].hasPrefix("Built \(folder.path)/cafe-associatif-animer-scorm12.zip: SCORM 1.2, 1 module, 1 SCO, "))
        // The XBlock plays each of these whole: nothing to warn about.
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        // Several packages cannot go to one .zip.
        let zip = try Portail.run(["build", sample, "--target", "openedx", "--output", folder.appendingPathComponent("o.zip").path])
        #expect(zip.status == 2)
        #expect(zip.stderr.contains("error: one package per module makes 2 packages: give --output a folder, not a .zip"))
    }

    @Test func theOpenEdXProfileWarnsWhenAskedForOnePackage() throws {
        let folder = try Portail.temporaryFolder("openedx-one")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Portail.run(["build", sample, "--target", "openedx", "--package-per", "course",
                                      "--output", folder.appendingPathComponent("o.zip").path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("SCORM 1.2, 2 modules, 2 SCOs"))
        #expect(result.stderr.hasPrefix("warning: Open edX's SCORM XBlock launches only the first SCO of a package; this one has 2."))
        let wrong = try Portail.run(["build", sample, "--package-per", "lesson"])
        #expect(wrong.status != 0 && wrong.stderr.contains("--package-per must be 'course' or 'module'"))
    }

    @Test func courseErrorsStopTheBuild() throws {
        let course = try Portail.temporaryFolder("broken-build")
        defer { try? FileManager.default.removeItem(at: course) }
        try FileManager.default.removeItem(at: course)
        try FileManager.default.copyItem(atPath: sample, toPath: course.path)
        try Data("passingScore: 7\n".utf8).write(to: course.appendingPathComponent("02-animer/quiz.yaml"))
        let result = try Portail.run(["build", course.path, "--output", course.appendingPathComponent("out.zip").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("02-animer/quiz.yaml:1:1: error: missing required key 'questions' in quiz"))
        #expect(!FileManager.default.fileExists(atPath: course.appendingPathComponent("out.zip").path))
    }

    @Test func aThemeFolderOverridesTheTemplate() throws {
        let folder = try Portail.temporaryFolder("theme")
        defer { try? FileManager.default.removeItem(at: folder) }
        let theme = folder.appendingPathComponent("theme")
        try FileManager.default.createDirectory(at: theme, withIntermediateDirectories: true)
        try Data("<html lang=\"{{language}}\"><body data-theme=\"maison\">{{scoTitle}}</body></html>".utf8)
            .write(to: theme.appendingPathComponent("sco.mustache"))
        let zip = folder.appendingPathComponent("p.zip")
        let result = try Portail.run(["build", sample, "--standard", "scorm12", "--theme", theme.path, "--output", zip.path])
        #expect(result.status == 0, "\(result.stderr)")
        let listing = try unzipPrint(zip, "sco/accueil.html")
        #expect(listing == "<html lang=\"fr\"><body data-theme=\"maison\">Accueillir</body></html>")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Portail.run(["build", sample, "--target", "blackboard"]).status == 2)
        #expect(try Portail.run(["build", sample, "--sco-per", "page"]).status == 2)
        #expect(try Portail.run(["build", sample, "--standard", "all", "--output", "x.zip"]).status == 2)
        #expect(try Portail.run(["build", "/nonexistent"]).status == 2)
    }

    func unzipPrint(_ zip: URL, _ entry: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
                             zip.path, entry]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
