// Writes the generated documents of t/data/graphql/corpus/: the
// introspection queries (graphql-js's getIntrospectionQuery()) and the
// hostile ones too big to write by hand (deep nesting, fragment cycles and
// fan-out, thousands of aliases, huge strings, long lists). Deterministic:
// run it again after a change and commit what it writes.
// Usage: node t/graphql/gen_corpus.mjs
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getIntrospectionQuery } from "graphql";

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), "..", "data", "graphql", "corpus");
const range = (n) => Array.from({ length: n }, (_, i) => i);

function write(name, source, { variables, operationName } = {}) {
    writeFileSync(join(CORPUS, `${name}.graphql`), source.endsWith("\n") ? source : `${source}\n`);
    if (variables !== undefined) writeFileSync(join(CORPUS, `${name}.json`), `${JSON.stringify(variables)}\n`);
    if (operationName !== undefined) writeFileSync(join(CORPUS, `${name}.op`), `${operationName}\n`);
}

// wrap("a { ", " }", n, inner): n levels of open ... inner ... close.
const wrap = (open, close, n, inner) => open.repeat(n) + inner + close.repeat(n);

const all = { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true };

function introspection() {
    write("introspection-query", getIntrospectionQuery(all), { operationName: "IntrospectionQuery" });
    write("introspection-query-default", getIntrospectionQuery());
    write("hn-introspection-query", getIntrospectionQuery(), { operationName: "IntrospectionQuery" });
    write("hn-introspection-query-all", getIntrospectionQuery(all));
    // What a recent GraphiQL asks: __Type.isOneOf too (graphql-js 16.9+).
    write("hn-introspection-query-oneof", getIntrospectionQuery({ ...all, oneOf: true }));
    write("introspection-query-oneof", getIntrospectionQuery({ ...all, oneOf: true }));
}

function deep() {
    // 200 levels of selection sets: the fixture's data ends long before.
    write("h-deep-200-items", `{ items { ${wrap("children { ", " }", 198, "id")} } }`);
    write("h-deep-200-human", `{ human { ${wrap("bestFriend { ", " }", 198, "name")} } }`);
    write("h-deep-200-relatives", `{ human { ${wrap("relatives { name ", " }", 198, "id")} } }`);
    write("h-deep-100-list-literal", `{ echo(json: ${wrap("[", "]", 100, "1")}) }`);
    write("h-deep-60-input-objects", `{ humans(filter: ${wrap("{and: [", "]}", 60, "{name: \"x\"}")}) { name } }`);
    write("h-deep-100-list-bad-value", `{ echo(l: ${wrap("[", "]", 100, "1")}) }`);
    write("h-deep-150-inline-fragments", `{ human { ${wrap("... on Human { ", " }", 150, "name")} } }`);
    write("h-deep-100-fragment-chain",
        `{ human { ...F0 } }\n${range(100).map((i) => `fragment F${i} on Human { name ${i < 99 ? `...F${i + 1}` : ""} }`).join("\n")}`);
    write("h-deep-100-list-type", `query Q($v: ${wrap("[", "]", 100, "Int")}) { echo(json: $v) }`);
    write("h-deep-unclosed-200", `{ ${"human { bestFriend { ".repeat(100)}`);
}

function cycles() {
    write("h-cycle-50-long",
        `{ human { ...F0 } }\n${range(50).map((i) => `fragment F${i} on Human { name ...F${(i + 1) % 50} }`).join("\n")}`);
    write("h-cycle-many-self",
        `{ human { ${range(30).map((i) => `...S${i}`).join(" ")} } }\n${range(30).map((i) => `fragment S${i} on Human { ...S${i} }`).join("\n")}`);
    write("h-cycle-dense",
        `{ human { ...F0 } }\n${range(8).map((i) => `fragment F${i} on Human { ${range(8).map((j) => `...F${j}`).join(" ")} }`).join("\n")}`);
    write("h-cycle-through-fields",
        `{ human { ...F0 } }\n${range(20).map((i) => `fragment F${i} on Human { bestFriend { ...F${(i + 1) % 20} } }`).join("\n")}`);
    write("h-cycle-unused", `{ hello }\nfragment A on Query { ...B }\nfragment B on Query { ...A }`);
}

