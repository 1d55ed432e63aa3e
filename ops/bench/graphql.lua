-- wrk script for ops/bench/graphql: POST /graphql/ with the benchmark query.
-- GRAPHQL_BUST=1 in the environment appends a comment that changes on every
-- request ("# 1", "# 2", ...): the same query to the engine, but a new text,
-- so the per-worker result cache never answers (the figure with the cache off).
local query = "{ links(first: 50) { id url description postedBy { id email } votes { id user { id } } } }"
local bust = os.getenv("GRAPHQL_BUST") == "1"
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query": "' .. query .. '"}'
request = function()
    if not bust then
        return wrk.format(nil, "/graphql/")
    end
    counter = counter + 1
    return wrk.format(nil, "/graphql/", nil, '{"query": "' .. query .. ' # ' .. counter .. '"}')
end
