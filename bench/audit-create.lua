-- wrk script for bench/audit.sh: POST one new record per request, ids unique across threads and rounds.
-- The table's records path comes in as the first argument, the first id of this run as the second.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("offset", #threads * 10000000)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  base = tonumber(args[2])
end

function request()
  counter = counter + 1
  local id = base + offset + counter
  local body = string.format('{"id": %d, "sku": "SKU-%d", "qty": %d, "price": %d.25, "note": "bench"}',
    id, id, id % 100, id % 1000)
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["X-Tenant"] = "bench"}, body)
end
