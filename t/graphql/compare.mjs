// The differential test: every document of t/data/graphql/corpus/ through
// the C engine (the driver gql_run, built by make check) and graphql-js
// (reference.mjs), compared phase by phase. Documents named hn-* run
// against lib/apps/hn/schema.graphql and hn_fixture.json, the others
// against t/data/graphql/schema.graphql and fixture.json. Prints TAP (one
// test per document, the introspection round trips, the comparer's own
// self-tests, the driver's exit and sanitizer reports) and the line
// "graphql differential: N documents, N same, N differ".
// Usage: node t/graphql/compare.mjs PATH/TO/gql_run [NAME...]
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildClientSchema, buildSchema, introspectionFromSchema, printSchema } from "graphql";
import { loadSchema, readDocument, runDocument } from "./reference.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DATA = join(ROOT, "t/data/graphql");
const CORPUS = join(DATA, "corpus");
const SETS = [
    { schema: join(DATA, "schema.graphql"), fixture: join(DATA, "fixture.json"), hn: false },
    { schema: join(ROOT, "lib/apps/hn/schema.graphql"), fixture: join(DATA, "hn_fixture.json"), hn: true },
];
const SHOWN = 600; // characters of each side shown for a difference

const driverReports = []; // sanitizer reports and failed exits of the driver

// Runs the C driver on files; a run that dies part way is run again one
// document at a time, so one crash costs one document, not the rest.
function runDriver(driver, set, files) {
    const out = new Map();
    const run = (batch) => {
        const r = spawnSync(driver, [set.schema, set.fixture, ...batch], {
            encoding: "utf8",
            maxBuffer: 1 << 30,
            timeout: 600_000,
        });
        for (const line of (r.stdout ?? "").split("\n")) {
            if (!line) continue;
            try {
                const j = JSON.parse(line);
                out.set(j.name, j);
            } catch {
                // a line cut short by a crash: the document counts as missing
            }
        }
        const report = (r.stderr ?? "").match(/(ERROR: \w+Sanitizer|runtime error:).*/);
        if (report || r.status !== 0) driverReports.push(`${report ? report[0] : ""} (${r.signal ?? `exit ${r.status}`}, ${batch.length} documents)`);
        return r;
    };
    const r = run(files);
    if (r.status !== 0) {
        for (const f of files) {
            const name = readDocument(f).name;
            if (out.has(name)) continue;
            const one = run([f]);
            if (!out.has(name)) {
                const why = one.signal ? `signal ${one.signal}` : `exit ${one.status}`;
                out.set(name, { name, phase: "crash", errors: [{ message: `${why}: ${(one.stderr ?? "").slice(0, 2000)}` }] });
            }
        }
    }
    return out;
}

const key = (e, withPath) =>
    JSON.stringify([e.message, e.locations ?? [], ...(withPath ? [e.path ?? null] : [])]);
const multiset = (errors, withPath) => (errors ?? []).map((e) => key(e, withPath)).sort();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// Why two lines differ, or null when they do not.
function difference(c, js) {
    if (c.phase !== js.phase) return `phase: C ${c.phase}, graphql-js ${js.phase}`;
    if (c.phase === "parse") return same(multiset(c.errors), multiset(js.errors)) ? null : "parse errors";
    if (c.phase === "validate") return same(multiset(c.errors), multiset(js.errors)) ? null : "validation errors";
    if ("data" in c !== "data" in js) return `data: ${"data" in c ? "C only" : "graphql-js only"}`;
    if ("data" in c && !same(c.data, js.data)) return "data";
    return same(multiset(c.errors, true), multiset(js.errors, true)) ? null : "execution errors";
}

const cut = (s) => (s.length > SHOWN ? `${s.slice(0, SHOWN)}... (${s.length} characters)` : s);
const shown = (line) => cut(JSON.stringify(line));

// The first place where two JSON values differ: [path, a, b], or null.
function firstDifference(a, b, path = []) {
    if (same(a, b)) return null;
    if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
        if (same(Object.keys(a), Object.keys(b)) || Array.isArray(a))
            for (const k of keys) {
                const d = firstDifference(a[k], b[k], [...path, k]);
                if (d) return d;
            }
    }
    return [path, a, b];
}

// What only one side has, for the lines of a difference.
function detail(c, js) {
    const withPath = c.phase === "execute";
    if (c.phase === js.phase && "data" in c && "data" in js && !same(c.data, js.data)) {
        const [path, a, b] = firstDifference(c.data, js.data);
        return [`at data.${path.join(".")}: C ${cut(JSON.stringify(a) ?? "absent")}`,
            `at data.${path.join(".")}: graphql-js ${cut(JSON.stringify(b) ?? "absent")}`];
    }
    const ours = multiset(c.errors, withPath), theirs = multiset(js.errors, withPath);
    const minus = (x, y) => {
        const left = [...y];
        return x.filter((e) => {
            const i = left.indexOf(e);
            if (i < 0) return true;
            left.splice(i, 1);
            return false;
        });
    };
    const onlyC = minus(ours, theirs), onlyJs = minus(theirs, ours);
    return [
        ...onlyC.slice(0, 5).map((e) => `only C:          ${cut(e)}`),
        ...onlyJs.slice(0, 5).map((e) => `only graphql-js: ${cut(e)}`),
        ...(onlyC.length + onlyJs.length > 10 ? [`(${onlyC.length} only in C, ${onlyJs.length} only in graphql-js)`] : []),
    ];
}

