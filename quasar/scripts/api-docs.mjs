#!/usr/bin/env node
// Builds the API docs page (GET /api/docs/, served by nginx as static files):
// Swagger UI's built files from swagger-ui-dist (this package's dependency)
// and our own page, start-up script and style (api-docs/: no inline script
// or style, for the page's Content-Security-Policy) into one directory.
// Swagger UI's source maps and standalone preset are not copied: the page
// uses neither.
//
// Usage: node scripts/api-docs.mjs [outDir] (default ../static/api-docs)
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = resolve(process.argv[2] || join(here, '..', '..', 'static', 'api-docs'))
const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const files = [
  [dist, 'swagger-ui-bundle.js'],
  [dist, 'swagger-ui.css'],
  [dist, 'favicon-32x32.png'],
  [join(here, '..', 'api-docs'), 'index.html'],
  [join(here, '..', 'api-docs'), 'init.js'],
  [join(here, '..', 'api-docs'), 'api-docs.css'],
]
mkdirSync(outDir, { recursive: true })
for (const [from, name] of files) copyFileSync(join(from, name), join(outDir, name))
console.log(`API docs page: ${files.length} files in ${outDir}`)
