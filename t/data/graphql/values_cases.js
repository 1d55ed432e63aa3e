// The cases of t/unit/graphql_values_test.c with graphql-js 16's answers:
//   node t/data/graphql/values_cases.js > t/unit/graphql_values_cases.h
// (needs `npm install graphql@16`; NODE_PATH may point at its node_modules).
const g = require('graphql');
const fs = require('fs');
const path = require('path');

const schema = g.buildSchema(fs.readFileSync(path.join(__dirname, 'values_schema.graphql'), 'utf8'));
const groups = {
  values: ['ValuesOfCorrectType', 'UniqueInputFieldNames', 'VariablesInAllowedPosition'],
  overlap: ['OverlappingFieldsCanBeMerged'],
};
const cases = [
  ['values', '{ complicatedArgs { intArgField(intArg: "x") } }'],
  ['values', '{ complicatedArgs { a: intArgField(intArg: 2147483648) b: intArgField(intArg: -2147483649) c: intArgField(intArg: 2147483647) d: intArgField(intArg: -2147483648) e: intArgField(intArg: 1.5) } }'],
  ['values', '{ complicatedArgs { a: floatArgField(floatArg: "1.5") b: floatArgField(floatArg: 1) c: floatArgField(floatArg: 1e3) d: floatArgField(floatArg: true) } }'],
  ['values', '{ complicatedArgs { a: stringArgField(stringArg: 1) b: stringArgField(stringArg: FOO) c: booleanArgField(booleanArg: 1) d: idArgField(idArg: 1.5) e: idArgField(idArg: 1) f: idArgField(idArg: "x") g: idArgField(idArg: true) } }'],
  ['values', '{ complicatedArgs { a: enumArgField(enumArg: "BROWN") b: enumArgField(enumArg: brown) c: enumArgField(enumArg: 1) d: enumArgField(enumArg: PURPLE) e: enumArgField(enumArg: BLACK) } }'],
  ['values', '{ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) intArgField(intArg: null) } }'],
  ['values', '{ complicatedArgs { a: stringListArgField(stringListArg: ["a", 1, null]) b: stringListArgField(stringListArg: "one") c: stringListNonNullArgField(stringListNonNullArg: ["x", null]) d: stringListArgField(stringListArg: [["nested"]]) } }'],
  ['values', '{ complicatedArgs { a: intArgField(intArg: [1, "x"]) b: nonNullIntArgField(nonNullIntArg: [1]) c: complexArgField(complexArg: [{requiredField: true}]) } }'],
  ['values', '{ complicatedArgs { complexArgField(complexArg: {intField: 4}) } }'],
  ['values', '{ complicatedArgs { complexArgField(complexArg: {requiredField: true, intFeild: 1, nested: {requiredField: false, stringField: 2}}) } }'],
  ['values', '{ complicatedArgs { a: intArgField(intArg: {a: 1, a: 2}) b: customArgField(customArg: {a: 1, a: 2, a: 3, b: [{c: 1, c: 2}]}) c: complexArgField(complexArg: {requiredField: true, requiredField: false}) } }'],
  ['values', '{ complicatedArgs { a: customArgField(customArg: [1, "x", {y: ENUM}, null]) b: unknownField(x: {a: 1, a: 2}) c: intArgField(unknownArg: "x") } }'],
  ['values', 'query Q($a: Int = "x", $b: Int! = null, $c: ComplexInput = {intField: "y"}, $d: [Int] = [1, "z"], $e: Unknown = 1) { dog { name } }'],
  ['values', '{ dog @include(if: "yes") { name @skip(if: 1) @withArg(value: "x", list: [1]) } }'],
  ['values', '{ complicatedArgs { intArgField(intArg: 1) @unknown(intArg: "x") } }'],
  ['values', '{ complicatedArgs { a: intArgField(intArg: """block""") b: intArgField(intArg: "a\\"b\\n\\u0001\\u0085\\t") c: intArgField(intArg: """  indented\n  two""") d: intArgField(intArg: """contains \\""" triple""") e: enumArgField(enumArg: "tan") } }'],
  ['values', 'query ($v: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } }'],
  ['values', 'query ($v: Int = 1, $w: Int = null, $x: Int) { complicatedArgs { a: nonNullIntArgField(nonNullIntArg: $v) b: nonNullIntArgField(nonNullIntArg: $w) c: nonNullFieldWithDefault(arg: $x) } }'],
  ['values', 'query ($s: String, $l: [String], $n: String!, $ll: [[String]]) { complicatedArgs { a: intArgField(intArg: $s) b: stringListNonNullArgField(stringListNonNullArg: $l) c: stringListNonNullArgField(stringListNonNullArg: [$n, $s]) d: stringListArgField(stringListArg: $ll) e: stringArgField(stringArg: $l) f: stringListArgField(stringListArg: $n) } }'],
  ['values', 'query Q($v: Int) { ...F dog { ...G } } query R($v: Int!) { ...F } fragment F on QueryRoot { complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } } fragment G on Dog { isAtLocation(x: $v) }'],
  ['values', 'query ($b: Boolean, $c: Boolean) { complicatedArgs { complexArgField(complexArg: {requiredField: $b, nonNullField: $c, stringListField: [$b]}) } }'],
  ['values', 'query ($v: String, $w: String!) { __type(name: $v) { name } b: __type(name: $w) { name } dog @include(if: $v) { name @withArg(value: $v) } }'],
  ['values', 'query ($v: Int, $v: Int!) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $v) } }'],
  ['values', 'query ($v: Dog) { complicatedArgs { stringArgField(stringArg: $v) intArgField(intArg: $undefined) } }'],
  ['values', 'query { ...A } fragment A on QueryRoot { ...B complicatedArgs { intArgField(intArg: "a") } } fragment B on QueryRoot { ...A complicatedArgs { intArgField(intArg: "b") } }'],
  ['overlap', '{ dog { name: nickname name } }'],
  ['overlap', '{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) doesKnowCommand } }'],
  ['overlap', '{ dog { isAtLocation(x: 0, y: 1) isAtLocation(y: 1, x: 0) a: isAtLocation(x: 0) a: isAtLocation(x: 0) } }'],
  ['overlap', '{ catOrDog { ... on Dog { x: barkVolume } ... on Cat { x: name } } }'],
  ['overlap', '{ dog { mother { name: nickname } mother { name } } }'],
  ['overlap', '{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: nickname }'],
  ['overlap', '{ dog { x: name ...B } } fragment B on Dog { x: barks }'],
  ['overlap', '{ pet { ... on Dog { name: nickname } ... on Cat { name } } }'],
  ['overlap', '{ dog { mother { mother { x: name y: barks } } mother { mother { x: nickname y: barkVolume } } } }'],
  ['overlap', '{ dog { ...A } } fragment A on Dog { ...B name } fragment B on Dog { ...A name: nickname }'],
  ['overlap', '{ dog { ...Missing x: unknown x: name } unknownRoot { a b a: b } }'],
  ['overlap', '{ catOrDog { ... on Dog { x: mother { name } } ... on Cat { x: name } } }'],
  ['overlap', '{ dog { name: __typename name } }'],
  ['overlap', '{ dog { ... on Dog { name } ... { name: nickname } } }'],
  ['overlap', '{ human { relatives { name } relatives { name: pets } } pet { ... on Dog { name } ...on Cat { name(surname: true) } } }'],
  ['overlap', '{ dog { doesKnowCommand(dogCommand: SIT) ... on Dog { doesKnowCommand(dogCommand: $c) } } }'],
  ['overlap', 'query A { dog { x: name } ...F } query B { dog { x: nickname } } fragment F on QueryRoot { dog { x: barks } }'],
  ['overlap', '{ dog { x: name } dog { x: nickname } dog { x: barks } }'],
  ['overlap', '{ a: dog { name } a: cat { name } b: human { name } b: human { name(surname: true) } }'],
  ['values', '{ complicatedArgs { a: oneOfArgField(oneOfArg: {stringField: "a", intField: 1}) b: oneOfArgField(oneOfArg: {stringField: null}) c: oneOfArgField(oneOfArg: {}) d: oneOfArgField(oneOfArg: {stringField: "a"}) e: oneOfArgField(oneOfArg: {intField: 1, intField: null}) } }'],
  ['values', 'query ($s: String, $t: String!, $o: OneOfInput) { complicatedArgs { a: oneOfArgField(oneOfArg: {stringField: $s}) b: oneOfArgField(oneOfArg: {stringField: $t}) c: oneOfArgField(oneOfArg: $o) d: oneOfListArgField(oneOfListArg: [{intField: $s}]) } }'],
  ['overlap', '{ someBox { ... on IntBox { scalar } ... on NonNullStringBox1 { scalar } } }'],
  ['overlap', '{ someBox { ... on IntBox { scalar } ... on StringBox { scalar } } }'],
  ['overlap', '{ someBox { ... on IntBox { box: listStringBox { scalar } } ... on StringBox { box: stringBox { scalar } } } }'],
  ['overlap', '{ someBox { ... on NonNullStringBox1 { scalar } ... on StringBox { scalar } } }'],
  ['overlap', '{ someBox { ... on IntBox { box: stringBox { val: scalar val: unrelatedField } } ... on StringBox { box: stringBox { val: scalar } } } }'],
  ['overlap', '{ someBox { ...on IntBox { deepBox { scalar } } ...on StringBox { deepBox { scalar } } } }'],
  ['overlap', '{ someBox { ... on NonNullStringBox1 { scalar } ... on NonNullStringBox2 { scalar } } }'],
  ['overlap', '{ connection { ...edgeID edges { node { id: name } } } } fragment edgeID on Connection { edges { node { id } } }'],
  ['overlap', '{ someBox { ... on IntBox { listStringBox { scalar } } ... on StringBox { listStringBox { scalar: unrelatedField } } } }'],
  ['overlap', '{ someBox { unrelatedField ... on StringBox { unrelatedField: scalar } } }'],
  ['overlap', '{ field: dog { name } field: dog { name: nickname } ...F } fragment F on QueryRoot { field: cat { name } }'],
  ['values', 'type Foo @withArg(value: "x") { f(a: Int = "y" @withArg(value: {a: 1, a: 2})): Int @skip(if: 1) }\nscalar S @include(if: "no") @unknown(if: 1)\ninput I { a: Int = {b: 1, b: 2} }\nenum E { A @withArg(value: null) }\nschema @withArg(value: "s") { query: QueryRoot }\ndirective @d(a: Int = {c: 1, c: 1} @withArg(value: "q")) on FIELD\nextend type Dog @withArg(value: "e")'],
  ['values', '{ __type(name: 1) { name fields(includeDeprecated: "yes") { name } } __schema { types { name } } __typename(x: 1) }'],
  ['values', '{ complicatedArgs { a: enumArgField(enumArg: "é\u{1F600}") b: intArgField(intArg: "\u{1F600}x\u007F") c: intArgField(intArg: """a very long block string that goes on and on past seventy characters in all""") d: intArgField(intArg: """ leading space""") e: enumArgField(enumArg: "NO-FUR") f: enumArgField(enumArg: B) g: enumArgField(enumArg: "") } }'],
  ['overlap', '{ __schema { types { name } types { name: description } } __type(name: "Dog") { fields { name } f: fields { name } } }'],
  ['overlap', '{ dog { ... on Dog { ... on Dog { x: name } } ... { x: nickname } } }'],
  ['overlap', 'fragment A on Dog { x: name ... on Cat { x: meows } } { catOrDog { ...A } }'],
  ['overlap', '{ dog { isAtLocation(x: 1) isAtLocation(x: 1.0) b: isAtLocation(x: $v) b: isAtLocation(x: $w) c: isAtLocation(x: "s") c: isAtLocation(x: """s""") } }'],
  ['overlap', '{ complicatedArgs { complexArgField(complexArg: {a: 1, b: [2]}) complexArgField(complexArg: {b: [2], a: 1}) x: complexArgField(complexArg: {a: 1}) x: complexArgField(complexArg: {a: 1, a: 1}) } }'],
  ['values', '{ complicatedArgs { a: enumArgField(enumArg: BLAC) b: enumArgField(enumArg: "TA") c: enumArgField(enumArg: NOFUR) d: enumArgField(enumArg: UNKNOWNN) e: enumArgField(enumArg: N) f: enumArgField(enumArg: brOWN) g: complexArgField(complexArg: {requiredField: true, stringFeld: "x", Intfield: 1, boolField: true, field: 1, nest: null}) } }'],
  ['overlap', '{ dog { ' + 'a'.repeat(1005) + ': name ' + 'a'.repeat(1005) + ': nickname } }'],
  ['overlap', '{ dog { mother { ' + Array.from({ length: 40 }, (_, i) => `f${i}: name`).join(' ') + ' } mother { ' + Array.from({ length: 40 }, (_, i) => `f${i}: nickname`).join(' ') + ' } } }'],
];

// A C string literal: octal escapes for bytes outside printable ASCII.
function cstr(s) {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (c === '\\' || c === '"') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
    else out += c;
  }
  return '"' + out + '"';
}

for (const [group, doc] of cases) {
  const rules = groups[group].map((r) => g[r + 'Rule']);
  const errors = g.validate(schema, g.parse(doc), rules);
  const json = JSON.stringify(errors.map((e) => (e.locations ? { message: e.message, locations: e.locations } : { message: e.message })));
  console.log(`    {${group === 'values' ? 'GROUP_VALUES' : 'GROUP_OVERLAP'}, ${cstr(doc)},\n     ${cstr(json)}},`);
}
