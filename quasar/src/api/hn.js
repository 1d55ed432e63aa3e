import { gql } from '@apollo/client/core'

// The documents of the Hacker News page and the GraphQL login, against
// lib/apps/hn/schema.graphql.

export const LINKS = gql`
  query Links($search: String, $first: Int, $skip: Int) {
    links(search: $search, first: $first, skip: $skip) {
      id
      url
      description
      postedBy {
        id
        email
      }
      votes {
        id
        user {
          id
        }
      }
    }
  }
`

export const CREATE_LINK = gql`
  mutation CreateLink($url: String!, $description: String!) {
    createLink(url: $url, description: $description) {
      id
      url
      description
      postedBy {
        id
        email
      }
    }
  }
`

// The vote's link comes back with its votes, which updates the cached Link
// (and so the list) without a refetch.
export const CREATE_VOTE = gql`
  mutation CreateVote($linkId: Int!) {
    createVote(linkId: $linkId) {
      user {
        id
      }
      link {
        id
        votes {
          id
          user {
            id
          }
        }
      }
    }
  }
`

export const TOKEN_AUTH = gql`
  mutation TokenAuth($email: String!, $password: String!) {
    tokenAuth(email: $email, password: $password) {
      token
      payload
      refreshExpiresIn
    }
  }
`

export const REFRESH_TOKEN = `mutation RefreshToken($token: String) {
  refreshToken(token: $token) { token payload refreshExpiresIn }
}`

// The first GraphQL error's message (what the server said: "Must be logged
// in to vote", "Please enter valid credentials"...), else the fallback.
export function graphqlMessage(error, fallback) {
  const first = error && error.graphQLErrors && error.graphQLErrors[0]
  if (first && typeof first.message === 'string' && first.message) return first.message
  const network = error && error.networkError
  const body = network && network.result
  const fromBody = body && Array.isArray(body.errors) && body.errors[0] && body.errors[0].message
  return typeof fromBody === 'string' && fromBody ? fromBody : fallback
}

// The link id as createVote wants it (Int!); ids are ID strings in results.
export function linkIdArg(id) {
  const n = Number(id)
  return Number.isInteger(n) ? n : null
}
