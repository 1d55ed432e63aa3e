#!/usr/bin/env node
// Measures the JavaScript the first page loads: the <script type="module">
// entries of static/spa/index.html plus every <link rel="modulepreload">,
// each gzipped with node:zlib. Exits 1 above the limit.
//
// Usage: node scripts/first-page-size.mjs [distDir] (default ../static/spa)
import { readFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const LIMIT_KB = 250
const here = dirname(fileURLToPath(import.meta.url))
const distDir = resolve(process.argv[2] || join(here, '..', '..', 'static', 'spa'))
const indexPath = join(distDir, 'index.html')

if (!existsSync(indexPath)) {
  console.error(`${indexPath} not found: run "npm run build" first`)
  process.exit(2)
}

const html = readFileSync(indexPath, 'utf8')

function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))
  return m ? (m[2] ?? m[3] ?? m[4]) : null
}

const files = new Set()
for (const tag of html.match(/<script\b[^>]*>/gi) || []) {
  if ((attr(tag, 'type') || '').toLowerCase() === 'module' && attr(tag, 'src')) {
    files.add(attr(tag, 'src'))
  }
}
for (const tag of html.match(/<link\b[^>]*>/gi) || []) {
  if ((attr(tag, 'rel') || '').toLowerCase() === 'modulepreload' && attr(tag, 'href')) {
    files.add(attr(tag, 'href'))
  }
}

if (files.size === 0) {
  console.error('no <script type="module"> found in index.html')
  process.exit(2)
}

let total = 0
for (const src of files) {
  const path = join(distDir, new URL(src, 'http://localhost/').pathname)
  const gz = gzipSync(readFileSync(path), { level: 9 }).length
  total += gz
  console.log(`  ${src}: ${(gz / 1024).toFixed(1)} KB gzipped`)
}

const kb = Math.ceil(total / 1024)
console.log(`first page JS: ${kb} KB gzipped (limit ${LIMIT_KB} KB)`)
process.exit(total > LIMIT_KB * 1024 ? 1 : 0)