function fanOut() {
    // Each fragment selects the next twice under two aliases: 2^n leaves.
    const levels = 12;
    write("h-fanout-12",
        `{ items { ...L0 } }\n${range(levels).map((i) =>
            `fragment L${i} on Item { id ${i < levels - 1 ? `a: children { ...L${i + 1} } b: children { ...L${i + 1} }` : "label"} }`).join("\n")}`);
    // The same fragment spread many times in one selection set.
    write("h-fanout-same-spread-1000", `{ human { ${"...F ".repeat(1000)}} }\nfragment F on Human { name age }`);
    // Many fragments spreading many fragments (validation's overlap check).
    write("h-fanout-wide-overlap",
        `{ human { ${range(40).map((i) => `...G${i}`).join(" ")} } }\n${range(40).map((i) =>
            `fragment G${i} on Human { name x${i % 5}: age bestFriend { name } }`).join("\n")}`);
    // The same field with subselections many times: pairs of pairs for the overlap check.
    write("h-overlap-800-same-nested", `{ ${"human { bestFriend { name pets { name } } } ".repeat(800)}}`);
    write("h-overlap-fragments-pairs",
        `{ human { ${range(60).map((i) => `...P${i}`).join(" ")} } }\n${range(60).map((i) =>
            `fragment P${i} on Human { bestFriend { relatives { name } x: name } }`).join("\n")}`);
    write("h-fanout-conflicts",
        `{ human { ${range(60).map((i) => `x: ${i % 2 ? "name" : "age"}`).join(" ")} } }`);
}

function wide() {
    write("h-aliases-5000", `{ ${range(5000).map((i) => `a${i}: hello`).join(" ")} }`);
    write("h-aliases-5000-nested", `{ human { ${range(5000).map((i) => `n${i}: name`).join(" ")} } }`);
    write("h-aliases-2000-errors", `{ ${range(2000).map((i) => `e${i}: fails`).join(" ")} }`);
    // graphql-js's overlap check gives up on this one ("Validation aborted.").
    write("h-fields-10000-typename", `{ ${"__typename ".repeat(10000)}}`);
    write("h-fields-600-typename", `{ ${"__typename ".repeat(600)}}`);
    write("h-unknown-fields-300", `{ ${range(300).map((i) => `nope${i}`).join(" ")} }`);
    write("h-unused-fragments-200", `{ hello }\n${range(200).map((i) => `fragment U${i} on Query { hello }`).join("\n")}`);
    write("h-unused-variables-150", `query Q(${range(150).map((i) => `$v${i}: Int`).join(", ")}) { hello }`);
    write("h-operations-1000",
        range(1000).map((i) => `query Op${i} { v${i}: hello }`).join("\n"), { operationName: "Op999" });
    write("h-directives-500-skip", `{ hello ${"@skip(if: false) ".repeat(500)}}`);
    write("h-directives-500-tag", `{ hello ${range(500).map((i) => `@tag(name: "t${i}")`).join(" ")} }`);
    write("h-arguments-300-duplicate", `{ echo(${range(300).map((i) => `s: "${i}"`).join(", ")}) }`);
    write("h-long-name-100k", `{ ${"x".repeat(100000)} }`);
    write("h-commas-100k", `{ ${",".repeat(100000)} hello }`);
    write("h-comments-10k", `${"# comment line\n".repeat(10000)}{ hello }`);
    write("h-object-fields-2000", `{ echo(json: {${range(2000).map((i) => `k${i}: ${i}`).join(", ")}}) }`);
}

function big() {
    write("h-string-1mb", `{ echo(s: "${"abcdefghij".repeat(100000)}") }`);
    write("h-block-string-1mb", `{ echo(s: """\n${"  line of block string text\n".repeat(40000)}""") }`);
    write("h-string-escapes-100k", `{ echo(s: "${"\\u00e9\\n".repeat(20000)}") }`);
    write("h-string-unterminated-1mb", `{ echo(s: "${"z".repeat(1000000)} }`);
    write("h-list-10000-ints", `{ echo(l: [${range(10000).join(", ")}]) }`);
    write("h-list-10000-one-bad", `{ echo(l: [${range(10000).map((i) => (i === 9999 ? '"bad"' : i)).join(", ")}]) }`);
    write("h-list-10000-variable", "query Q($l: [Int]) { echo(l: $l) }", { variables: { l: range(10000) } });
    write("h-list-10000-variable-one-bad", "query Q($l: [Int!]!) { echo(l: $l) }",
        { variables: { l: range(10000).map((i) => (i === 5000 ? null : i)) } });
    write("h-list-10000-strings-nonnull", `{ addTags: complicatedArgs { stringListNonNullArgField(stringListNonNullArg: [${range(10000).map((i) => `"s${i}"`).join(", ")}]) } }`);
    write("h-variable-json-10000", "query Q($j: JSON) { echo(json: $j) }",
        { variables: { j: range(10000).map((i) => ({ k: i, v: [i, `s${i}`] })) } });
    write("h-int-huge-literal", `{ echo(i: ${"9".repeat(400)}) }`);
    write("h-float-huge-literal", `{ echo(f: ${"9".repeat(400)}.5e308) }`);
}

introspection();
deep();
cycles();
fanOut();
wide();
big();
