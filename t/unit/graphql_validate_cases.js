// The cases of t/unit/graphql_validate_test.c and graphql-js's answers to
// them: prints the C table that the test's `cases` array holds (paste it
// there after changing a case or the schema).
// Usage: NODE_PATH=t/graphql/node_modules node t/unit/graphql_validate_cases.js
// (any graphql@16 install will do for NODE_PATH).
"use strict";
const { buildSchema, parse, validate } = require("graphql");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..", "..");
const sdl = fs.readFileSync(path.join(root, "t/data/graphql/validation_schema.graphql"), "utf8");

const cases =
[
// ExecutableDefinitions
["ExecutableDefinitions valid", `query Foo { dog { name } } fragment Frag on Dog { name } { ...Frag }`.replace("query Foo { dog { name } } ","")],
["ExecutableDefinitions type", `query Foo { dog { name } }
type Cow { name: String }
extend type Dog { color: String }`],
["ExecutableDefinitions schema", `schema { query: QueryRoot }
directive @foo on FIELD
{ dog { name } }`],
// UniqueOperationNames
["UniqueOperationNames valid", `query Foo { dog { name } } query Bar { cat { name } }`],
["UniqueOperationNames dup", `query Foo { dog { name } }
query Foo { cat { name } }
mutation Foo { adopt }
subscription Foo { newDog { name } }`],
// LoneAnonymousOperation
["LoneAnonymousOperation valid", `{ dog { name } } fragment F on Dog { name }`.replace(" fragment F on Dog { name }","")],
["LoneAnonymousOperation multiple", `{ dog { name } }
{ cat { name } }
query Named { alien { name } }`],
// SingleFieldSubscriptions
["SingleFieldSubscriptions valid", `subscription { newDog { name } } `],
["SingleFieldSubscriptions two", `subscription ImportantEmails { newDog { name } newCat { name } }`],
["SingleFieldSubscriptions fragments", `subscription { ...F newCat { name } ... on SubscriptionRoot { dogBarks } dogBarks @skip(if: true) }
fragment F on SubscriptionRoot { newDog { name } newCat { name } }`],
["SingleFieldSubscriptions anon introspection", `subscription { __typename }`],
["SingleFieldSubscriptions named introspection", `subscription Intro { a: __typename b: __typename }`],
["SingleFieldSubscriptions alias", `subscription { a: newDog { name } a: newDog { nickname } }`],
["SingleFieldSubscriptions include false", `subscription { newDog { name } newCat @include(if: false) { name } }`],
// KnownTypeNames
["KnownTypeNames valid", `query Foo($var: String, $required: [Int!]!, $c: ComplexInput) { human(id: 4) { pets { ... on Pet { name }, ...PetFields, ... { name } } } }
fragment PetFields on Pet { name }`],
["KnownTypeNames unknown", `query Foo($var: JumbledUpLetters, $l: [[Strin!]]!) { human(id: 4) { name pets { ... on Badger { name }, ...PetFields } } }
fragment PetFields on Peat { name }`],
["KnownTypeNames doc defined", `query Foo($var: Cow) { dog { name } } type Cow { name: String }`],
// FragmentsOnCompositeTypes
["FragmentsOnCompositeTypes valid", `fragment validFragment on Dog { barks } fragment u on CatOrDog { __typename } fragment i on Pet { name } { dog { ...validFragment ... on Dog { barks } ... { barks } } catOrDog { ...u } pet { ...i } }`],
["FragmentsOnCompositeTypes scalar", `fragment scalarFragment on Boolean { bad }
fragment inputFragment on ComplexInput { stringField }
fragment enumFragment on FurColor { x }
{ dog { ... on String { x } ...scalarFragment ...inputFragment ...enumFragment } }`],
// VariablesAreInputTypes
["VariablesAreInputTypes valid", `query Foo($a: String, $b: [Boolean!]!, $c: ComplexInput, $d: FurColor) { complicatedArgs { stringArgField(stringArg: $a) booleanArgField(booleanArg: $b) complexArgField(complexArg: $c) enumArgField(enumArg: $d) } }`],
["VariablesAreInputTypes output", `query Foo($a: Dog, $b: [[CatOrDog!]]!, $c: Pet) { dog(a: $a, b: $b, c: $c) { name } }`],
// ScalarLeafs
["ScalarLeafs valid", `{ dog { barks name } __typename }`],
["ScalarLeafs missing", `query directQueryOnObjectWithoutSubFields { human }
{ human { pets } dog { mother } }`],
["ScalarLeafs leaf with selection", `{ dog { barks { sinceWhen } name(surname: true) { x } } human { relatives { name { a } } } }`],
["ScalarLeafs meta", `{ __typename { x } __schema __type(name: "Dog") }`],
// FieldsOnCorrectType
["FieldsOnCorrectType valid", `fragment f on Pet { __typename name } { dog { ...f } catOrDog { __typename ... on Dog { name } } __schema { queryType { name } } __type(name: "Dog") { name } }`],
["FieldsOnCorrectType typo", `{ dog { nam barkVolum meowVolume unknown_field } human { pets { nam } } }`],
["FieldsOnCorrectType abstract suggestion", `{ pet { barkVolume meowsVolume } catOrDog { name barks } being { iq mother } dogOrHuman { name } }`],
["FieldsOnCorrectType meta wrong place", `{ dog { __schema { queryType { name } } __type(name: "X") { name } } }`],
["FieldsOnCorrectType many suggestions", `{ complicatedArgs { multipleRe multipleOpt stringListArgFiel } }`],
["FieldsOnCorrectType unknown parent", `{ dog { ... on Cow { x } } unknown { a { b } } }`],
["FieldsOnCorrectType mutation", `mutation { renameDog(name: "x") { name } adopt kill }`],
["FieldsOnCorrectType nested unknown type", `query ($v: Int) { human { relatives { pets { ... on Dog { barks barkz } } } } }`],
// UniqueFragmentNames
["UniqueFragmentNames valid", `{ dog { ...fragA ...fragB } } fragment fragA on Dog { name } fragment fragB on Dog { nickname }`],
["UniqueFragmentNames dup", `{ dog { ...fragA } }
fragment fragA on Dog { name }
fragment fragA on Dog { barks }
fragment fragA on Dog { nickname }`],
// KnownFragmentNames
["KnownFragmentNames unknown", `{ human(id: 4) { ...HumanFields1 ... on Human { ...UnknownFragment2 } ...  UnknownFragment1 } }
fragment HumanFields1 on Human { name ...UnknownFragment3 }`],
// NoUnusedFragments
["NoUnusedFragments unused", `query Foo { human(id: 4) { ...HumanFields1 } }
fragment HumanFields1 on Human { name ...HumanFields3 }
fragment HumanFields2 on Human { name }
fragment HumanFields3 on Human { name }
fragment Unused1 on Human { name }
fragment Unused2 on Human { name ...Unused1 }`],
["NoUnusedFragments no operations", `fragment A on Dog { name }`],
// PossibleFragmentSpreads
["PossibleFragmentSpreads valid", `fragment objectWithinObject on Dog { ...dogFragment }
fragment dogFragment on Dog { barkVolume }
fragment objectWithinInterface on Pet { ...dogFragment }
fragment objectWithinUnion on CatOrDog { ...dogFragment }
fragment unionWithinObject on Dog { ...catOrDogFragment }
fragment catOrDogFragment on CatOrDog { __typename }
fragment interfaceWithinInterface on Canine { ...beingFragment }
fragment beingFragment on Being { name }
{ dog { ...objectWithinObject ...unionWithinObject } pet { ...objectWithinInterface } catOrDog { ...objectWithinUnion } canine { ...interfaceWithinInterface } }`],
["PossibleFragmentSpreads invalid", `fragment invalidObjectWithinObject on Cat { ...dogFragment }
fragment dogFragment on Dog { barkVolume }
fragment invalidInline on Cat { ... on Dog { barkVolume } }
fragment invalidUnion on CatOrDog { ... on Human { name } ...humanOrAlien }
fragment humanOrAlien on HumanOrAlien { __typename }
fragment invalidInterface on Pet { ... on Intelligent { iq } ... on Alien { name } }
fragment unknownSpread on Dog { ...nope ... on Nope { x } }
{ cat { ...invalidObjectWithinObject ...invalidInline } catOrDog { ...invalidUnion } pet { ...invalidInterface } dog { ...unknownSpread } }`],
// NoFragmentCycles
["NoFragmentCycles valid", `{ dog { ...fragA } } fragment fragA on Dog { ...fragB } fragment fragB on Dog { name ...fragC } fragment fragC on Dog { name }`],
["NoFragmentCycles self", `{ dog { ...fragA } } fragment fragA on Dog { ...fragA }`],
["NoFragmentCycles deep", `{ dog { ...fragA } }
fragment fragA on Dog { ...fragB }
fragment fragB on Dog { ...fragC }
fragment fragC on Dog { ...fragO }
fragment fragX on Dog { ...fragY }
fragment fragY on Dog { ...fragZ }
fragment fragZ on Dog { ...fragO }
fragment fragO on Dog { ...fragP }
fragment fragP on Dog { ...fragA, ...fragX }`],
["NoFragmentCycles multiple", `{ dog { ...fragA ...fragB } }
fragment fragA on Dog { ...fragB, ...fragC }
fragment fragB on Dog { ...fragA }
fragment fragC on Dog { mother { ...fragA father { ...fragB } } ...fragC }`],
["NoFragmentCycles nested stack order", `fragment A on Dog { mother { ...C } father { ...D } ...B }
fragment B on Dog { ...A }
fragment C on Dog { ...A }
fragment D on Dog { ...A }
{ dog { ...A } }`],
// UniqueVariableNames
["UniqueVariableNames dup", `query A($x: Int, $x: Int, $x: String) { __typename }
query B($x: String, $y: String, $x: Int) { __typename }
query C($x: Int, $y: Int) { __typename }`],
// NoUndefinedVariables
["NoUndefinedVariables valid", `query Foo($a: String, $b: String, $c: String) { ...FragA } fragment FragA on QueryRoot { complicatedArgs { stringArgField(stringArg: $a) } ...FragB } fragment FragB on QueryRoot { human(id: $b) { ...FragC } } fragment FragC on Human { name(surname: $c) }`],
["NoUndefinedVariables undefined", `query Foo($a: String, $b: String) { field(a: $a, b: $b, c: $c, d: $d) }
query { field(a: $a) @include(if: $cond) ...FragA }
fragment FragA on QueryRoot { dog { name(surname: $x) } ...FragB ...FragA }
fragment FragB on QueryRoot { cat { name(surname: $y) } dog { isAtLocation(x: [$z], y: {a: $w}) } }
query Bar { ...FragB }`],
// NoUnusedVariables
["NoUnusedVariables unused", `query Foo($a: String, $b: String, $c: String) { ...FragA }
fragment FragA on QueryRoot { dog { name(surname: $a) } }
query ($x: Int, $y: Int @onVariableDefinition) { dog { isAtLocation(x: $x) } }
query Bar($d: Boolean) { dog @include(if: $d) { name } }`],
// KnownDirectives
["KnownDirectives valid", `query Foo($var: Boolean @onVariableDefinition) @onQuery { dog @include(if: true) { name @onField ...F @onFragmentSpread ... @onInlineFragment { name } } }
fragment F on Dog @onFragmentDefinition { name }
mutation @onMutation { adopt }
subscription @onSubscription { newDog { name } }`],
["KnownDirectives unknown", `{ dog @unknown(directive: "value") { name @deprecated } human @onQuery { name } }`],
["KnownDirectives misplaced", `query Foo($var: Boolean @onQuery) @include(if: true) @onField { dog @onQuery { name ...F @onField ... @onFragmentSpread { name } } }
fragment F on Dog @onInlineFragment { name }
mutation @onQuery { adopt }
subscription @onMutation { newDog { name } }`],
// UniqueDirectivesPerLocation
["UniqueDirectivesPerLocation dup", `query @onQuery @onQuery { dog @skip(if: true) @skip(if: false) @include(if: true) @skip(if: true) { name @repeatable @repeatable @unknown @unknown ...F @onFragmentSpread @onFragmentSpread } }
fragment F on Dog @onFragmentDefinition @onFragmentDefinition { name }`],
// KnownArgumentNames
["KnownArgumentNames valid", `{ dog { doesKnowCommand(dogCommand: SIT) isHouseTrained(atOtherHomes: true) @include(if: true) name @withArgs(required: 1, optional: "x") } __type(name: "Dog") { name } }`],
["KnownArgumentNames unknown", `{ dog { doesKnowCommand(dogcommand: SIT) name(surnam: true, unknown: 1) barks @skip(iff: true) @unknown(x: 1) __typename(foo: 1) } human(ID: 1) { name } __type(name: "Dog", nam: "x") { name } }`],
["KnownArgumentNames unknown field", `{ dog { unknown(a: 1) } cow(b: 2) }`],
// UniqueArgumentNames
["UniqueArgumentNames dup", `{ dog { isAtLocation(x: 1, y: 2, x: 3, y: 4, x: 5) name @include(if: true, if: false) } unknown(a: 1, a: 2) }`],
// ProvidedRequiredArguments
["ProvidedRequiredArguments valid", `{ complicatedArgs { multipleReqs(req1: 1, req2: 2) nonNullFieldWithDefault multipleOpts multipleOptAndReq(req1: 1, req2: 2) } dog @include(if: true) { name } }`],
["ProvidedRequiredArguments missing", `{ complicatedArgs { multipleReqs nonNullIntArgField multipleOptAndReq(req2: 1) } dog @include @skip { name @withArgs(optional: "x") } __type { name } human { name @withArgs } }`],
["ProvidedRequiredArguments nested order", `{ complicatedArgs { multipleReqs(req1: 1) } dog @withArgs { mother @skip { name @include } } }`],
// MaxIntrospectionDepth
["MaxIntrospectionDepth ok", `{ __schema { types { fields { type { fields { name } } } } } }`],
["MaxIntrospectionDepth fields", `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`],
["MaxIntrospectionDepth fragments", `{ __schema { types { ...T } } a: __schema { types { ...T } } }
fragment T on __Type { fields { type { ...U } } }
fragment U on __Type { inputFields { type { possibleTypes { name } } } ...T }
query Q { __type(name: "Dog") { ...U interfaces { ...V } } }
fragment V on __Type { ... on __Type { interfaces { name } ...V } }`],
["MaxIntrospectionDepth nested and misplaced", `{ dog { __type(name: "x") { fields { fields { fields { name } } } } } __schema { types { fields { type { __schema { types { fields { type { fields { type { fields { name } } } } } } } } } } } }`],
// type system definitions in a request
["type system definitions", `type Cow @onField @deprecated @key { name(a: Strin @deprecated(reason: "x") @deprecated): Strin @skip(if: true) b: [Cow] c: Dog }
extend type Dog @unknown { x: Int }
scalar Foo @specifiedBy(url: "x") @specifiedBy(url: "y")
directive @d(a: Int @onField, b: Hors) on FIELD
schema @foo { query: Cow }
enum E { A @deprecated B @onField @deprecated(reasn: "r") }
input I { a: Int @deprecated b: In }
union U @deprecated = Cow | Dog
extend union U @deprecated
extend scalar Foo @specifiedBy
{ dog { name } }`],
// more corners
["corners spreads", `{ catOrDog { ... { __typename } ...B ... on Being { name } ... on Canine { mother { name } } } canine { ... on Being { name } ...P } being { ... on Canine { name } ... on Intelligent { iq } } }
fragment B on Being { name }
fragment P on Pet { name }
fragment P on Human { name }`],
["corners variables", `query Q($a: Boolean!, $b: Int, $c: [String], $a: Boolean, $u: Nope) { dog @skip(if: $a) { ...F @include(if: $d) ... @skip(if: $e) { name } isAtLocation(x: $b, y: $b) } complicatedArgs { stringListArgField(stringListArg: ["x", $c, $f]) complexArgField(complexArg: {requiredField: true, stringListField: [$g]}) } }
fragment F on Dog { name(surname: $h) }`],
["corners directives", `query ($v: Int @unknown @onVariableDefinition @onVariableDefinition) { dog @d(b: 1) @d(a: 1) { name @withArgs(required: 1, required: 2, extra: 3) } }
directive @d(a: Int) on FIELD`],
["corners roots", `mutation M { __schema { queryType { name } } __typename renameDog { name } }
subscription S { __typename newDog { name } }
subscription T { ...SF }
fragment SF on SubscriptionRoot { newDog { name } ... on SubscriptionRoot { dogBarks } }`],
["corners unknown everywhere", `query Q($x: Foo) { unknown(a: 1, a: 2) @unknown(b: 1) { ...Nope ... on Bar { baz } } dog { ... on Cat { meows } } }`],
// mixed, unknown-type parents
["mixed everything", `query Q($unused: Int, $dup: Int, $dup: Int) @unknownDir { dog { nam ...Missing ...Cycle } cat { ...DogOnly } }
fragment Cycle on Dog { ...Cycle name { x } }
fragment DogOnly on Dog { barks }
fragment Unused on Pet { name }
query Q { human { pets } }`],
];

const schema = buildSchema(sdl);
const out = [];
for (const [name, doc] of cases) {
    const lines = validate(schema, parse(doc)).map(
        (e) => e.message + " @" + (e.locations || []).map((l) => l.line + ":" + l.column).join(","),
    );
    const c = JSON.stringify;
    out.push("    {" + c(name) + ",\n     " + c(doc) + ",\n     " + c(lines.join("\n")) + "},");
}
console.log(out.join("\n"));
