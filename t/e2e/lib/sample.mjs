// The sample statement the browser uploads, read here so that every count
// the tests expect comes from the file itself.
import fs from 'node:fs';

export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}
export const isoDate = (mdy) => {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(mdy);
  return m ? `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}` : null;
};
export const money = (s) => Number(String(s).trim()).toFixed(2);

// Its rows, a date window between the first third and the middle of the
// dates, and a search word (the commonest leading word of the payees).
export function loadSample(file) {
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const head = rows.shift().map((h) => h.trim());
  const col = (name) => head.indexOf(name);
  const tx = rows.map((r) => ({
    date: isoDate(r[col('Posted Date')]),
    payee: r[col('Payee')].trim(),
    address: (r[col('Address')] || '').trim(),
    amount: money(r[col('Amount')]),
  }));
  // A date window between the first third and the middle of the dates.
  const dates = tx.map((t) => t.date).sort();
  const after = dates[Math.floor(dates.length / 3)];
  const before = dates[Math.floor(dates.length / 2)];
  const inWindow = tx.filter((t) => t.date >= after && t.date <= before).length;
  // A search: the commonest leading word of the payees, in lower case.
  const words = {};
  for (const t of tx) {
    const w = (/^[A-Za-z]{4,}/.exec(t.payee) || [])[0];
    if (w) words[w.toLowerCase()] = (words[w.toLowerCase()] || 0) + 1;
  }
  const search = Object.entries(words).sort((a, b) => b[1] - a[1])[0][0];
  const matches = tx.filter((t) => (t.payee + '\u0000' + t.address).toLowerCase().includes(search)).length;
  const key = (t) => `${t.date}|${t.amount}`;
  return { tx, count: tx.length, after, before, inWindow, search, matches, keys: tx.map(key).sort(), key };
}
