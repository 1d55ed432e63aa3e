// GraphiQL for /graphql/ (served by cgi-bin/graphql on GET with Accept:
// text/html when DEBUG is on). Plain createElement, no JSX: nothing to
// configure in the build. The page has no inline script; its assets are
// under /static/graphiql/assets/.
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { GraphiQL } from 'graphiql'
import 'graphiql/style.css'
import './page.css'
import { fetcher, initialHeaders } from './fetcher.js'

const DEFAULT_QUERY = `# The Hacker News clone: newest links first.
{
  links(first: 10) {
    id
    url
    description
    postedBy { id email }
    votes { id user { id } }
  }
}
`

const root = createRoot(document.getElementById('graphiql'))
root.render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    initialHeaders: initialHeaders(),
    shouldPersistHeaders: false,
  }),
)
