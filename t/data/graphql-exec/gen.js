const { buildSchema, parse, execute } = require('/tmp/gqlcheck/node_modules/graphql');
const fs = require('fs');
const sdl = fs.readFileSync(process.argv[2], 'utf8');
const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const schema = buildSchema(sdl);
const u1 = { __typename: 'User', id: 'u1', email: 'a@x' };
const u2 = { __typename: 'User', id: 'u2', email: null };
const L = [
  { __typename: 'Link', id: 1, url: 'http://a', description: 'first', postedBy: u1,
    votes: [{ id: 'v1', user: u2 }, { id: 'v2', user: u1 }] },
  { __typename: 'Link', id: 2, url: 'http://b', description: null, postedBy: u2, votes: [] },
  { __typename: 'Link', id: 3, url: null, description: 'broken', postedBy: null,
    votes: [{ id: 'v3', user: u1 }] },
];
let total = 0;
const F = (t) => schema.getType(t).getFields();
const q = F('Query');
q.links.resolve = (_, a) => L.slice(0, a.first == null ? 3 : a.first);
q.node.resolve = (_, a) => (a.id === 'u1' ? u1 : a.id === 'u2' ? u2 : null);
q.search.resolve = () => [L[0], u1];
q.echoInt.resolve = (_, a) => a.x;
q.echoList.resolve = (_, a) => a.xs;
q.echoColor.resolve = (_, a) => a.c;
q.echoFilter.resolve = (_, a) => a.f == null ? null : `${a.f.text === undefined ? 'absent' : a.f.text}/${a.f.limit}`;
q.echoPick.resolve = (_, a) => a.p == null ? null : Object.entries(a.p).map(([k, v]) => `${k}=${v}`).join(',');
q.strictLinks.resolve = () => L;
q.badSearch.resolve = (_, a) => [[{ __typename: 'Nope' }], [{ __typename: 'Vote' }], [{ __typename: 'Color' }]][a.kind];
q.notAList.resolve = () => 5;
q.matrix.resolve = () => [[1, 2], [3, null], null];
q.stringy.resolve = () => [1, 1.5, true, 'x', 1e21];
q.inty.resolve = () => ['12', true, 2.0, ' 7 '];
q.ids.resolve = () => [7, 'x', 1.0];
q.bools.resolve = () => [true, 0, 2.5];
q.generic.resolve = () => ({ a: [1, 'x', null], b: { c: 2.5 } });
q.echoGeneric.resolve = (_, a) => a.g;
F('User').fail.resolve = () => { throw new Error('nope'); };
q.half.resolve = () => 1.5;
q.big.resolve = () => 3000000000;
q.color.resolve = () => 'PURPLE';
q.pi.resolve = () => 3.14;
q.tiny.resolve = () => 1e-7;
q.badInt.resolve = () => { throw new Error('boom'); };
q.nested.resolve = () => ({});
F('Nested').inner.resolve = () => ({});
F('Nested').other.resolve = () => { throw new Error('other failed'); };
F('Inner').must.resolve = () => null;
const m = F('Mutation');
m.add.resolve = (_, a) => (total += a.n);
m.fail.resolve = () => { throw new Error('nope'); };
// Writes one response per line: expected.jsonl.
for (const c of cases) {
  total = 0;
  const r = execute({ schema, document: parse(c.query), variableValues: c.vars || {}, operationName: c.op });
  console.log(JSON.stringify(r));
}
