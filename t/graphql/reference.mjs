// The reference side of the differential test: runs documents through
// graphql-js (parse, validate with specifiedRules, execute) against a schema
// read from SDL and a fixture root value, resolving every field the way the
// C driver (gql_run.c) does: the parent's property named like the field,
// abstract types by the object's "__typename", and a property
// {"__error": "msg"} throws Error(msg). One field reads its arguments:
// Query.echo returns them as coerced (a JSON object), so argument and
// variable coercion (defaults, int to float, a single value as a list)
// shows in the data.
// CLI: node reference.mjs SCHEMA.graphql FIXTURE.json DOC.graphql...
// prints one JSON line per document, the same shape gql_run prints.
import { readFileSync, existsSync } from "node:fs";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSchema, execute, parse, specifiedRules, validate } from "graphql";

export function fieldResolver(source, args, _context, info) {
    if (info.fieldName === "echo" && info.parentType.name === "Query") return args;
    if (source === null || typeof source !== "object") return undefined;
    const value = source[info.fieldName];
    if (value !== null && typeof value === "object" && typeof value.__error === "string") {
        throw new Error(value.__error);
    }
    return value;
}

export function typeResolver(value) {
    return value !== null && typeof value === "object" ? value.__typename : undefined;
}

// The document's companions: NAME.json (variables) and NAME.op (operationName).
export function readDocument(path) {
    const stem = path.replace(/\.graphql$/, "");
    return {
        name: basename(stem),
        source: readFileSync(path, "utf8"),
        variables: existsSync(`${stem}.json`) ? JSON.parse(readFileSync(`${stem}.json`, "utf8")) : undefined,
        operationName: existsSync(`${stem}.op`) ? readFileSync(`${stem}.op`, "utf8").trim() : undefined,
    };
}

// A plain JSON copy: GraphQLError's toJSON gives message, locations, path.
const plain = (errors) =>
    errors.map((e) => {
        const j = e.toJSON();
        const out = { message: j.message };
        if (j.locations) out.locations = j.locations;
        if (j.path) out.path = j.path;
        return out;
    });

export function runDocument(schema, rootValue, doc) {
    let document;
    try {
        document = parse(doc.source);
    } catch (e) {
        return { name: doc.name, phase: "parse", errors: plain([e]) };
    }
    const errors = validate(schema, document, specifiedRules);
    if (errors.length) return { name: doc.name, phase: "validate", errors: plain(errors) };
    const result = execute({
        schema,
        document,
        rootValue,
        variableValues: doc.variables,
        operationName: doc.operationName,
        fieldResolver,
        typeResolver,
    });
    const line = { name: doc.name, phase: "execute", errors: plain(result.errors ?? []) };
    if ("data" in result) line.data = JSON.parse(JSON.stringify(result.data));
    return line;
}

export function loadSchema(path) {
    return buildSchema(readFileSync(path, "utf8"));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    const [schemaPath, fixturePath, ...docs] = process.argv.slice(2);
    const schema = loadSchema(schemaPath);
    const root = JSON.parse(readFileSync(fixturePath, "utf8"));
    for (const path of docs) console.log(JSON.stringify(runDocument(schema, root, readDocument(path))));
}
