import Scenarios
import Testing
@testable import Reports

@Suite("Output formats")
struct OutputFormatTests {
    @Test("Tables align CJK text by display width")
    func table() {
        var table = TextTable([("account", .left), ("hours", .right)])
        table.add(["东方银行", "8"])
        table.add(["bank", "12.5"])
        #expect(table.rendered() == """
            account   hours
            --------  -----
            东方银行      8
            bank       12.5

            """)
    }

    @Test("CSV quotes fields with commas, quotes and line breaks")
    func csv() {
        var csv = CSVTable(["a", "b"])
        csv.add(["x,y", "say \"hi\""])
        csv.add(["line\nbreak", "plain"])
        #expect(csv.rendered() == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",plain\n")
    }

    @Test("CSV cells a spreadsheet would run as formulas get a leading quote; numbers stay numbers")
    func csvInjection() {
        var csv = CSVTable(["cell"])
        for cell in ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-40", "+1e3", "0.5", "plain", "a=b"] { csv.add([cell]) }
        #expect(csv.rendered() == """
            cell
            "'=HYPERLINK(""http://x"",""click"")"
            '+1+1
            '-2+3
            '@SUM(A1)
            '\tx
            "'\rx"
            -40
            +1e3
            0.5
            plain
            a=b

            """)
    }

    @Test("Numbers for people and for machines")
    func numbers() {
        #expect(NumberFormat.grouped(12_500_000) == "12,500,000")
        #expect(NumberFormat.grouped(1234.5) == "1,234.5")
        #expect(NumberFormat.grouped(-0.004) == "0")
        #expect(NumberFormat.grouped(999.999) == "1,000")
        #expect(NumberFormat.percent(0.4666) == "46.7%")
        #expect(NumberFormat.percent(nil) == "-")
        #expect(JSONValue.format(8) == "8")
        #expect(JSONValue.format(4.2) == "4.2")
        #expect(JSONValue.format(-0.0) == "0")
        #expect(JSONValue.format(.nan) == "null")
    }

    @Test("JSON keeps key order and escapes")
    func json() {
        let value = JSONValue.object([("b", .number(1)), ("a", .array([.string("x\"y\n"), .null, .bool(true)])), ("c", .object([]))])
        #expect(value.rendered() == "{\n  \"b\": 1,\n  \"a\": [\n    \"x\\\"y\\n\",\n    null,\n    true\n  ],\n  \"c\": {}\n}\n")
    }
}
