-- wrk script for ops/bench/api: the first page of /api/transactions/ with a
-- cache-busting parameter that changes on every request (as jQuery's
-- cache: false adds "_=<n>"), so the api worker's page cache never answers
-- and every request goes to PostgreSQL, while the query stays the same.
local counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", "/api/transactions/?limit=25&_=" .. counter)
end