// printSchema(buildClientSchema(our introspection)) against the SDL.
function roundTrip(cLine, want, what) {
    try {
        if (!cLine || !cLine.data) throw new Error(`no data: ${shown(cLine ?? {})}`);
        const got = printSchema(buildClientSchema(cLine.data));
        if (got === want) return { ok: true, what };
        const a = got.split("\n"), b = want.split("\n");
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        return { ok: false, what, why: `line ${i + 1}: ours ${JSON.stringify(a[i])}, wanted ${JSON.stringify(b[i])}` };
    } catch (e) {
        return { ok: false, what, why: e.message.slice(0, SHOWN) };
    }
}

// The comparer can fail: pairs that differ in one thing each must be told apart.
function selfTests() {
    const base = { name: "t", phase: "execute", errors: [{ message: "m", locations: [{ line: 1, column: 3 }], path: ["a", 0] }], data: { a: [null], b: 1 } };
    const copy = () => JSON.parse(JSON.stringify(base));
    const cases = [
        ["an identical line", copy(), null],
        ["one data value", { ...copy(), data: { a: [null], b: 2 } }, "data"],
        ["the order of data keys", { ...copy(), data: { b: 1, a: [null] } }, "data"],
        ["a column", { ...copy(), errors: [{ ...base.errors[0], locations: [{ line: 1, column: 4 }] }] }, "execution errors"],
        ["a path", { ...copy(), errors: [{ ...base.errors[0], path: ["a", 1] }] }, "execution errors"],
        ["an extra error", { ...copy(), errors: [...base.errors, base.errors[0]] }, "execution errors"],
        ["no data", (({ data, ...rest }) => rest)(copy()), "data: graphql-js only"],
        ["the phase", { ...copy(), phase: "validate" }, "phase: C validate, graphql-js execute"],
    ];
    return cases.map(([what, c, want]) => {
        const got = difference(c, base);
        return { ok: got === want, what: `the comparer tells ${what}${want ? " apart" : " the same"}`, why: `got ${got}` };
    });
}

function main() {
    const [driver, ...only] = process.argv.slice(2);
    if (!driver) {
        console.error("usage: node t/graphql/compare.mjs PATH/TO/gql_run [NAME...]");
        process.exit(2);
    }
    const files = readdirSync(CORPUS)
        .filter((f) => f.endsWith(".graphql"))
        .filter((f) => only.length === 0 || only.includes(f.replace(/\.graphql$/, "")))
        .sort();
    const tests = [];
    const lines = new Map();
    for (const set of SETS) {
        const mine = files.filter((f) => f.startsWith("hn-") === set.hn).map((f) => join(CORPUS, f));
        if (mine.length === 0) continue;
        const schema = loadSchema(set.schema);
        const root = JSON.parse(readFileSync(set.fixture, "utf8"));
        const ours = runDriver(driver, set, mine);
        for (const f of mine) {
            const doc = readDocument(f);
            const js = runDocument(schema, root, doc);
            const c = ours.get(doc.name) ?? { name: doc.name, phase: "missing", errors: [] };
            lines.set(doc.name, c);
            const why = difference(c, js);
            tests.push({ ok: !why, what: `${doc.name} (${js.phase})`, why, c, js });
        }
    }
    const documents = tests.length;
    const differ = tests.filter((t) => !t.ok).length;
    if (only.length === 0) {
        tests.push({ ok: documents >= 300, what: `the corpus has at least 300 documents (${documents})`, why: "too few" });
        const hn = readFileSync(SETS[1].schema, "utf8").trimEnd();
        tests.push(roundTrip(lines.get("hn-introspection-query"), hn,
            "printSchema of our introspection of lib/apps/hn/schema.graphql equals the file"));
        const ref = printSchema(buildClientSchema(introspectionFromSchema(buildSchema(readFileSync(SETS[0].schema, "utf8")))));
        tests.push(roundTrip(lines.get("introspection-query"), ref,
            "printSchema of our introspection of the test schema equals graphql-js's"));
    }
    tests.push(...selfTests());
    tests.push({ ok: driverReports.length === 0, what: "the C driver exits 0 with no sanitizer report",
        why: driverReports.slice(0, 5).join("; ") });
    console.log(`1..${tests.length}`);
    tests.forEach((t, i) => {
        console.log(`${t.ok ? "ok" : "not ok"} ${i + 1} - ${t.what}`);
        if (t.ok) return;
        console.log(`# ${t.why}`);
        if (!t.c) return;
        for (const l of detail(t.c, t.js)) console.log(`# ${l}`);
        console.log(`# C:          ${shown(t.c)}\n# graphql-js: ${shown(t.js)}`);
    });
    console.log(`#   graphql differential: ${documents} documents, ${documents - differ} same, ${differ} differ`);
    process.exit(tests.every((t) => t.ok) ? 0 : 1);
}

main();
