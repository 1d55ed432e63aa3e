import { api } from './http.js'

// POST /api/statements/: multipart, part `form` = JSON {"month": "YYYY-MM-01"},
// part `file` = the CSV. onProgress receives 0..1.
export async function uploadStatement(month, file, onProgress) {
  const body = new FormData()
  body.append('form', JSON.stringify({ month }))
  body.append('file', file, file.name)
  const { data } = await api.post('/api/statements/', body, {
    onUploadProgress: (e) => {
      if (onProgress && e.total) onProgress(Math.min(1, e.loaded / e.total))
    },
  })
  return data
}

export async function listStatements({ limit = 10, offset = 0 } = {}) {
  const { data } = await api.get('/api/statements/', { params: { limit, offset } })
  return data
}

// Filters with empty values are left out of the query string.
export async function listTransactions({
  limit,
  offset,
  dateAfter,
  dateBefore,
  search,
  sourceFile,
}) {
  const params = { limit, offset }
  if (dateAfter) params.date_after = dateAfter
  if (dateBefore) params.date_before = dateBefore
  if (search) params.search = search
  if (sourceFile) params.source_file = sourceFile
  const { data } = await api.get('/api/transactions/', { params })
  return data
}

export async function spendOverTime(interval) {
  const { data } = await api.get('/api/transactions/spend/', { params: { interval } })
  return Array.isArray(data) ? data : []
}

// The export needs the Bearer header, so it is fetched as a blob and saved
// through a temporary <a download> object URL.
export async function downloadTransactionsCsv(filename = 'transactions.csv') {
  const { data } = await api.get('/api/transactions/export.csv', { responseType: 'blob' })
  const blob = data instanceof Blob ? data : new Blob([data], { type: 'text/csv' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  document.body.removeChild(a)
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
